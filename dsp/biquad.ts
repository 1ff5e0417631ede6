// Biquad IIR filters: RBJ-cookbook coefficient design, Butterworth cascades, streaming cascade processing, analysis.

/**
 * One normalised second-order section (a0 = 1): y = b0·x + b1·x₁ + b2·x₂ − a1·y₁ − a2·y₂.
 * First-order sections have b2 = a2 = 0.
 */
export interface BiquadCoefficients {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/** Q of a 2nd-order Butterworth section (1/√2). */
export const BUTTERWORTH_Q = Math.SQRT1_2;

function normalise(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): BiquadCoefficients {
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

/** RBJ low-pass, corner `cornerHz` (−3 dB for Q = 1/√2) at sample rate `rateHz`. Requires 0 < corner < rate/2. */
export function designBiquadLowPass(rateHz: number, cornerHz: number, q: number = BUTTERWORTH_Q): BiquadCoefficients {
  const w0 = (2 * Math.PI * cornerHz) / rateHz;
  const cw = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  return normalise((1 - cw) / 2, 1 - cw, (1 - cw) / 2, 1 + alpha, -2 * cw, 1 - alpha);
}

/** RBJ high-pass, corner `cornerHz` at sample rate `rateHz`. Requires 0 < corner < rate/2. */
export function designBiquadHighPass(rateHz: number, cornerHz: number, q: number = BUTTERWORTH_Q): BiquadCoefficients {
  const w0 = (2 * Math.PI * cornerHz) / rateHz;
  const cw = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  return normalise((1 + cw) / 2, -(1 + cw), (1 + cw) / 2, 1 + alpha, -2 * cw, 1 - alpha);
}

/**
 * RBJ notch at `centreHz` with quality `q` (centre / −3 dB bandwidth; default 30 → ≈1.7 Hz wide at 50 Hz).
 * Gain is exactly 0 at the centre and 1 at DC and Nyquist.
 */
export function designBiquadNotch(rateHz: number, centreHz: number, q = 30): BiquadCoefficients {
  const w0 = (2 * Math.PI * centreHz) / rateHz;
  const cw = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  return normalise(1, -2 * cw, 1, 1 + alpha, -2 * cw, 1 - alpha);
}

/** RBJ band-pass (constant 0 dB peak gain) centred at `centreHz` with quality `q`. */
export function designBiquadBandPass(rateHz: number, centreHz: number, q: number): BiquadCoefficients {
  const w0 = (2 * Math.PI * centreHz) / rateHz;
  const cw = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  return normalise(alpha, 0, -alpha, 1 + alpha, -2 * cw, 1 - alpha);
}

/** First-order bilinear low-pass (−3 dB at `cornerHz`, prewarped). */
export function designFirstOrderLowPass(rateHz: number, cornerHz: number): BiquadCoefficients {
  const k = Math.tan((Math.PI * cornerHz) / rateHz);
  return { b0: k / (1 + k), b1: k / (1 + k), b2: 0, a1: (k - 1) / (k + 1), a2: 0 };
}

/** First-order bilinear high-pass (−3 dB at `cornerHz`, prewarped). */
export function designFirstOrderHighPass(rateHz: number, cornerHz: number): BiquadCoefficients {
  const k = Math.tan((Math.PI * cornerHz) / rateHz);
  return { b0: 1 / (1 + k), b1: -1 / (1 + k), b2: 0, a1: (k - 1) / (k + 1), a2: 0 };
}

/**
 * Butterworth low- or high-pass of `order` 1–8 as cascaded sections (RBJ biquads with the Butterworth pole Qs,
 * plus one first-order section for odd orders). Overall −3 dB at `cornerHz`.
 */
export function designButterworth(type: 'lowpass' | 'highpass', rateHz: number, cornerHz: number, order: number): BiquadCoefficients[] {
  const n = Math.max(1, Math.min(8, Math.round(order)));
  const sections: BiquadCoefficients[] = [];
  for (let k = 0; k < Math.floor(n / 2); k++) {
    const q = 1 / (2 * Math.cos((Math.PI * (2 * k + 1)) / (2 * n)));
    sections.push(type === 'lowpass' ? designBiquadLowPass(rateHz, cornerHz, q) : designBiquadHighPass(rateHz, cornerHz, q));
  }
  if (n % 2 === 1) sections.push(type === 'lowpass' ? designFirstOrderLowPass(rateHz, cornerHz) : designFirstOrderHighPass(rateHz, cornerHz));
  return sections;
}

/** Complex response of one section at `freqHz`: returns |H| (linear). */
export function biquadMagnitude(c: BiquadCoefficients, rateHz: number, freqHz: number): number {
  const w = (2 * Math.PI * freqHz) / rateHz;
  const c1 = Math.cos(w), s1 = Math.sin(w), c2 = Math.cos(2 * w), s2 = Math.sin(2 * w);
  const nr = c.b0 + c.b1 * c1 + c.b2 * c2, ni = -(c.b1 * s1 + c.b2 * s2);
  const dr = 1 + c.a1 * c1 + c.a2 * c2, di = -(c.a1 * s1 + c.a2 * s2);
  return Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
}

/** Largest pole radius of a section (stable when < 1). */
export function biquadPoleRadius(c: BiquadCoefficients): number {
  // Poles are the roots of z² + a1·z + a2.
  const disc = c.a1 * c.a1 - 4 * c.a2;
  if (disc >= 0) {
    const r = Math.sqrt(disc);
    return Math.max(Math.abs((-c.a1 + r) / 2), Math.abs((-c.a1 - r) / 2));
  }
  return Math.sqrt(c.a2); // complex pair: |p|² = a2
}

/**
 * A chain of sections processed in series, Direct Form II Transposed with float64 state.
 * Allocates only at construction; `process` is a set of flat loops (one per section).
 */
export class BiquadCascade {
  /** Number of sections. */
  readonly length: number;
  private readonly coef: Float64Array; // 5 per section: b0 b1 b2 a1 a2
  private readonly state: Float64Array; // 2 per section: s1 s2

  constructor(sections: readonly BiquadCoefficients[]) {
    this.length = sections.length;
    this.coef = new Float64Array(sections.length * 5);
    this.state = new Float64Array(sections.length * 2);
    sections.forEach((s, i) => this.coef.set([s.b0, s.b1, s.b2, s.a1, s.a2], i * 5));
  }

  /** Clears the filter memory (as if the input had been zero forever). */
  reset(): void {
    this.state.fill(0);
  }

  /**
   * Sets the filter memory to the steady state for a constant input `x` (so a DC level such as atmospheric
   * pressure does not produce a start-up transient).
   */
  primeDc(x: number): void {
    const c = this.coef, st = this.state;
    let v = x;
    for (let s = 0; s < this.length; s++) {
      const o = s * 5;
      const b0 = c[o]!, b1 = c[o + 1]!, b2 = c[o + 2]!, a1 = c[o + 3]!, a2 = c[o + 4]!;
      const den = 1 + a1 + a2;
      const y = Math.abs(den) > 1e-12 ? ((b0 + b1 + b2) / den) * v : 0;
      st[s * 2 + 1] = b2 * v - a2 * y;
      st[s * 2] = b1 * v - a1 * y + st[s * 2 + 1]!;
      v = y;
    }
  }

  /** Product of section magnitudes at `freqHz` (analytic, linear gain). */
  magnitudeAt(rateHz: number, freqHz: number): number {
    let g = 1;
    for (let i = 0; i < this.length; i++) g *= biquadMagnitude(this.sectionAt(i), rateHz, freqHz);
    return g;
  }

  /** Largest pole radius over all sections (stable when < 1). */
  maxPoleRadius(): number {
    let r = 0;
    for (let i = 0; i < this.length; i++) r = Math.max(r, biquadPoleRadius(this.sectionAt(i)));
    return r;
  }

  /** Coefficients of section `i`. */
  sectionAt(i: number): BiquadCoefficients {
    const c = this.coef, o = i * 5;
    return { b0: c[o]!, b1: c[o + 1]!, b2: c[o + 2]!, a1: c[o + 3]!, a2: c[o + 4]! };
  }

  /**
   * Filters `count` samples: output[i] = H(input[i] × scale). `input` may be raw Int32 counts (scale = units per
   * count) or already-physical Float32 values (scale = 1). `output` may be the same Float32Array as `input`.
   * With no sections the scaled input is copied through.
   */
  process(input: Float32Array | Int32Array, scale: number, output: Float32Array, count: number): void {
    const c = this.coef, st = this.state;
    if (this.length === 0) {
      for (let i = 0; i < count; i++) output[i] = input[i]! * scale;
      return;
    }
    // Section 0 reads the scaled input; later sections work on `output` in place.
    for (let s = 0; s < this.length; s++) {
      const o = s * 5;
      const b0 = c[o]!, b1 = c[o + 1]!, b2 = c[o + 2]!, a1 = c[o + 3]!, a2 = c[o + 4]!;
      let s1 = st[s * 2]!, s2 = st[s * 2 + 1]!;
      if (s === 0) {
        for (let i = 0; i < count; i++) {
          const x = input[i]! * scale;
          const y = b0 * x + s1;
          s1 = b1 * x - a1 * y + s2;
          s2 = b2 * x - a2 * y;
          output[i] = y;
        }
      } else {
        for (let i = 0; i < count; i++) {
          const x = output[i]!;
          const y = b0 * x + s1;
          s1 = b1 * x - a1 * y + s2;
          s2 = b2 * x - a2 * y;
          output[i] = y;
        }
      }
      // Flush denormal-range state so long silences do not slow the loop down.
      if (Math.abs(s1) < 1e-30) s1 = 0;
      if (Math.abs(s2) < 1e-30) s2 = 0;
      st[s * 2] = s1;
      st[s * 2 + 1] = s2;
    }
  }
}
