// Property tests: stability and pass-band over random rates and bands; envelope equals a brute-force RMS.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BiquadCascade } from '../../dsp/biquad.ts';
import { emgSections, resolveEmgSettings } from '../../dsp/emg-chain.ts';
import { RmsEnvelope } from '../../dsp/envelope.ts';
import { measuredGainDb, noise, rms } from './signals.ts';

describe('EMG filter properties', () => {
  it('any accepted rate/band/notch gives a stable cascade with ~0 dB mid-band', () => {
    fc.assert(fc.property(
      fc.integer({ min: 250, max: 8000 }), fc.integer({ min: 5, max: 150 }), fc.integer({ min: 200, max: 1000 }), fc.constantFrom(0, 50, 60),
      (rate, lo, hi, notch) => {
        const r = resolveEmgSettings(rate, { bandHz: [lo, hi], notchHz: notch as 0 | 50 | 60, rmsWindowMs: 200 });
        if (!r.ok) return r.error.kind === 'empty-band' && Math.min(hi, 0.45 * rate) < 2 * lo;
        const c = new BiquadCascade(emgSections(r.value));
        if (!(c.maxPoleRadius() < 1)) return false;
        // Band-pass alone is flat within 1 dB at the band's geometric centre…
        const band = new BiquadCascade(emgSections({ ...r.value, notchHz: 0 }));
        if (!(Math.abs(20 * Math.log10(band.magnitudeAt(rate, Math.sqrt(r.value.loHz * r.value.hiHz)))) < 1)) return false;
        // …and the notch costs < 0.5 dB 15 Hz or more away from the mains frequency.
        if (r.value.notchHz === 0) return true;
        const n = c.length - 1, notchOnly = new BiquadCascade([c.sectionAt(n)]);
        return [r.value.notchHz - 15, r.value.notchHz + 15].every((f) => f <= 0 || f >= rate / 2 || 20 * Math.log10(notchOnly.magnitudeAt(rate, f)) > -0.5);
      }), { numRuns: 200 });
  });

  it('streaming gain equals the analytic gain for random probe frequencies', () => {
    fc.assert(fc.property(fc.constantFrom(500, 1000, 2000), fc.double({ min: 0.02, max: 0.4, noNaN: true }), (rate, relF) => {
      const r = resolveEmgSettings(rate, { bandHz: [20, 500], notchHz: 50, rmsWindowMs: 200 });
      if (!r.ok) return false;
      const c = new BiquadCascade(emgSections(r.value));
      const f = relF * rate;
      const analytic = 20 * Math.log10(c.magnitudeAt(rate, f));
      if (analytic < -60) return true; // below the float32 noise floor of the measurement
      return Math.abs(measuredGainDb(c, rate, f) - analytic) < 0.2;
    }), { numRuns: 40 });
  });
});

describe('RmsEnvelope properties', () => {
  it('equals a brute-force RMS over the trailing window for random windows and batchings', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 97 }), fc.integer({ min: 1, max: 1e6 }), (win, batch, seed) => {
      const x = noise(1200, 20, seed);
      const env = new RmsEnvelope(win);
      const y = new Float32Array(x.length);
      for (let i = 0; i < x.length; i += batch) env.process(x.subarray(i), y.subarray(i), Math.min(batch, x.length - i));
      for (const i of [0, win - 1, win, 777, x.length - 1]) {
        if (i < 0 || i >= x.length) continue;
        const want = rms(x, Math.max(0, i - win + 1), i + 1);
        if (Math.abs(y[i]! - want) > 1e-4 * Math.max(1, want)) return false;
      }
      return true;
    }), { numRuns: 100 });
  });
});
