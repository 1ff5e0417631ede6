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
