// The 2-minute relaxation: breathing guide on, recorded for the progress card when a sensor streams, stops by itself.
import { create } from 'zustand';
import { getApi } from '../api/index.ts';
import { startSessionRecording } from '../exercises/exercise-recording.ts';
import { useFeedback } from './feedback-store.ts';
import { useUi } from './ui-store.ts';

/** Length of the first relaxation, s. */
export const RELAX_S = 120;
/** What the relaxation's recordings are named after. */
export const RELAX_EXERCISE = { id: 'relax-2min', name: { en: 'Two minutes of letting go', nl: 'Twee minuten loslaten' } } as const;

interface RelaxState {
  /** Wall-clock end in ms, null when not running. */
  endsAt: number | null;
  finished: boolean;
  recording: boolean;
  start(): Promise<void>;
  stop(finished?: boolean): Promise<void>;
}

let timer: ReturnType<typeof setTimeout> | null = null;

export const useRelax = create<RelaxState>((set, get) => ({
  endsAt: null,
  finished: false,
  recording: false,
  async start() {
    if (get().endsAt !== null) return;
    useFeedback.getState().setPacerManual(true);
    set({ endsAt: Date.now() + RELAX_S * 1000, finished: false, recording: false });
    timer = setTimeout(() => { void get().stop(true); }, RELAX_S * 1000);
    const st = useUi.getState().status;
    if ((st?.state === 'streaming' || st?.state === 'stalled') && st.recording?.state !== 'recording') {
      const r = await startSessionRecording(RELAX_EXERCISE);
      set({ recording: r.ok });
    }
  },
  async stop(finished = false) {
    if (timer) { clearTimeout(timer); timer = null; }
    if (get().endsAt === null) return;
    useFeedback.getState().setPacerManual(false);
    const wasRecording = get().recording;
    set({ endsAt: null, finished, recording: false });
    if (wasRecording) await getApi().stopRecording();
  },
}));
