// Pacer settings: breaths per minute (3–12), inhale:exhale ratio, optional holds and the let-go phase; invalid combinations are refused.
import { useEffect, useState } from 'react';
import { PACER_RANGES, validatePacerSettings, type PacerSettings } from '../../training/pacer.ts';
import { useT } from '../i18n/use-t.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { NumberField } from '../settings/NumberField.tsx';

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
      <NumberField label={t('pacer.rate')} unit={t('pacer.perMin')} min={R.breathsPerMin.min} max={R.breathsPerMin.max} value={draft.breathsPerMin}
        testId="pacer-rate" onValid={(v) => update({ breathsPerMin: v })} />
      <NumberField label={t('pacer.ratio')} unit="" min={R.ratio.min} max={R.ratio.max} value={draft.ratio[0]} testId="pacer-ratio-in"
        onValid={(v) => update({ ratio: [v, draft.ratio[1]] })} />
      <NumberField label=":" unit="" min={R.ratio.min} max={R.ratio.max} value={draft.ratio[1]} testId="pacer-ratio-out"
        onValid={(v) => update({ ratio: [draft.ratio[0], v] })} />
      <NumberField label={t('pacer.holdIn')} unit="s" min={R.holdS.min} max={R.holdS.max} value={draft.holdAfterInhaleS} testId="pacer-hold-in"
        onValid={(v) => update({ holdAfterInhaleS: v })} />
      <NumberField label={t('pacer.holdOut')} unit="s" min={R.holdS.min} max={R.holdS.max} value={draft.holdAfterExhaleS} testId="pacer-hold-out"
        onValid={(v) => update({ holdAfterExhaleS: v })} />
      <label>{t('pacer.letGoPhase')} <select value={draft.letGoPhase} onChange={(e) => update({ letGoPhase: e.target.value as PacerSettings['letGoPhase'] })}>
        <option value="exhale">{t('pacer.letGo.exhale')}</option>
        <option value="inhale">{t('pacer.letGo.inhale')}</option>
      </select></label>
      {!valid && <p className="error" role="alert">{t('pacer.invalid')}</p>}
    </fieldset>
  );
}
