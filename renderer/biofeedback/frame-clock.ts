// The frame's place on the sample clock: newest index, time, the smoothed time between batches and the newest value.
import type { SampleRing } from '../live/sample-ring.ts';

/** The clock fields of a frame this class writes. */
export interface ClockFields {
  endIndex: number;
  rateHz: number;
  tS: number;
  smoothS: number;
  value: number;
}

/** Longest the smoothed time runs ahead of the newest sample, s. */
export const SMOOTH_AHEAD_S = 0.1;

export class FrameClock {
  private lastEnd = -1;
  private lastEndMs = 0;

  /** A new stream: the next frame starts the smoothing afresh. */
  reset(): void { this.lastEnd = -1; }

  /** Reads the ring's end at `nowMs` into `f` (the ring's rate is `f.rateHz`). */
  update(ring: SampleRing, nowMs: number, f: ClockFields): void {
    const end = ring.end;
    if (end !== this.lastEnd) { this.lastEnd = end; this.lastEndMs = nowMs; }
    f.endIndex = end;
    f.tS = end / f.rateHz;
    f.smoothS = f.tS + Math.min(SMOOTH_AHEAD_S, Math.max(0, (nowMs - this.lastEndMs) / 1000));
    f.value = end > 0 ? ring.at(end - 1) : NaN;
  }
}
