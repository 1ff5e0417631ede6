// Streaming filter responses measured with sines (steady state) against the analytic transfer functions.
import { describe, expect, it } from 'vitest';
import {
  BiquadCascade, biquadMagnitude, designBiquadBandPass, designBiquadHighPass, designBiquadLowPass,
  designBiquadNotch, designButterworth,
} from '../../dsp/biquad.ts';
import { createEmgChain, describeEmgFilter, emgSections, resolveEmgSettings } from '../../dsp/emg-chain.ts';
import { measuredGainDb } from './signals.ts';

const RATES = [500, 1000, 2000] as const;

function emgCascade(rateHz: number, bandHz: [number, number], notchHz: 0 | 50 | 60): BiquadCascade {
  const r = resolveEmgSettings(rateHz, { bandHz, notchHz, rmsWindowMs: 200 });
  if (!r.ok) throw new Error(r.error.kind);
  return new BiquadCascade(emgSections(r.value));
}

describe('RBJ biquad design', () => {
  it('low-pass and high-pass are −3.01 dB at the corner with Q = 1/√2', () => {
    for (const rate of RATES) {
      const lp = designBiquadLowPass(rate, rate / 10), hp = designBiquadHighPass(rate, rate / 10);
      expect(20 * Math.log10(biquadMagnitude(lp, rate, rate / 10))).toBeCloseTo(-3.0103, 3);
      expect(20 * Math.log10(biquadMagnitude(hp, rate, rate / 10))).toBeCloseTo(-3.0103, 3);
      expect(biquadMagnitude(lp, rate, 0)).toBeCloseTo(1, 12);
      expect(biquadMagnitude(hp, rate, rate / 2)).toBeCloseTo(1, 12);
    }
  });

  it('notch is zero at its centre and unity at DC; band-pass peaks at 0 dB', () => {
    const n = designBiquadNotch(1000, 50, 30);
    expect(biquadMagnitude(n, 1000, 50)).toBeLessThan(1e-9);
    expect(biquadMagnitude(n, 1000, 0)).toBeCloseTo(1, 12);
    const bp = designBiquadBandPass(1000, 100, 2);
    expect(biquadMagnitude(bp, 1000, 100)).toBeCloseTo(1, 9);
  });

  it('4th-order Butterworth has the maximally flat |H|² = 1/(1+(f/fc)^8) shape at low frequencies', () => {
    const c = new BiquadCascade(designButterworth('lowpass', 20000, 100, 4));
    for (const f of [25, 50, 100, 150]) {
      expect(c.magnitudeAt(20000, f)).toBeCloseTo(1 / Math.sqrt(1 + (f / 100) ** 8), 3);
    }
    expect(new BiquadCascade(designButterworth('highpass', 1000, 20, 3)).length).toBe(2);
  });
});

describe.each(RATES)('EMG band-pass + notch at %i Hz (measured with streaming sines)', (rate) => {
  it('is stable: every pole strictly inside the unit circle', () => {
    for (const notch of [0, 50, 60] as const) {
      for (const band of [[20, 500], [100, 500], [10, 450]] as [number, number][]) {
        expect(emgCascade(rate, band, notch).maxPoleRadius()).toBeLessThan(1);
      }
    }
  });

  it.each([50, 60] as const)('attenuates the %i Hz mains by ≥ 30 dB', (mains) => {
    expect(measuredGainDb(emgCascade(rate, [20, 500], mains), rate, mains)).toBeLessThan(-30);
  });

  it.each([50, 60] as const)('still attenuates %i Hz mains drifted by ±0.2 Hz by ≥ 20 dB', (mains) => {
    const c = emgCascade(rate, [20, 500], mains);
    expect(measuredGainDb(c, rate, mains - 0.2)).toBeLessThan(-20);
    expect(measuredGainDb(c, rate, mains + 0.2)).toBeLessThan(-20);
  });

  it('passes 100 Hz within 0.5 dB and attenuates 5 Hz by ≥ 20 dB (20–500 Hz, 50 Hz notch)', () => {
    const c = emgCascade(rate, [20, 500], 50);
    expect(Math.abs(measuredGainDb(c, rate, 100))).toBeLessThan(0.5);
    expect(measuredGainDb(c, rate, 5)).toBeLessThan(-20);
  });

  it('measured gains agree with the analytic transfer function within 0.1 dB', () => {
    const c = emgCascade(rate, [20, 500], 60);
    for (const f of [10, 30, 80, 100, 150, 0.3 * rate]) {
      const analytic = 20 * Math.log10(c.magnitudeAt(rate, f));
      expect(measuredGainDb(c, rate, f)).toBeCloseTo(analytic, 1);
    }
  });

  it('the ECG-rejecting 100–500 Hz band attenuates 30 Hz by ≥ 20 dB', () => {
    const c = emgCascade(rate, [100, 500], 0);
    expect(measuredGainDb(c, rate, 30)).toBeLessThan(-20);
    expect(measuredGainDb(c, rate, 20)).toBeLessThan(measuredGainDb(emgCascade(rate, [20, 500], 0), rate, 20) - 20);
  });

  it('keeps the upper edge below Nyquist (min(500, 0.45·rate))', () => {
    const r = resolveEmgSettings(rate, { bandHz: [20, 500], notchHz: 50, rmsWindowMs: 200 });
    expect(r.ok && r.value.hiHz).toBe(Math.min(500, 0.45 * rate));
    const c = emgCascade(rate, [20, 500], 0);
    expect(measuredGainDb(c, rate, 0.49 * rate)).toBeLessThan(-6);
  });
});

describe('EMG settings validation', () => {
  it('returns error values instead of throwing', () => {
    expect(createEmgChain(0).ok).toBe(false);
    const w = resolveEmgSettings(2000, { bandHz: [20, 500], notchHz: 50, rmsWindowMs: 20 });
    expect(!w.ok && w.error).toEqual({ kind: 'out-of-range', field: 'rmsWindowMs', value: 20, min: 50, max: 1000 });
    const e = resolveEmgSettings(250, { bandHz: [100, 500], notchHz: 50, rmsWindowMs: 200 });
    expect(!e.ok && e.error.kind).toBe('empty-band');
    const b = resolveEmgSettings(1000, { bandHz: [300, 200], notchHz: 0, rmsWindowMs: 200 });
    expect(!b.ok && b.error.kind).toBe('out-of-range');
    const n = resolveEmgSettings(1000, { bandHz: [20, 500], notchHz: 55 as 50, rmsWindowMs: 200 });
    expect(!n.ok && n.error.kind).toBe('out-of-range');
  });

  it('describes the filter for the EDF+ prefiltering field', () => {
    const r = resolveEmgSettings(2000, { bandHz: [20, 500], notchHz: 50, rmsWindowMs: 200 });
    expect(r.ok && describeEmgFilter(r.value)).toBe('HP:20Hz LP:500Hz N:50Hz');
    const off = resolveEmgSettings(1000, { bandHz: [100, 500], notchHz: 0, rmsWindowMs: 200 });
    expect(off.ok && describeEmgFilter(off.value)).toBe('HP:100Hz LP:450Hz');
  });
});
