// Streaming amplitude envelopes: moving RMS over an exact sample window, and decimation to display rate.

/** Window length in samples for `windowMs` at `rateHz` (rounded, at least 1). */
export function windowSamples(rateHz: number, windowMs: number): number {
  return Math.max(1, Math.round((windowMs * rateHz) / 1000));
}

/**
 * Moving RMS over the last `window` samples (squaring = full-wave rectification), in the input's units
 * (µV in → µV RMS out). Running sum of squares over a ring buffer; the sum is recomputed exactly once per
 * window wrap so rounding drift cannot build up. Until the window has filled, divides by the samples seen.
 */
export class RmsEnvelope {
  /** Window length in samples. */
  readonly window: number;
  private readonly ring: Float64Array;
  private pos = 0;
  private filled = 0;
  private sum = 0;
  /** Non-finite inputs seen (each reset the window and gave a NaN output, never a 0 that would read as "relaxed"). */
  nonFinite = 0;

  constructor(window: number) {
    this.window = Math.max(1, Math.floor(window));
    this.ring = new Float64Array(this.window);
  }

  /** Builds an envelope for `windowMs` (default 200 ms) at `rateHz`. */
  static forRate(rateHz: number, windowMs = 200): RmsEnvelope {
    return new RmsEnvelope(windowSamples(rateHz, windowMs));
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.filled = 0;
    this.sum = 0;
  }

  /**
   * Pushes `count` samples of `input`; writes the RMS after each sample to `output` (may alias `input`).
   * A non-finite input (NaN, ±Infinity) is not signal: its output is NaN, the window starts again empty after it,
   * and it is counted in `nonFinite`.
   */
  process(input: Float32Array, output: Float32Array, count: number): void {
    const ring = this.ring, n = this.window;
    let pos = this.pos, filled = this.filled, sum = this.sum;
    for (let i = 0; i < count; i++) {
      const x = input[i]!;
      const sq = x * x;
      if (!Number.isFinite(sq)) {
        ring.fill(0);
        pos = 0; filled = 0; sum = 0;
        this.nonFinite++;
        output[i] = NaN;
        continue;
      }
      sum += sq - ring[pos]!;
      ring[pos] = sq;
      pos++;
      if (pos === n) {
        pos = 0;
        let exact = 0;
        for (let k = 0; k < n; k++) exact += ring[k]!;
        sum = exact;
      }
      if (filled < n) filled++;
      output[i] = sum > 0 ? Math.sqrt(sum / filled) : 0; // sum is finite here: a sum of finite squares
    }
    this.pos = pos;
    this.filled = filled;
    this.sum = sum;
  }

  /** Current RMS (0 before any sample). */
  value(): number {
    return this.filled > 0 && this.sum > 0 ? Math.sqrt(this.sum / this.filled) : 0;
  }
}

/** How a display-rate point summarises its block of input samples. */
export type DecimateMode = 'last' | 'max' | 'mean';

/**
 * Streaming decimator from sample rate to display rate: emits one value per `factor` input samples, keeping the
 * phase across calls. 'last' (default) suits an already-smoothed envelope; 'max' keeps short peaks visible.
 */
export class EnvelopeDecimator {
  readonly factor: number;
  readonly mode: DecimateMode;
  private phase = 0;
  private acc = 0;

  constructor(factor: number, mode: DecimateMode = 'last') {
    this.factor = Math.max(1, Math.floor(factor));
    this.mode = mode;
    this.acc = mode === 'max' ? -Infinity : 0;
  }

  /** Decimator for `rateHz` → about `displayHz` (the factor is rounded; actual rate = rateHz / factor). */
  static forRates(rateHz: number, displayHz: number, mode: DecimateMode = 'last'): EnvelopeDecimator {
    return new EnvelopeDecimator(Math.max(1, Math.round(rateHz / Math.max(1e-9, displayHz))), mode);
  }

  reset(): void {
    this.phase = 0;
    this.acc = this.mode === 'max' ? -Infinity : 0;
  }

  /**
   * Feeds `count` samples; writes decimated points to `output` from index 0 and returns how many were written
   * (at most ⌈count / factor⌉). Each point covers `factor` input samples and is emitted at the last of them.
   */
  push(input: Float32Array, count: number, output: Float32Array): number {
    const f = this.factor, mode = this.mode;
    let phase = this.phase, acc = this.acc, w = 0;
    for (let i = 0; i < count; i++) {
      const x = input[i]!;
      if (mode === 'max') { if (x > acc) acc = x; } else if (mode === 'mean') acc += x; else acc = x;
      phase++;
      if (phase === f) {
        output[w++] = mode === 'mean' ? acc / f : acc;
        phase = 0;
        acc = mode === 'max' ? -Infinity : 0;
      }
    }
    this.phase = phase;
    this.acc = acc;
    return w;
  }
}

/**
 * One-shot decimation of a whole envelope array (e.g. for review): block of `factor` samples → one point.
 * Returns the number of points written to `output` (⌊count / factor⌋; a partial last block is dropped).
 */
export function decimateEnvelope(input: Float32Array, count: number, factor: number, output: Float32Array, mode: DecimateMode = 'last'): number {
  return new EnvelopeDecimator(factor, mode).push(input, count, output);
}
