// What is not signal never reads as relaxation: a non-finite input restarts the chain and gives NaN (counted), never
// 0 µV; the settling time of the band-pass comes from its own step response.
import { describe, expect, it } from 'vitest';
import { createEmgChain, emgSections, settlingSamples } from '../../dsp/emg-chain.ts';
import { RmsEnvelope } from '../../dsp/envelope.ts';
import { BiquadCascade } from '../../dsp/biquad.ts';
import { statsOf, TimeInTarget } from '../../dsp/metrics.ts';

const sine = (n: number, amp: number, hz: number, rate: number, from = 0) => Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * (i + from)) / rate));

describe('non-finite input', () => {
  it('RmsEnvelope: NaN in gives NaN out (not 0), counts it and starts the window again', () => {
    const e = new RmsEnvelope(4);
    const x = Float32Array.from([3, 3, 3, 3, NaN, 4, 4, Infinity, 5]);
    const y = new Float32Array(x.length);
    e.process(x, y, x.length);
    expect(y[3]).toBeCloseTo(3, 6);
    expect(Number.isNaN(y[4]!)).toBe(true);
    expect(y[5]).toBeCloseTo(4, 6); // the window holds only what came after the NaN
    expect(y[6]).toBeCloseTo(4, 6);
    expect(Number.isNaN(y[7]!)).toBe(true);
    expect(y[8]).toBeCloseTo(5, 6);
    expect(e.nonFinite).toBe(2);
  });

  it('EmgChain: a NaN restarts filter and window; afterwards it matches a fresh chain exactly', () => {
    const rate = 1000;
    const a = createEmgChain(rate), b = createEmgChain(rate);
    if (!a.ok || !b.ok) throw new Error('chain');
    const x = sine(3000, 20, 120, rate);
    x[1000] = NaN;
    const f = new Float32Array(3000), env = new Float32Array(3000);
    a.value.process(x, 1, 3000, f, env);
    expect(a.value.nonFinite).toBe(1);
    expect(Number.isNaN(env[1000]!)).toBe(true);
    expect(Number.isNaN(f[1000]!)).toBe(true);
    const f2 = new Float32Array(1999), env2 = new Float32Array(1999);
    b.value.process(x.subarray(1001), 1, 1999, f2, env2);
    expect(Array.from(env.subarray(1001))).toEqual(Array.from(env2));
    // Steady 20 µV sine: the envelope is back at its RMS (14.14 µV) after the start-up, not stuck at 0 or NaN.
    expect(env[2999]).toBeCloseTo(20 / Math.SQRT2, 1);
    // Stats and time in target skip what is not signal instead of reading it as 0 µV.
    const s = statsOf(env, 900, 1100);
    expect(s.count).toBe(199);
    const tit = new TimeInTarget({ kind: 'relax', upper: 1 });
    tit.push(Float32Array.from([NaN, NaN, 0.5, 2]), 4);
    expect(tit.percent()).toBe(50);
  });

  it('settling time: the unit-step response from rest stays within 1 % after it (20 Hz edge: ~0.15 s)', () => {
    const c = createEmgChain(1000, { bandHz: [20, 500], notchHz: 50, rmsWindowMs: 200 });
    if (!c.ok) throw new Error('chain');
    const n = c.value.settlingSamples;
    const sections = emgSections(c.value.filter);
    expect(settlingSamples(sections)).toBe(n);
    const cas = new BiquadCascade(sections);
    const ones = new Float32Array(4000).fill(1), y = new Float32Array(4000);
    cas.process(ones, 1, y, 4000);
    expect(Math.abs(y[n - 1]!)).toBeGreaterThan(0.01);
    for (let i = n; i < 4000; i++) expect(Math.abs(y[i]!)).toBeLessThanOrEqual(0.01);
    expect(n / 1000).toBeGreaterThan(0.1);
    expect(n / 1000).toBeLessThan(0.2);
    expect(c.value.startupSamples).toBe(n + 199);
    // A 100 Hz edge settles ~5× sooner.
    const e = createEmgChain(1000, { bandHz: [100, 500], notchHz: 50, rmsWindowMs: 200 });
    expect(e.ok && e.value.settlingSamples).toBeLessThan(n / 4);
  });
});
