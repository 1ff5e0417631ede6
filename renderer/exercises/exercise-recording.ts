// Recording what really runs: an exercise records itself from its first phase to its end or Stop (as the two-minute
// relaxation does); a recording is named after the exercise that ran, or "Free recording".
import type { Result } from '../../api/contract.ts';
import type { Protocol } from '../../training/protocols.ts';
import { getApi } from '../api/index.ts';
import { engine } from '../biofeedback/engine.ts';
import { translate } from '../i18n/translate.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { useSettings } from '../state/settings-store.ts';
import { useUi } from '../state/ui-store.ts';

/** What a recording is named after: an exercise (id and its name in the app's language) or nothing (free). */
export interface RecordedExercise {
  readonly id: string; readonly name: { readonly nl: string; readonly en: string };
  /** Its phases: their kinds go with the recording, so the analysis knows rests from recoveries and contractions. */
  readonly phases?: readonly { readonly id: string; readonly kind: Protocol['phases'][number]['kind']; readonly target: Protocol['phases'][number]['target'] }[];
}

/** Starts recording the live stream into the current profile, named after `exercise` (null: a free recording). */
export async function startSessionRecording(exercise: RecordedExercise | null): Promise<Result<{ sessionId: string }>> {
  const fb = useFeedback.getState();
  const lang = useUi.getState().lang;
  const title = exercise ? exercise.name[lang] : translate(lang, 'rec.free');
  return getApi().startRecording({
    profileId: useSettings.getState().profileId,
    title,
    ...(exercise ? { protocol: { id: exercise.id, name: exercise.name[lang], ...(exercise.phases ? { phases: exercise.phases.map(({ id, kind, target }) => ({ id, kind, target })) } : {}) } } : {}),
    targets: fb.targets, calibration: fb.profile, dsp: fb.processing,
  });
}

/** The exercise running now (a recording started by hand during it is named after it), or null. */
export function runningExercise(): Protocol | null {
  const st = useFeedback.getState().protocol.status;
  return st === 'running' || st === 'paused' ? engine.protocol() : null;
}

/** The session this module started for the running exercise (stopped when the exercise ends), or null. */
let ownSessionId: string | null = null;

/** The exercise's own recording, known to the core before the next status report says so (null: none). */
export function exerciseSessionId(): string | null { return ownSessionId; }

/** Starts an exercise; when a sensor streams and nothing records yet, its recording starts with its first phase. */
export async function startExercise(p: Protocol): Promise<boolean> {
  const st = useUi.getState().status;
  const streaming = st?.state === 'streaming' || st?.state === 'stalled';
  if (streaming && st.recording?.state !== 'recording') {
    const r = await startSessionRecording(p);
    if (r.ok) ownSessionId = r.value.sessionId;
    else useUi.getState().setError(r.error);
  }
  const started = engine.startProtocol(p);
  if (!started && ownSessionId) { ownSessionId = null; await getApi().stopRecording(); }
  return started;
}

/** Stops the recording an exercise started once that exercise finishes or is stopped. Returns the disconnect. */
export function recordExercises(): () => void {
  return useFeedback.subscribe((s, prev) => {
    if (s.protocol.status === prev.protocol.status) return;
    if (s.protocol.status !== 'finished' && s.protocol.status !== 'stopped') return;
    const own = ownSessionId;
    ownSessionId = null;
    const rec = useUi.getState().status?.recording;
    if (own && rec?.state === 'recording' && rec.sessionId === own) void getApi().stopRecording().then((r) => { if (!r.ok) useUi.getState().setError(r.error); });
  });
}
