// Session events (protocol phases, pacer, calibration) on the sample clock, for the recorder to store later.
import type { RunnerEvent } from '../../training/runner.ts';

/** One event with the protocol it belongs to. `sampleIndex`/`tSeconds` are on the stream's sample clock. */
export type SessionEvent =
  | (RunnerEvent & { readonly source: 'protocol'; readonly protocolId: string })
  | { readonly source: 'pacer'; readonly type: 'pacer-start' | 'pacer-stop'; readonly sampleIndex: number; readonly tSeconds: number }
  | { readonly source: 'calibration'; readonly type: 'rest-start' | 'rest-done' | 'mvc-start' | 'mvc-done' | 'cancelled'; readonly sampleIndex: number; readonly tSeconds: number };

type Listener = (e: SessionEvent) => void;

/** A small emitter that also keeps the events of the current stream (bounded). */
export class SessionEvents {
  private readonly listeners = new Set<Listener>();
  private readonly log: SessionEvent[] = [];
  constructor(readonly maxKept = 5000) {}

  on(l: Listener): () => void {
    this.listeners.add(l);
    return () => { this.listeners.delete(l); };
  }

  emit(e: SessionEvent): void {
    this.log.push(e);
    if (this.log.length > this.maxKept) this.log.splice(0, this.log.length - this.maxKept);
    for (const l of this.listeners) l(e);
  }

  /** Events kept so far, oldest first. */
  history(): readonly SessionEvent[] { return this.log; }

  /** Forgets the kept events (a new stream starts a new clock). */
  clear(): void { this.log.length = 0; }
}

/** The app's session event stream. */
export const sessionEvents = new SessionEvents();
