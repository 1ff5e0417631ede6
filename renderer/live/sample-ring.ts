// Per-channel ring buffers of physical values on the sample clock; shareable between the intake worker and the page.
/** Longest window kept, seconds (the largest trace window). */
export const RING_SECONDS = 60;

/** Memory of one ring, transferable to another thread (SharedArrayBuffer when cross-origin isolated). */
export interface RingMemory {
  readonly rateHz: number;
  readonly scale: number;
  /** capacity × Float32 physical values. */
  readonly values: ArrayBufferLike;
  /** 2 × Float64: [end, version]. */
  readonly meta: ArrayBufferLike;
}

/** Allocates ring memory for a channel; shared when the page may share memory with its workers. */
export function allocRing(rateHz: number, scale: number, shared: boolean): RingMemory {
  const capacity = Math.max(1, Math.ceil(rateHz * RING_SECONDS));
  const Buf = shared ? SharedArrayBuffer : ArrayBuffer;
  return { rateHz, scale, values: new Buf(capacity * 4), meta: new Buf(16) };
}

export class SampleRing {
  /** Physical values (raw × scale); NaN marks lost samples so the trace shows a break. */
  readonly values: Float32Array;
  readonly capacity: number;
  readonly rateHz: number;
  readonly scale: number;
  private readonly meta: Float64Array;

  constructor(readonly memory: RingMemory) {
    this.values = new Float32Array(memory.values);
    this.capacity = this.values.length;
    this.meta = new Float64Array(memory.meta);
    this.rateHz = memory.rateHz;
    this.scale = memory.scale;
  }

  /** Sample-clock index one past the newest sample (total written since the stream began, losses included). */
  get end(): number { return this.meta[0]!; }
  /** Bumped on every change, so the draw loop can skip frames with nothing new. */
  get version(): number { return this.meta[1]!; }

  /** Value at sample-clock index `i` (must be within the last `capacity` samples). */
  at(i: number): number {
    return this.values[i % this.capacity]!;
  }

  /** Appends one channel of a frame, filling a gap before it with NaN. Values are written before `end` moves. */
  push(raw: Int32Array, firstSampleIndex: number): void {
    const cap = this.capacity;
    const v = this.values;
    let end = this.meta[0]!;
    let gap = firstSampleIndex - end;
    if (gap > cap) { end = firstSampleIndex - cap; gap = cap; }
    for (let k = 0; k < gap; k++) v[(end + k) % cap] = NaN;
    let w = firstSampleIndex % cap;
    const s = this.scale;
    for (let k = 0; k < raw.length; k++) {
      v[w] = raw[k]! * s;
      if (++w === cap) w = 0;
    }
    if (firstSampleIndex + raw.length > end) end = firstSampleIndex + raw.length;
    this.meta[0] = end;
    this.meta[1] = this.meta[1]! + 1;
  }
}

/** Mean and RMS of the last `n` samples (NaN skipped). Writes into `out` = [mean, rms, count]. */
export function tailStats(ring: SampleRing, n: number, out: Float64Array): void {
  let sum = 0; let sq = 0; let cnt = 0;
  const end = ring.end;
  const start = Math.max(0, end - Math.min(n, ring.capacity));
  for (let i = start; i < end; i++) {
    const x = ring.at(i);
    if (x === x) { sum += x; sq += x * x; cnt++; }
  }
  out[0] = cnt ? sum / cnt : NaN;
  out[1] = cnt ? Math.sqrt(sq / cnt) : NaN;
  out[2] = cnt;
}
