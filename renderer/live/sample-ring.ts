// Per-channel ring buffers of physical values on the sample clock; shareable between the intake worker and the page.
/** Longest window kept, seconds (the largest trace window). */
export const RING_SECONDS = 60;

/** Memory of one ring, transferable to another thread (SharedArrayBuffer when cross-origin isolated). */
export interface RingMemory {
  readonly rateHz: number;
  readonly scale: number;
  /** capacity × Float32 physical values. */
  readonly values: ArrayBufferLike;
  /** 3 × Float64: [end, version, generation]. */
  readonly meta: ArrayBufferLike;
}

/** Allocates ring memory for a channel; shared when the page may share memory with its workers. */
export function allocRing(rateHz: number, scale: number, shared: boolean): RingMemory {
  const capacity = Math.max(1, Math.ceil(rateHz * RING_SECONDS));
  const Buf = shared ? SharedArrayBuffer : ArrayBuffer;
  return { rateHz, scale, values: new Buf(capacity * 4), meta: new Buf(24) };
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
  /** Bumped when kept values are rewritten (`clear`), so caches of old values know to start over. */
  get generation(): number { return this.meta.length > 2 ? this.meta[2]! : 0; }

  /** Value at sample-clock index `i` (must be within the last `capacity` samples). */
  at(i: number): number {
    return this.values[i % this.capacity]!;
  }

  /** Marks every kept value as lost (NaN), e.g. when the processing settings change units; `end` stays. */
  clear(): void {
    this.values.fill(NaN);
    if (this.meta.length > 2) this.meta[2] = this.meta[2]! + 1;
    this.meta[1] = this.meta[1]! + 1;
  }

  /** Appends one channel of a frame, filling a gap before it with NaN. Values are written before `end` moves. */
  push(raw: Int32Array, firstSampleIndex: number): void {
    this.pushScaled(raw, raw.length, firstSampleIndex, this.scale);
  }

  /** Appends `count` values × `s` (raw counts with the channel scale, or physical values with 1). */
  pushScaled(raw: Int32Array | Float32Array, count: number, firstSampleIndex: number, s: number): void {
    const cap = this.capacity;
    const v = this.values;
    let end = this.meta[0]!;
    let gap = firstSampleIndex - end;
    if (gap > cap) { end = firstSampleIndex - cap; gap = cap; }
    for (let k = 0; k < gap; k++) v[(end + k) % cap] = NaN;
    let w = firstSampleIndex % cap;
    for (let k = 0; k < count; k++) {
      v[w] = raw[k]! * s;
      if (++w === cap) w = 0;
    }
    if (firstSampleIndex + count > end) end = firstSampleIndex + count;
    this.meta[0] = end;
    this.meta[1] = this.meta[1]! + 1;
  }
}

/** Appends `count` already-physical values (e.g. a processed stream) at `firstSampleIndex`; gaps become NaN. */
export function pushValues(ring: SampleRing, values: Float32Array, count: number, firstSampleIndex: number): void {
  ring.pushScaled(values, count, firstSampleIndex, 1);
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
