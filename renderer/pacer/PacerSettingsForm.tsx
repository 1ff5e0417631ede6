// Pacer settings: breaths per minute (3–12), inhale:exhale ratio, optional holds and the let-go phase; invalid combinations are refused.
import { useEffect, useState } from 'react';
import { PACER_RANGES, validatePacerSettings, type PacerSettings } from '../../training/pacer.ts';
import { useT } from '../i18n/use-t.ts';
import { useFeedback } from '../state/feedback-store.ts';

export function PacerSettingsForm() {
  const t = useT();
  const pacer = useFeedback((s) => s.pacer);
  const setPacer = useFeedback((s) => s.setPacer);
  const [draft, setDraft] = useState<PacerSettings>(pacer);
  // The fields show what is in force: a profile's saved default (arriving after the first paint) or a protocol's change.
  useEffect(() => { setDraft(pacer); }, [pacer]);
  const valid = validatePacerSettings(draft).ok;
  const update = (patch: Partial<PacerSettings>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (validatePacerSettings(next).ok) setPacer(next);
  };
  const R = PACER_RANGES;
  return (
    <fieldset className="settings-group" data-testid="pacer-settings">
      <legend>{t('pacer.title')}</legend>
      <label>{t('pacer.rate')} <input type="number" min={R.breathsPerMin.min} max={R.breathsPerMin.max} step={0.5} value={draft.breathsPerMin}
        data-testid="pacer-rate" onChange={(e) => update({ breathsPerMin: Number(e.target.value) })} /></label>
      <label>{t('pacer.ratio')} <input type="number" min={R.ratio.min} max={R.ratio.max} step={0.5} value={draft.ratio[0]}
        onChange={(e) => update({ ratio: [Number(e.target.value), draft.ratio[1]] })} /> : <input type="number" min={R.ratio.min} max={R.ratio.max} step={0.5}
        value={draft.ratio[1]} onChange={(e) => update({ ratio: [draft.ratio[0], Number(e.target.value)] })} /></label>
      <label>{t('pacer.holdIn')} <input type="number" min={R.holdS.min} max={R.holdS.max} step={0.5} value={draft.holdAfterInhaleS}
        onChange={(e) => update({ holdAfterInhaleS: Number(e.target.value) })} /></label>
      <label>{t('pacer.holdOut')} <input type="number" min={R.holdS.min} max={R.holdS.max} step={0.5} value={draft.holdAfterExhaleS}
        onChange={(e) => update({ holdAfterExhaleS: Number(e.target.value) })} /></label>
      <label>{t('pacer.letGoPhase')} <select value={draft.letGoPhase} onChange={(e) => update({ letGoPhase: e.target.value as PacerSettings['letGoPhase'] })}>
        <option value="exhale">{t('pacer.letGo.exhale')}</option>
        <option value="inhale">{t('pacer.letGo.inhale')}</option>
      </select></label>
      {!valid && <p className="error" role="alert">{t('pacer.invalid')}</p>}
    </fieldset>
  );
}
