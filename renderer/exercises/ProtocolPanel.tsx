// The exercise panel: choose a built-in or imported protocol; start/pause/skip/stop; current step, instruction, countdown, next.
import { useEffect, useMemo, useRef, useState } from 'react';
import { builtInProtocols, protocolDurationS, type Protocol } from '../../training/protocols.ts';
import { isContractionProtocol, useContractionAllowed, useDefaultProtocolId, useSettings } from '../state/settings-store.ts';
import type { RunnerView } from '../../training/runner.ts';
import { engine } from '../biofeedback/engine.ts';
import { useFrameView } from '../biofeedback/use-frame-view.ts';
import { translate } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';
import { clockText } from './clock-text.ts';
import { formatNumber } from '../../api/i18n.ts';
import { addProtocol, removeProtocol } from './custom-exercises.ts';
import { startExercise } from './exercise-recording.ts';

const BUILT_IN = builtInProtocols();
const BUILT_IN_IDS = new Set(BUILT_IN.map((p) => p.id));

export function ProtocolPanel() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const hasStream = useUi((s) => s.status?.header != null && s.status.state === 'streaming');
  const ui = useFeedback((s) => s.protocol);
  const userProtocols = useSettings((s) => s.profile.customProtocols) as readonly Protocol[];
  const saveProfile = useSettings((s) => s.saveProfile);
  const all = useMemo(() => [...BUILT_IN, ...userProtocols], [userProtocols]);
  const [selected, setSelected] = useState(BUILT_IN[0]!.id);
  // The profile's default exercise is preselected when the profile (a patient) or its default changes.
  const profileId = useSettings((s) => s.profileId);
  const defaultProtocolId = useDefaultProtocolId();
  const activeRef = useRef(false);
  useEffect(() => {
    if (defaultProtocolId && !activeRef.current && all.some((p) => p.id === defaultProtocolId)) setSelected(defaultProtocolId);
  }, [profileId, defaultProtocolId]); // eslint-disable-line react-hooks/exhaustive-deps
  const contractionOk = useContractionAllowed();
  const [message, setMessage] = useState<{ text: string; issues?: string[]; error: boolean } | null>(null);
  const countdown = useRef<HTMLSpanElement>(null);
  const total = useRef<HTMLSpanElement>(null);
  const langRef = useRef(lang);
  langRef.current = lang;
  const active = ui.status === 'running' || ui.status === 'paused';
  activeRef.current = active;
  const protocol = active || ui.status === 'finished' || ui.status === 'stopped' ? engine.protocol() : null;
  const view: RunnerView | null = active ? engine.runnerView() : null;
  const phase = view?.phase ?? null;

  useFrameView(() => ({
    slow() {
      const v = engine.runnerView();
      if (!v || !countdown.current || !total.current) return;
      countdown.current.textContent = clockText(v.remainingS);
      countdown.current.dataset.value = String(v.remainingS);
      total.current.textContent = translate(langRef.current, 'proto.left', { t: clockText(v.totalRemainingS) });
    },
  }), []);

  async function onFile(file: File | undefined) {
    if (!file) return;
    const r0 = addProtocol(userProtocols, await file.text(), BUILT_IN_IDS);
    const r = r0.ok && !(await saveProfile({ customProtocols: r0.list })) ? { ok: false as const, error: { kind: 'write-failed' as const } } : r0;
    if (r.ok) {
      setSelected(r.value.id);
      setMessage({ text: t('proto.imported', { name: r.value.name[lang] }), error: false });
      return;
    }
    const e = r.error;
    switch (e.kind) {
      case 'not-json': setMessage({ text: t('proto.error.not-json', { detail: e.detail }), error: true }); break;
      case 'too-large': setMessage({ text: t('proto.error.too-large', { chars: e.chars }), error: true }); break;
      case 'invalid-protocol': setMessage({ text: t('proto.error.invalid-protocol'), issues: e.issues.map((i) => `${i.where}: ${i.message}`), error: true }); break;
      case 'reserved-id': setMessage({ text: t('proto.error.reserved-id', { id: e.id }), error: true }); break;
      case 'write-failed': setMessage({ text: t('proto.error.write-failed'), error: true }); break;
    }
  }

  const chosen = all.find((p) => p.id === selected) ?? all[0]!;
  // Squeezing exercises are not advised for an overactive pelvic floor unless a therapist enabled them for this profile.
  const unsuitable = (p: Protocol) => !contractionOk && isContractionProtocol(p);
  const isUser = !BUILT_IN_IDS.has(chosen.id);
  return (
    <section className="protocol" data-testid="protocol-panel" data-status={ui.status} aria-label={t('proto.title')}>
      <div className="protocol-controls">
        <label>{t('proto.choose')}{' '}
          <select data-testid="protocol-select" value={chosen.id} disabled={active} onChange={(e) => setSelected(e.target.value)}>
            {all.map((p) => <option key={p.id} value={p.id}>{p.name[lang]} — {t('proto.length', { min: formatNumber(lang, protocolDurationS(p) / 60, 1) })}{unsuitable(p) ? ` — ${t('proto.unsuitableShort')}` : ''}</option>)}
          </select>
        </label>
        {unsuitable(chosen) && <p className="proto-warning" role="note" data-testid="protocol-unsuitable">⚠ {t('proto.unsuitable')}</p>}
        {!active && <button type="button" className="primary" data-testid="protocol-start" disabled={!hasStream}
          onClick={() => { setMessage(null); void startExercise(chosen); }}>{t('proto.start')}</button>}
        {active && <>
          <button type="button" data-testid="protocol-pause" onClick={() => engine.pauseProtocol()}>{ui.status === 'paused' ? t('proto.resume') : t('proto.pause')}</button>
          <button type="button" data-testid="protocol-skip" onClick={() => engine.skipPhase()}>{t('proto.skip')}</button>
          <button type="button" data-testid="protocol-stop" onClick={() => engine.stopProtocol()}>{t('proto.stop')}</button>
        </>}
        {!active && <label className="file-button">{t('proto.import')}
          <input type="file" accept="application/json,.json" data-testid="protocol-import" onChange={(e) => { void onFile(e.target.files?.[0]); e.target.value = ''; }} />
        </label>}
        {!active && isUser && <button type="button" onClick={() => { void saveProfile({ customProtocols: removeProtocol(userProtocols, chosen.id) }); setSelected(BUILT_IN[0]!.id); }}>{t('proto.remove')}</button>}
      </div>
      {message && <div className={message.error ? 'error' : 'note'} role={message.error ? 'alert' : 'status'} data-testid="protocol-message">
        {message.text}{message.issues && <ul>{message.issues.map((i) => <li key={i}>{i}</li>)}</ul>}
      </div>}
      {active && protocol && phase && view ? (
        <div className="phase" data-testid="phase" data-phase-id={phase.id} data-phase-index={view.phaseIndex}>
          <p className="phase-step">{t('proto.phase', { n: view.phaseIndex + 1, total: protocol.phases.length })}{ui.status === 'paused' ? ` · ${t('proto.paused')}` : ''}</p>
          <h2 className="phase-name" data-testid="phase-name">{phase.name[lang]}</h2>
          <p className="phase-countdown"><span ref={countdown} data-testid="phase-countdown" data-value={view.remainingS}>{clockText(view.remainingS)}</span></p>
          <p className="phase-instruction" data-testid="phase-instruction">{phase.instruction[lang]}</p>
          <p className="phase-next" data-testid="phase-next">{view.next ? t('proto.next', { name: view.next.name[lang], s: view.next.durationS }) : t('proto.last')}
            {' · '}<span ref={total}>{t('proto.left', { t: clockText(view.totalRemainingS) })}</span></p>
        </div>
      ) : (
        <p className="phase-idle" data-testid="phase-idle">
          {ui.status === 'finished' ? t('proto.finished') : ui.status === 'stopped' ? t('proto.stopped') : hasStream ? t('proto.idle') : t('proto.needStream')}
        </p>
      )}
    </section>
  );
}
