// Window decimation for traces (min/max per pixel column) and a steady y-axis range with hysteresis.
import type { SampleRing } from './sample-ring.ts';

/**
 * Fills xs/ys with the window [t0, t1) of `ring` at ≤ 2 points per pixel column (min then max).
 * Returns the number of points written. xs in seconds on the sample clock.
 */
export function decimateWindow(ring: SampleRing, endIndex: number, windowSamples: number, columns: number, xs: Float64Array, ys: Float64Array): number {
  const rate = ring.rateHz;
  const start = Math.max(0, endIndex - Math.min(windowSamples, ring.capacity));
  const n = endIndex - start;
  if (n <= 0) return 0;
  if (n <= columns * 2) {
    for (let k = 0; k < n; k++) { xs[k] = (start + k) / rate; ys[k] = ring.at(start + k); }
    return n;
  }
  const per = n / columns;
  let p = 0;
  for (let c = 0; c < columns; c++) {
    const a = start + Math.floor(c * per);
    const b = start + Math.floor((c + 1) * per);
    let mn = Infinity; let mx = -Infinity;
    for (let i = a; i < b; i++) {
      const v = ring.at(i);
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    const t = a / rate;
    if (mn === Infinity) { xs[p] = t; ys[p++] = NaN; continue; } // all lost: a break in the line
    xs[p] = t; ys[p++] = mn;
    xs[p] = t; ys[p++] = mx;
  }
  return p;
}

/**
 * Min/max decimation with columns aligned to the sample clock (column k = samples [k·per, (k+1)·per)), so a
 * finished column never changes and is computed once: each frame only scans the samples that arrived since the
 * last one. Same output shape as `decimateWindow` (min then max per column, NaN for a column of lost samples).
 */
export class ColumnCache {
  private per = 0;
  private slots = 0;
  private mins = new Float32Array(0);
  private maxs = new Float32Array(0);
  private keys = new Float64Array(0);
  private ring: SampleRing | null = null;
  private generation = -1;

  /** Fills xs/ys (≥ 2 × (columns + 2) long) for the window ending at `endIndex`; returns the number of points. */
  decimate(ring: SampleRing, endIndex: number, windowSamples: number, columns: number, xs: Float64Array, ys: Float64Array): number {
    const start = Math.max(0, endIndex - Math.min(windowSamples, ring.capacity));
    const n = endIndex - start;
    if (n <= columns * 2) return decimateWindow(ring, endIndex, windowSamples, columns, xs, ys);
    const per = Math.max(1, Math.ceil(windowSamples / columns));
    if (per !== this.per || ring !== this.ring || ring.generation !== this.generation) this.reset(ring, per, columns);
    const rate = ring.rateHz;
    const first = Math.floor(start / per), last = Math.floor((endIndex - 1) / per);
    let p = 0;
    for (let k = first; k <= last; k++) {
      const a = k * per, b = a + per;
      let mn: number, mx: number;
      const slot = k % this.slots;
      if (a >= start && b <= endIndex && this.keys[slot] === k) { mn = this.mins[slot]!; mx = this.maxs[slot]!; }
      else {
        mn = Infinity; mx = -Infinity;
        const from = Math.max(a, start), to = Math.min(b, endIndex);
        for (let i = from; i < to; i++) { const v = ring.at(i); if (v < mn) mn = v; if (v > mx) mx = v; }
        // Only whole columns inside the window are kept (a partial one will still grow, or was cut by the window).
        if (a >= start && b <= endIndex) { this.keys[slot] = k; this.mins[slot] = mn; this.maxs[slot] = mx; }
      }
      const t = a / rate;
      if (mn === Infinity) { xs[p] = t; ys[p++] = NaN; continue; }
      xs[p] = t; ys[p++] = mn;
      xs[p] = t; ys[p++] = mx;
    }
    return p;
  }

  private reset(ring: SampleRing, per: number, columns: number): void {
    this.ring = ring;
    this.per = per;
    this.generation = ring.generation;
    this.slots = columns + 4;
    if (this.keys.length < this.slots) { this.mins = new Float32Array(this.slots); this.maxs = new Float32Array(this.slots); this.keys = new Float64Array(this.slots); }
    this.keys.fill(-1);
  }
}

/** A 1-2-5 step at or above `x`. */
function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/**
 * Y range with hysteresis: grows at once to fit the data, shrinks only when the data uses under a third of it.
 * A steady axis means no relayout per frame (and a calmer picture for the patient).
 */
export function stableRange(prev: [number, number] | null, min: number, max: number): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return prev ?? [0, 1];
  const span = Math.max(max - min, 1e-6);
  if (prev && min >= prev[0] && max <= prev[1] && span * 3 > prev[1] - prev[0]) return prev;
  const step = niceStep(span / 4);
  return [Math.floor(min / step) * step - step, Math.ceil(max / step) * step + step];
}


/**
 * Zero-based range for non-negative signals (envelopes): [0, top ≥ 1.1 × max on a 1-2-5 grid of ~5 steps], growing at once and shrinking
 * only when the data uses under a third of it.
 */
export function zeroBasedRange(prev: [number, number] | null, max: number): [number, number] {
  const m = Number.isFinite(max) && max > 0 ? max : 1;
  if (prev && m <= prev[1] && m * 3 > prev[1]) return prev;
  const step = niceStep((m * 1.1) / 5);
  return [0, Math.ceil((m * 1.1) / step) * step];
}
