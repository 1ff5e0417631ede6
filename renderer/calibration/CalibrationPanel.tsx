// Calibration and targets of the current profile: guided rest baseline and MVC, pressure zero, proposed targets, target editor.
import { useEffect, useRef, useState } from 'react';
import { getApi } from '../api/index.ts';
import { engine } from '../biofeedback/engine.ts';
import { proposePressureTargets, proposeTargets, targetProblem, type TargetConfig } from '../biofeedback/targets.ts';
import { useFrameView } from '../biofeedback/use-frame-view.ts';
import { calibrationBasis, primaryKind, primaryUnit, signalKindOf } from '../biofeedback/wiring.ts';
import { translate, unitLabel } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { tareProcessed } from '../live/live-data.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';
import { useProfileName } from '../settings/use-profile-name.ts';
import { formatNumber } from '../../api/i18n.ts';
import { NumberField } from '../settings/NumberField.tsx';
import { TARGET_LIMITS } from '../../api/profile-data.ts';
import { REST_S, type CalibrationView } from './calibration-run.ts';

/** Zero pressure: the device's ZERO, then the host-side tare once the device has applied it. */
async function zeroPressure(): Promise<void> {
  const r = await getApi().zero();
  if (!r.ok) useUi.getState().setError(r.error);
  setTimeout(() => { tareProcessed(); engine.remeasureRest(); }, 300);
}

function TargetEditor({ unitText, hasCal }: { unitText: string; hasCal: boolean }) {
  const t = useT();
  const kind = useUi((s) => signalKindOf(s.status?.header?.channels[0]?.kind));
  const cfg = useFeedback((s) => s.targets[kind]);
  const setTargets = useFeedback((s) => s.setTargets);
  const restText = useRef<HTMLSpanElement>(null);
  const lang = useUi((s) => s.lang);
  useFrameView(() => ({
    slow() {
      const el = restText.current;
      if (!el) return;
      const r = engine.measuredRest;
      const text = Number.isFinite(r) ? translate(lang, 'targets.restNow', { rest: formatNumber(lang, r, 1), unit: unitText }) : translate(lang, 'targets.restMeasuring');
      if (el.textContent !== text) el.textContent = text;
    },
  }), [lang, unitText]);
  const [draft, setDraft] = useState<TargetConfig>(cfg);
  useEffect(() => setDraft(cfg), [cfg]);
  const problem = targetProblem(draft);
  const update = (patch: Partial<TargetConfig>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (!targetProblem(next)) setTargets(kind, next);
  };
  const max = kind === 'pressure' ? TARGET_LIMITS.maxPressure : kind === 'envelope' ? TARGET_LIMITS.maxEnvelope : TARGET_LIMITS.maxValue;
  const num = (field: keyof TargetConfig, label: string, unit: string, percent = false) => (
    <NumberField label={label} unit={unit} testId={`target-${field}`} value={draft[field] as number}
      min={percent ? TARGET_LIMITS.minPercent : 0.1} max={percent ? TARGET_LIMITS.maxPercent : max}
      onValid={(v) => update({ [field]: v } as Partial<TargetConfig>)} />
  );
  return (
    <div className="target-editor">
      <div role="radiogroup" aria-label={t('targets.mode')}>
        <span>{t('targets.mode')}:</span>
        <label><input type="radio" name="target-mode" checked={draft.mode === 'absolute'} onChange={() => update({ mode: 'absolute' })} /> {t('targets.absolute')}</label>
        <label><input type="radio" name="target-mode" checked={draft.mode === 'relative'} onChange={() => update({ mode: 'relative' })} /> {t('targets.relative')}</label>
      </div>
      {draft.mode === 'absolute' && kind === 'pressure' && <p className="note" data-testid="pressure-rest">
        {t('targets.aboveRest')} <span ref={restText} data-testid="pressure-rest-level" /></p>}
      {draft.mode === 'absolute' ? <>
        {num('relaxUpper', t(kind === 'pressure' ? 'targets.relaxAbove' : 'targets.relaxUpper', { unit: unitText }), unitText)}
        {num('contractLo', t(kind === 'pressure' ? 'targets.contractLoAbove' : 'targets.contractLo', { unit: unitText }), unitText)}
        {num('contractHi', t('targets.contractHi', { unit: unitText }), unitText)}
      </> : <>
        {num('relaxPercentOfRest', t('targets.relaxPct'), '%', true)}
        {num('contractLoPercentMvc', t('targets.contractLoPct'), '%', true)}
        {num('contractHiPercentMvc', t('targets.contractHiPct'), '%', true)}
        {!hasCal && <p className="note">{t('targets.needCal')}</p>}
      </>}
      {problem && <p className="error" role="alert">{t('targets.invalid')}</p>}
    </div>
  );
}

export function CalibrationPanel() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const header = useUi((s) => s.status?.header);
  const streaming = useUi((s) => s.status?.state === 'streaming');
  const profile = useFeedback((s) => s.profile);
  const profileName = useProfileName();
  useFeedback((s) => s.targets); // re-render when targets change (calibrationBasis reads the store)
  const kind = useUi((s) => signalKindOf(s.status?.header?.channels[0]?.kind));
  const unit = useFeedback((s) => (kind === 'pressure' ? s.processing.pressure.outputUnit : 'uV'));
  const unitText = unitLabel(lang, unit);
  const basis = calibrationBasis(); // re-read on every render; the whole feedback store is subscribed above
  const cfg = useFeedback((s) => s.targets[kind]);
  const setTargets = useFeedback((s) => s.setTargets);
  const [restS, setRestS] = useState<number>(REST_S.default);
  const [running, setRunning] = useState(false);
  const stepText = useRef<HTMLParagraphElement>(null);
  const langRef = useRef(lang);
  langRef.current = lang;

  useEffect(() => {
    engine.onCalibrationDone = (v: CalibrationView | null) => {
      setRunning(false);
      const r = v?.result;
      if (!r) return;
      const at = new Date().toISOString();
      const s = useFeedback.getState();
      const k = primaryKind();
      const prev = s.profile[k];
      const u = primaryUnit(s);
      const base = prev && prev.unit === u ? prev : { unit: u };
      if (r.kind === 'rest') s.saveCalibration(k, { ...base, rest: { ...r.rest, cvPercent: Number.isFinite(r.rest.cvPercent) ? r.rest.cvPercent : null, at } });
      else s.saveCalibration(k, { ...base, mvc: { ...r.mvc, peaks: [...r.mvc.peaks], at } });
    };
    return () => { engine.onCalibrationDone = () => {}; };
  }, []);

  useFrameView(() => ({
    slow() {
      const v = engine.calibrationView();
      const el = stepText.current;
      if (!el) return;
      if (!v || !v.step) { if (el.textContent) el.textContent = ''; return; }
      const s = Math.ceil(v.remainingS);
      const l = langRef.current;
      el.dataset.step = v.step.kind;
      el.textContent = v.step.kind === 'rest' ? translate(l, 'cal.restStep', { s })
        : v.step.kind === 'squeeze' ? translate(l, 'cal.squeezeStep', { n: v.step.trial, s }) : translate(l, 'cal.pauseStep', { s });
    },
  }), []);

  const cal = profile[kind]?.unit === unit ? profile[kind] : undefined;
  const proposal = basis ? (kind === 'pressure' ? proposePressureTargets(cfg, basis) : proposeTargets(cfg, basis)) : null;
  const start = (k: 'rest' | 'mvc') => { if (engine.startCalibration(k, restS)) setRunning(true); };
  return (
    <section className="calibration" data-testid="calibration" aria-label={t('cal.title')}>
      <p className="note" data-testid="cal-profile">{t('cal.forProfile', { name: profileName })}</p>
      <div className="row">
        <NumberField label={t('cal.restSeconds')} unit="s" integer min={REST_S.min} max={REST_S.max} value={restS} onValid={setRestS} testId="cal-rest-seconds" />
        <button type="button" data-testid="cal-rest" disabled={!streaming || running} onClick={() => start('rest')}>{t('cal.rest')}</button>
        <button type="button" data-testid="cal-mvc" disabled={!streaming || running} onClick={() => start('mvc')}>{t('cal.mvc')}</button>
        {running && <button type="button" data-testid="cal-cancel" onClick={() => engine.cancelCalibration()}>{t('cal.cancel')}</button>}
        {header?.channels.some((c) => c.kind === 'pressure') && <button type="button" data-testid="cal-zero" disabled={!streaming} onClick={() => void zeroPressure()}>{t('cal.zero')}</button>}
      </div>
      <p className="cal-step" ref={stepText} data-testid="cal-step" role="status" aria-live="polite" />
      <div className="cal-results" data-testid="cal-results">
        {!cal?.rest && !cal?.mvc && <p>{t('cal.none')}</p>}
        {cal?.rest && <p>{t('cal.restResult', { mean: formatNumber(lang, cal.rest.mean, 1), unit: unitText, cv: cal.rest.cvPercent === null ? '—' : formatNumber(lang, cal.rest.cvPercent, 0) })}</p>}
        {cal?.mvc && <p>{t('cal.mvcResult', { mvc: formatNumber(lang, cal.mvc.mvc, 1), unit: unitText })}</p>}
        {proposal && <p>{t('cal.proposal', { relax: proposal.relaxUpper, lo: proposal.contractLo, hi: proposal.contractHi, unit: unitText })}{' '}
          <button type="button" data-testid="cal-propose" onClick={() => setTargets(kind, { ...proposal, mode: 'absolute' })}>{t('cal.propose')}</button></p>}
      </div>
      <TargetEditor unitText={unitText} hasCal={basis !== null} />
    </section>
  );
}
