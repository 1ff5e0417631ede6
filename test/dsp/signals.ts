// Synthetic test signals and steady-state measurement helpers for the DSP tests.
import { BiquadCascade } from '../../dsp/biquad.ts';

/** Sine of `freqHz` with peak `amplitude`, `seconds` long at `rateHz`, as Float32. */
export function sine(rateHz: number, freqHz: number, amplitude: number, seconds: number, phase = 0): Float32Array {
  const n = Math.round(rateHz * seconds);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freqHz * i) / rateHz + phase);
  return out;
}

/** Same sine quantised to Int32 counts. */
export function sineCounts(rateHz: number, freqHz: number, amplitudeCounts: number, seconds: number): Int32Array {
  const f = sine(rateHz, freqHz, amplitudeCounts, seconds);
  const out = new Int32Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = Math.round(f[i]!);
  return out;
}

/** RMS of x[from..to). */
export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / (to - from));
}

/** Deterministic pseudo-random generator (mulberry32) in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian white noise with SD `sd`. */
export function noise(n: number, sd: number, seed = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = sd * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return out;
}

/**
 * Measured gain in dB of a streaming filter at `freqHz`: runs a 4 s unit sine through `cascade` in 64-sample
 * blocks (as live batches would arrive) and compares output RMS over the last 2 s with the input's.
 */
export function measuredGainDb(cascade: BiquadCascade, rateHz: number, freqHz: number): number {
  cascade.reset();
  const x = sine(rateHz, freqHz, 1, 4);
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i += 64) {
    const n = Math.min(64, x.length - i);
    cascade.process(x.subarray(i, i + n), 1, y.subarray(i, i + n), n);
  }
  const half = Math.floor(x.length / 2);
  return 20 * Math.log10(rms(y, half) / rms(x, half));
}
