// One guided calibration on the live stream: started and cancelled by the panel, fed the processed values, finished on the sample clock.
import { sessionEvents } from '../exercises/session-events.ts';
import { CalibrationRun, type CalibrationView } from '../calibration/calibration-run.ts';

/** Where the stream is now (read, never written). */
export interface CalibrationClock {
  readonly endIndex: number;
  readonly rateHz: number;
  readonly tS: number;
}

export class CalibrationSession {
  private run: CalibrationRun | null = null;

  constructor(
    private readonly clock: CalibrationClock,
    /** Called when a calibration finishes (its view) or is cancelled (null). */
    private readonly onDone: (v: CalibrationView | null) => void,
  ) {}

  /** Starts a rest baseline or an MVC now; false before a stream. */
  start(kind: 'rest' | 'mvc', restS?: number): boolean {
    const c = this.clock;
    if (c.rateHz <= 0) return false;
    this.run = kind === 'rest' ? CalibrationRun.rest(c.rateHz, restS) : CalibrationRun.mvc(c.rateHz);
    this.run.start(c.endIndex);
    sessionEvents.emit({ source: 'calibration', type: kind === 'rest' ? 'rest-start' : 'mvc-start', sampleIndex: c.endIndex, tSeconds: c.tS });
    return true;
  }

  cancel(): void {
    if (!this.run) return;
    this.run = null;
    sessionEvents.emit({ source: 'calibration', type: 'cancelled', sampleIndex: this.clock.endIndex, tSeconds: this.clock.tS });
    this.onDone(null);
  }

  view(): CalibrationView | null { return this.run ? this.run.view() : null; }

  /** Finite processed values, the first at `firstSampleIndex`. */
  push(values: Float32Array, count: number, firstSampleIndex: number): void {
    this.run?.push(values, count, firstSampleIndex);
  }

  /** After a frame's samples up to `end` (at `tS`) are in: a run that is done is finished and reported. */
  finish(end: number, tS: number): void {
    if (!this.run?.done) return;
    const v = this.run.view();
    this.run = null;
    sessionEvents.emit({ source: 'calibration', type: v.result?.kind === 'mvc' ? 'mvc-done' : 'rest-done', sampleIndex: end, tSeconds: tS });
    this.onDone(v);
  }
}
