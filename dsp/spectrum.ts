// Spectral analysis for fatigue: radix-2 FFT, Welch power spectrum and EMG median frequency over time.

/** In-place iterative radix-2 FFT of (re, im); length must be a power of two. */
export function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i]!; re[i] = re[j]!; re[j] = tr;
      const ti = im[i]!; im[i] = im[j]!; im[j] = ti;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang), wi = Math.sin(ang);
    const half = len >> 1;
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let k = 0; k < half; k++) {
        const a = i + k, b = a + half;
        const xr = re[b]! * cr - im[b]! * ci, xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr; im[b] = im[a]! - xi;
        re[a] = re[a]! + xr; im[a] = im[a]! + xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
}

/** Largest power of two ≤ n (n ≥ 1). */
export function floorPow2(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

/**
 * Welch power spectrum estimator with preallocated buffers: Hann-windowed segments of `segment` samples
 * (power of two), 50 % overlap, mean removed per segment. Output is relative power per bin (one-sided).
 */
export class Welch {
  readonly segment: number;
  readonly rateHz: number;
  /** Bin spacing in Hz. */
  readonly binHz: number;
  /** Power per bin 0..segment/2 after `estimate`. */
  readonly power: Float64Array;
  private readonly win: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(rateHz: number, segment: number) {
    this.segment = floorPow2(Math.max(16, segment));
    this.rateHz = rateHz;
    this.binHz = rateHz / this.segment;
    this.power = new Float64Array(this.segment / 2 + 1);
    this.win = new Float64Array(this.segment);
    this.re = new Float64Array(this.segment);
    this.im = new Float64Array(this.segment);
    for (let i = 0; i < this.segment; i++) this.win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / this.segment);
  }

  /** Default segment for a 1 s window: the power of two at or just above a quarter second, ≥ 64 samples. */
  static forRate(rateHz: number): Welch {
    const q = Math.max(64, Math.round(rateHz / 4));
    const p = floorPow2(q);
    return new Welch(rateHz, p === q ? p : p * 2);
  }

  /** Estimates the spectrum of x[from..to); returns the number of segments averaged (0 if too short). */
  estimate(x: ArrayLike<number>, from: number, to: number): number {
    const L = this.segment, hop = L >> 1, p = this.power, re = this.re, im = this.im, w = this.win;
    p.fill(0);
    let segs = 0;
    for (let s = from; s + L <= to; s += hop) {
      let mean = 0;
      for (let i = 0; i < L; i++) mean += x[s + i]!;
      mean /= L;
      for (let i = 0; i < L; i++) { re[i] = (x[s + i]! - mean) * w[i]!; im[i] = 0; }
      fftInPlace(re, im);
      for (let k = 0; k <= L / 2; k++) p[k] = p[k]! + re[k]! * re[k]! + im[k]! * im[k]!;
      segs++;
    }
    if (segs > 0) for (let k = 0; k <= L / 2; k++) p[k] = p[k]! / segs;
    return segs;
  }

  /**
   * Median frequency (Hz) of the last estimate within [loHz, hiHz]: the frequency splitting the band's power in
   * two halves, linearly interpolated inside the bin. NaN when the band holds no power.
   */
  medianFrequency(loHz: number, hiHz: number): number {
    const p = this.power, bw = this.binHz;
    const k0 = Math.max(0, Math.ceil(loHz / bw)), k1 = Math.min(p.length - 1, Math.floor(hiHz / bw));
    let total = 0;
    for (let k = k0; k <= k1; k++) total += p[k]!;
    if (!(total > 0)) return NaN;
    const half = total / 2;
    let acc = 0;
    for (let k = k0; k <= k1; k++) {
      const next = acc + p[k]!;
      if (next >= half) {
        // Bin k spans [k − ½, k + ½] · bw; place the median proportionally inside it.
        const frac = p[k]! > 0 ? (half - acc) / p[k]! : 0.5;
        return (k - 0.5 + frac) * bw;
      }
      acc = next;
    }
    return k1 * bw;
  }
}

/** Median frequency per window plus its linear drift (fatigue shows as a falling median frequency). */
export interface MedianFrequencyTrend {
  /** Window centres in seconds from `from`. */
  readonly timesS: number[];
  readonly mdfHz: number[];
  /** Least-squares slope in Hz per second (NaN with fewer than 2 windows). */
  readonly slopeHzPerS: number;
  /** Change from the first to the last window, in % of the first (via the fitted line). */
  readonly changePercent: number;
}

/**
 * Median frequency of `filteredUv[from..to)` in consecutive windows of `windowS` (default 1 s), each estimated
 * with Welch; band defaults to 20 Hz … 0.45 × rate (the EMG band).
 */
export function medianFrequencyTrend(filteredUv: ArrayLike<number>, rateHz: number, from: number, to: number, windowS = 1, bandHz?: readonly [number, number]): MedianFrequencyTrend {
  const welch = Welch.forRate(rateHz);
  const n = Math.max(welch.segment, Math.round(windowS * rateHz));
  const lo = bandHz?.[0] ?? 20, hi = bandHz?.[1] ?? 0.45 * rateHz;
  const timesS: number[] = [], mdfHz: number[] = [];
  for (let s = Math.max(0, from); s + n <= Math.min(to, filteredUv.length); s += n) {
    if (welch.estimate(filteredUv, s, s + n) === 0) continue;
    const m = welch.medianFrequency(lo, hi);
    if (Number.isFinite(m)) { timesS.push((s - from + n / 2) / rateHz); mdfHz.push(m); }
  }
  const { slope, intercept } = linearFit(timesS, mdfHz);
  const first = intercept + slope * (timesS[0] ?? 0), last = intercept + slope * (timesS[timesS.length - 1] ?? 0);
  return { timesS, mdfHz, slopeHzPerS: slope, changePercent: timesS.length > 1 && first !== 0 ? ((last - first) / first) * 100 : NaN };
}

/** Ordinary least squares y = intercept + slope·x (NaN slope with fewer than 2 points). */
export function linearFit(x: readonly number[], y: readonly number[]): { slope: number; intercept: number } {
  const n = Math.min(x.length, y.length);
  if (n < 2) return { slope: NaN, intercept: n === 1 ? y[0]! : NaN };
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]!; my += y[i]!; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i]! - mx) * (y[i]! - my); sxx += (x[i]! - mx) ** 2; }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  return { slope, intercept: my - slope * mx };
}
