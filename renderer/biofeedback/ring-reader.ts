// Reads a ring's new samples in preallocated chunks and hands on only the finite runs (lost samples left out), with the pacer's let-go mask.
import { pacerLetGoMask } from '../../training/pacer.ts';
import type { SampleRing } from '../live/sample-ring.ts';
import type { PacerRun } from './pacer-shading.ts';

/** Samples copied out of the ring per step. */
export const CHUNK = 8192;

/** Receives one run of finite values (`values[0..count)`, the first at `firstSampleIndex`), and the let-go mask when the pacer runs. */
export type RunSink = (values: Float32Array, count: number, firstSampleIndex: number, letGo: Uint8Array | undefined) => void;

export class FiniteRunReader {
  private consumed = -1;
  private readonly scratch = new Float32Array(CHUNK);
  private readonly mask = new Uint8Array(CHUNK);

  constructor(private readonly sink: RunSink) {}

  /** A new stream: the next read starts at its end. */
  reset(): void { this.consumed = -1; }

  /** Hands on the samples written since the last read, up to `end` (at most one ring's worth; the first read only marks the start). */
  read(ring: SampleRing, end: number, pacer: PacerRun | null): void {
    if (this.consumed < 0) this.consumed = end;
    let from = Math.max(this.consumed, end - ring.capacity + 1);
    const rate = ring.rateHz;
    while (from < end) {
      const n = Math.min(CHUNK, end - from);
      const buf = this.scratch;
      for (let k = 0; k < n; k++) buf[k] = ring.at(from + k);
      let mask: Uint8Array | undefined;
      if (pacer && from / rate >= pacer.startS) {
        pacerLetGoMask(pacer.settings, from - Math.round(pacer.startS * rate), rate, n, this.mask);
        mask = this.mask;
      }
      // Lost samples (NaN) are left out: the sink sees only the finite runs, each at its own sample index.
      let k = 0;
      while (k < n) {
        while (k < n && !(buf[k] === buf[k])) k++;
        const a0 = k;
        while (k < n && buf[k] === buf[k]) k++;
        if (k > a0) {
          const whole = a0 === 0 && k === n;
          const seg = whole ? buf : buf.subarray(a0, k);
          const m = mask ? (whole ? mask : mask.subarray(a0, k)) : undefined;
          this.sink(seg, k - a0, from + a0, m);
        }
      }
      from += n;
    }
    this.consumed = end;
  }
}
