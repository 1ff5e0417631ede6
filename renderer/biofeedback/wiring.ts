// Connects the low-rate stores to the live side: processing settings to the intake, targets/pacer/audio to the engine.
import { setProcessing } from '../live/live-data.ts';
import { feedbackAudio } from '../audio/feedback-audio.ts';
import { useFeedback, type FeedbackState, type SignalKind } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';
import { engine } from './engine.ts';
import { sessionEvents } from '../exercises/session-events.ts';
import { resolvePressureTargets, resolveTargets, type TargetBasis } from './targets.ts';

/** Signal kind of the primary channel (the first one), EMG when unknown. */
export function primaryKind(): SignalKind {
  return signalKindOf(useUi.getState().status?.header?.channels[0]?.kind);
}

/** The targets and calibration a channel kind uses (its own for an envelope and for pressure; EMG otherwise). */
export function signalKindOf(kind: string | undefined): SignalKind {
  return kind === 'pressure' || kind === 'envelope' ? kind : 'emg';
}

/** Unit of the primary channel's processed stream. */
export function primaryUnit(s: FeedbackState = useFeedback.getState()): string {
  return primaryKind() === 'pressure' ? s.processing.pressure.outputUnit : 'uV';
}

/** Calibration basis for the primary channel, when its unit matches the processed unit. */
export function calibrationBasis(s: FeedbackState = useFeedback.getState()): TargetBasis | null {
  const cal = s.profile[primaryKind()];
  if (!cal?.rest || cal.unit !== primaryUnit(s)) return null;
  return { restMean: cal.rest.mean, mvc: cal.mvc ? cal.mvc.mvc : null };
}

function apply(s: FeedbackState): void {
  const kind = primaryKind();
  const basis = calibrationBasis(s);
  engine.setTargets(kind === 'pressure' ? resolvePressureTargets(s.targets.pressure, basis, engine.measuredRest) : resolveTargets(s.targets[kind], basis));
  engine.calibratedRest = basis ? basis.restMean : NaN;
  engine.setManualTarget(s.manualTarget);
  feedbackAudio.mode = s.audio.mode;
  feedbackAudio.volume01 = s.audio.volume01;
  feedbackAudio.cuesOn = s.audio.cues;
}

/** Wires everything once at start-up. Returns the function that undoes it. */
export function connectFeedback(): () => void {
  const s0 = useFeedback.getState();
  engine.setPacerSettings(s0.pacer);
  engine.setManualPacer(s0.pacerManual);
  apply(s0);
  engine.onRestMeasured = () => { if (primaryKind() === 'pressure') apply(useFeedback.getState()); };
  engine.onRunnerChange = (v, protocolId) => useFeedback.getState().setProtocol({ protocolId, status: v.status, phaseIndex: v.phaseIndex });
  const offF = useFeedback.subscribe((s, prev) => {
    if (s.processing !== prev.processing) {
      setProcessing(s.processing);
      // Figures in different units must not be mixed.
      if (s.processing.pressure.outputUnit !== prev.processing.pressure.outputUnit) { engine.resetMetrics(); engine.remeasureRest(); }
    }
    if (s.pacer !== prev.pacer) engine.setPacerSettings(s.pacer);
    if (s.pacerManual !== prev.pacerManual) engine.setManualPacer(s.pacerManual);
    if (s.audio.enabled !== prev.audio.enabled) void (s.audio.enabled ? feedbackAudio.enable() : feedbackAudio.disable());
    apply(s);
  });
  const offU = useUi.subscribe((s, prev) => { if (s.status?.header !== prev.status?.header) apply(useFeedback.getState()); });
  (globalThis as { __loslatenFeedback?: unknown }).__loslatenFeedback = { engine, audio: feedbackAudio.debug, events: sessionEvents }; // read by tests and the bench
  return () => { offF(); offU(); };
}
