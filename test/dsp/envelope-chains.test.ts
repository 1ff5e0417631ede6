// RMS envelope, decimation, the full EMG chain on raw counts, and the pressure chain with exact unit factors.
import { describe, expect, it } from 'vitest';
import { EnvelopeDecimator, RmsEnvelope, decimateEnvelope, windowSamples } from '../../dsp/envelope.ts';
import { createEmgChain } from '../../dsp/emg-chain.ts';
import {
  PA_PER_CMH2O, PA_PER_MMHG, convertPressure, createPressureChain, pressureFactor,
} from '../../dsp/pressure.ts';
import { noise, rms, sine, sineCounts } from './signals.ts';

describe('RmsEnvelope', () => {
  it('gives A/√2 for a sine of peak A within 1 %', () => {
    for (const [rate, f] of [[2000, 80], [1000, 37], [500, 113]] as const) {
      const x = sine(rate, f, 30, 3);
      const env = RmsEnvelope.forRate(rate, 200);
      const y = new Float32Array(x.length);
      env.process(x, y, x.length);
      for (let i = rate; i < x.length; i += 97) expect(Math.abs(y[i]! / (30 / Math.SQRT2) - 1)).toBeLessThan(0.01);
    }
  });

  it('uses an exact window in samples and forgets old input after one window', () => {
    expect(windowSamples(2000, 200)).toBe(400);
    expect(windowSamples(1000, 50)).toBe(50);
    const env = new RmsEnvelope(100);
    const x = new Float32Array(300);
    x.fill(4, 0, 100); // 100 samples of 4, then zeros
    const y = new Float32Array(300);
    env.process(x, y, 300);
    expect(y[99]).toBeCloseTo(4, 6);
    expect(y[150]).toBeCloseTo(4 * Math.sqrt(49 / 100), 5);
    expect(y[199]).toBe(0);
  });

  it('divides by samples seen during warm-up and matches a block-wise run', () => {
    const x = noise(5000, 10, 3);
    const a = new RmsEnvelope(333), b = new RmsEnvelope(333);
    const ya = new Float32Array(5000), yb = new Float32Array(5000);
    a.process(x, ya, 5000);
    for (let i = 0; i < 5000; i += 61) b.process(x.subarray(i), yb.subarray(i), Math.min(61, 5000 - i));
    expect(Array.from(yb)).toEqual(Array.from(ya));
    expect(ya[9]).toBeCloseTo(rms(x, 0, 10), 4);
    expect(ya[4999]).toBeCloseTo(rms(x, 5000 - 333, 5000), 3);
  });
});

describe('envelope decimation', () => {
  it('keeps phase across calls and supports last/max/mean', () => {
    const x = Float32Array.from({ length: 20 }, (_, i) => i);
    const out = new Float32Array(10);
    const d = new EnvelopeDecimator(4, 'last');
    expect(d.push(x.subarray(0, 6), 6, out)).toBe(1);
    expect(out[0]).toBe(3);
    expect(d.push(x.subarray(6), 14, out)).toBe(4);
    expect(Array.from(out.subarray(0, 4))).toEqual([7, 11, 15, 19]);
    expect(decimateEnvelope(x, 20, 5, out, 'max')).toBe(4);
    expect(Array.from(out.subarray(0, 4))).toEqual([4, 9, 14, 19]);
    expect(decimateEnvelope(x, 20, 5, out, 'mean')).toBe(4);
    expect(Array.from(out.subarray(0, 4))).toEqual([2, 7, 12, 17]);
    expect(EnvelopeDecimator.forRates(2000, 60).factor).toBe(33);
  });
});

describe('EmgChain', () => {
  it('turns raw counts + scale into filtered µV and envelope µV RMS; removes mains and DC offset', () => {
    const rate = 2000, scale = 0.1; // 0.1 µV per count
    const emg = sineCounts(rate, 120, 200, 4); // 20 µV peak at 120 Hz
    const hum = sineCounts(rate, 50, 1000, 4); // 100 µV of 50 Hz hum
    const raw = new Int32Array(emg.length);
    for (let i = 0; i < raw.length; i++) raw[i] = emg[i]! + hum[i]! + 5000; // + 500 µV electrode offset
    const r = createEmgChain(rate, { bandHz: [20, 500], notchHz: 50, rmsWindowMs: 200 });
    if (!r.ok) throw new Error(r.error.kind);
    const filtered = new Float32Array(raw.length), env = new Float32Array(raw.length);
    for (let i = 0; i < raw.length; i += 50) r.value.process(raw.subarray(i), scale, Math.min(50, raw.length - i), filtered.subarray(i), env.subarray(i));
    const expected = 20 / Math.SQRT2;
    expect(Math.abs(env[raw.length - 1]! / expected - 1)).toBeLessThan(0.03);
    expect(Math.abs(rms(filtered, 2 * rate) / expected - 1)).toBeLessThan(0.03);
  });

  it('reset() makes a re-run reproduce the first run exactly', () => {
    const r = createEmgChain(1000);
    if (!r.ok) throw new Error('chain');
    const raw = sineCounts(1000, 90, 500, 1);
    const f1 = new Float32Array(1000), e1 = new Float32Array(1000), f2 = new Float32Array(1000), e2 = new Float32Array(1000);
    r.value.process(raw, 1, 1000, f1, e1);
    r.value.reset();
    r.value.process(raw, 1, 1000, f2, e2);
    expect(Array.from(e2)).toEqual(Array.from(e1));
  });
});

describe('pressure units and chain', () => {
  it('uses exact factors derived from Pa definitions', () => {
    expect(pressureFactor('mmHg', 'cmH2O')).toBeCloseTo(1.35951, 5);
    expect(pressureFactor('mmHg', 'cmH2O')).toBe(PA_PER_MMHG / PA_PER_CMH2O);
    expect(pressureFactor('hPa', 'mmHg')).toBeCloseTo(0.750062, 6);
    expect(convertPressure(1, 'kPa', 'hPa')).toBe(10);
    expect(convertPressure(convertPressure(38.6, 'cmH2O', 'mmHg'), 'mmHg', 'cmH2O')).toBeCloseTo(38.6, 10);
  });

  it('smooths with a ~10 Hz low-pass, clamps below Nyquist, tares and converts', () => {
    const rate = 40;
    const r = createPressureChain(rate, { lowPassHz: 10, inputUnit: 'hPa', outputUnit: 'mmHg' });
    if (!r.ok) throw new Error(r.error.kind);
    const chain = r.value;
    expect(chain.lowPassHz).toBe(10);
    const raw = new Int32Array(rate * 10).fill(101325); // 1013.25 hPa absolute at 0.01 hPa/count
    const out = new Float32Array(raw.length);
    chain.process(raw, 0.01, raw.length, out);
    expect(out[0]).toBeCloseTo(1013.25 * 0.750062, 2); // primed: no start-up ringing
    expect(chain.tare()).toBeCloseTo(1013.25, 3);
    for (let i = 0; i < raw.length; i++) raw[i] = 101325 + 4000; // +40 hPa squeeze
    chain.process(raw, 0.01, raw.length, out);
    expect(out[raw.length - 1]).toBeCloseTo(40 * (100 / PA_PER_MMHG), 3);
    const clamped = createPressureChain(10, { lowPassHz: 10, inputUnit: 'mmHg', outputUnit: 'mmHg' });
    expect(clamped.ok && clamped.value.lowPassHz).toBe(4.5);
    const bad = createPressureChain(100, { lowPassHz: -1, inputUnit: 'mmHg', outputUnit: 'mmHg' });
    expect(!bad.ok && bad.error.kind).toBe('out-of-range');
    const unit = createPressureChain(100, { lowPassHz: 5, inputUnit: 'psi' as 'mmHg', outputUnit: 'mmHg' });
    expect(!unit.ok && unit.error).toEqual({ kind: 'unknown-unit', unit: 'psi' });
  });

  it('attenuates 20 Hz ripple by ≥ 10 dB at 100 Hz sampling', () => {
    const r = createPressureChain(100, { lowPassHz: 10, inputUnit: 'mmHg', outputUnit: 'mmHg' });
    if (!r.ok) throw new Error('chain');
    const x = sine(100, 20, 5, 4);
    const y = new Float32Array(x.length);
    r.value.process(x, 1, x.length, y);
    expect(20 * Math.log10(rms(y, 200) / rms(x, 200))).toBeLessThan(-10);
  });
});
