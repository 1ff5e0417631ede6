// Per-channel ring buffers of physical values on the sample clock, filled from batch frames; no allocation per batch.
/** Longest window kept, seconds (the largest trace window). */
export const RING_SECONDS = 60;

export class SampleRing {
  /** Physical values (raw × scale); NaN marks lost samples so the trace shows a break. */
  readonly values: Float32Array;
  readonly capacity: number;
  /** Sample-clock index one past the newest sample (total written since the stream began, losses included). */
  end = 0;
  /** Bumped on every change, so the draw loop can skip frames with nothing new. */
  version = 0;

  constructor(readonly rateHz: number, readonly scale: number) {
    this.capacity = Math.max(1, Math.ceil(rateHz * RING_SECONDS));
    this.values = new Float32Array(this.capacity);
  }

  /** Value at sample-clock index `i` (must be within the last `capacity` samples). */
  at(i: number): number {
    return this.values[i % this.capacity]!;
  }

  /** Appends one channel of a frame, filling a gap before it with NaN. */
  push(raw: Int32Array, firstSampleIndex: number): void {
    const cap = this.capacity;
    const v = this.values;
    let gap = firstSampleIndex - this.end;
    if (gap > cap) { this.end = firstSampleIndex - cap; gap = cap; }
    for (let k = 0; k < gap; k++) v[(this.end + k) % cap] = NaN;
    let w = firstSampleIndex % cap;
    const s = this.scale;
    for (let k = 0; k < raw.length; k++) {
      v[w] = raw[k]! * s;
      if (++w === cap) w = 0;
    }
    if (firstSampleIndex + raw.length > this.end) this.end = firstSampleIndex + raw.length;
    this.version++;
  }
}

/** Mean and RMS of the last `n` samples (NaN skipped). Writes into `out` = [mean, rms, count]. */
export function tailStats(ring: SampleRing, n: number, out: Float64Array): void {
  let sum = 0; let sq = 0; let cnt = 0;
  const start = Math.max(0, ring.end - Math.min(n, ring.capacity));
  for (let i = start; i < ring.end; i++) {
    const x = ring.at(i);
    if (x === x) { sum += x; sq += x * x; cnt++; }
  }
  out[0] = cnt ? sum / cnt : NaN;
  out[1] = cnt ? Math.sqrt(sq / cnt) : NaN;
  out[2] = cnt;
}
