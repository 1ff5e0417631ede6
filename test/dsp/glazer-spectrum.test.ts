// FFT/Welch median frequency and the Glazer assessment metrics on a synthetic session with known answers.
import { describe, expect, it } from 'vitest';
import { Welch, fftInPlace, linearFit, medianFrequencyTrend } from '../../dsp/spectrum.ts';
import { GLAZER_RELIABILITY, OLEKSY_2020_NORMS, analyseGlazer, contractionTiming, type PhaseSpan } from '../../dsp/glazer.ts';
import { noise, sine } from './signals.ts';

describe('FFT and Welch', () => {
  it('FFT of a bin-centred cosine puts N/2 in bins k and N−k', () => {
    const n = 64, re = new Float64Array(n), im = new Float64Array(n);
    for (let i = 0; i < n; i++) re[i] = Math.cos((2 * Math.PI * 5 * i) / n);
    fftInPlace(re, im);
    expect(re[5]).toBeCloseTo(32, 9);
    expect(re[59]).toBeCloseTo(32, 9);
    expect(Math.abs(re[6]!) + Math.abs(im[6]!)).toBeLessThan(1e-9);
  });

  it('median frequency of a sine is its frequency; of two equal tones lies between them', () => {
    const w = Welch.forRate(2000);
    expect(w.segment).toBe(512);
    const x = sine(2000, 100, 10, 1);
    w.estimate(x, 0, x.length);
    expect(Math.abs(w.medianFrequency(20, 900) - 100)).toBeLessThan(w.binHz);
    const y = sine(2000, 60, 10, 1), z = sine(2000, 200, 10, 1);
    const two = y.map((v, i) => v + z[i]!);
    w.estimate(two, 0, two.length);
    const mdf = w.medianFrequency(20, 900);
    expect(mdf).toBeGreaterThan(60);
    expect(mdf).toBeLessThan(200);
  });

  it('median frequency of white noise is mid-band', () => {
    const w = Welch.forRate(1000);
    const x = noise(4000, 5, 9);
    w.estimate(x, 0, x.length);
    expect(Math.abs(w.medianFrequency(20, 450) - 235)).toBeLessThan(20);
  });

  it('tracks a falling median frequency (fatigue) per 1 s window', () => {
    const rate = 1000, secs = 30, x = new Float32Array(rate * secs);
    let phase = 0;
    for (let i = 0; i < x.length; i++) {
      const f = 120 - (40 * Math.floor(i / rate)) / (secs - 1); // 120 → 80 Hz in 1 s steps
      phase += (2 * Math.PI * f) / rate;
      x[i] = Math.sin(phase);
    }
    const t = medianFrequencyTrend(x, rate, 0, x.length, 1);
    expect(t.mdfHz.length).toBe(secs);
    expect(t.slopeHzPerS).toBeCloseTo(-40 / (secs - 1), 1);
    expect(t.changePercent).toBeCloseTo(-33.3, 0);
    expect(linearFit([0, 1, 2], [1, 3, 5])).toEqual({ slope: 2, intercept: 1 });
  });
});

/** Builds the synthetic Glazer session: envelope in µV RMS, phases on a 1 kHz clock. */
function syntheticSession(rate: number): { env: Float32Array; filtered: Float32Array; phases: PhaseSpan[] } {
  const phases: PhaseSpan[] = [];
  const spans: [PhaseSpan['kind'], number][] = [['rest', 60]];
  for (let i = 0; i < 5; i++) spans.push(['flick', 2], ['rest', 10]);
  for (let i = 0; i < 5; i++) spans.push(['hold', 10], ['rest', 10]);
  spans.push(['endurance', 60], ['rest', 60]);
  let t = 0;
  for (const [kind, d] of spans) { phases.push({ kind, start: t * rate, end: (t + d) * rate }); t += d; }
  const env = new Float32Array(t * rate), filtered = new Float32Array(t * rate);
  for (const p of phases) {
    for (let i = p.start; i < p.end; i++) {
      const s = (i - p.start) / rate;
      if (p.kind === 'rest') env[i] = p.start === 0 ? (i % 2 ? 5 : 7) : (i % 2 ? 6 : 8);
      if (p.kind === 'endurance') env[i] = 20;
      if (p.kind === 'hold') env[i] = s < 0.5 ? 6 + 34 * (s / 0.5) : 40;
      if (p.kind === 'flick') env[i] = s <= 1 ? 6 + 44 * s : 50 - (44 * (s - 1)) / 1.5;
    }
  }
  // Each flick falls on into the following rest until 2.5 s after its start.
  for (const p of phases) {
    if (p.kind === 'flick') for (let i = p.end; i < p.end + 0.5 * rate; i++) env[i] = Math.max(6, 50 - (44 * ((i - p.start) / rate - 1)) / 1.5);
  }
  const end = phases.find((p) => p.kind === 'endurance')!;
  let ph = 0;
  for (let i = end.start; i < end.end; i++) {
    ph += (2 * Math.PI * (130 - Math.floor((i - end.start) / rate))) / rate; // 130 → 71 Hz
    filtered[i] = 28.28 * Math.sin(ph);
  }
  return { env, filtered, phases };
}

describe('Glazer assessment metrics', () => {
  const rate = 1000;
  const { env, filtered, phases } = syntheticSession(rate);
  const r = analyseGlazer(env, filtered, rate, phases);

  it('rest baselines: mean, SD and CV %', () => {
    expect(r.restBefore!.meanUv.value).toBeCloseTo(6, 6);
    expect(r.restBefore!.cvPercent.value).toBeCloseTo(100 / 6, 1);
    expect(r.restAfter!.meanUv.value).toBeCloseTo(7, 6);
    expect(r.z.restBefore).toBeCloseTo((6 - 6.26) / 3.33, 4);
  });

  it('flicks: peak, onset latency (cue → 90 % of rest→plateau) and release latency (relax cue → within 10 %)', () => {
    expect(r.flicks!.count).toBe(5);
    expect(r.flicks!.peakUv.value).toBeCloseTo(50, 1);
    // Plateau = median over the flick: rising 6→50 over 1 s and falling 50→20.67 over 1 s → m with
    // (m − 6)/44 + (m − 20.67)/29.33 = 1 → m = 32.40 µV. Onset: 6 + 0.9·26.40 = 29.76 µV, reached at 0.54 s.
    expect(r.flicks!.each[0]!.plateauUv).toBeCloseTo(32.4, 1);
    expect(r.flicks!.onsetLatencyS.value).toBeCloseTo(0.54, 2);
    // Release: back to 6 + 0.1·26.40 = 8.64 µV on 50 − 44(s − 1)/1.5 at s = 2.41, i.e. 0.41 s after the relax cue at 2 s.
    expect(r.flicks!.releaseLatencyS.value).toBeCloseTo(0.41, 2);
    expect(r.flicks!.onsetLatencyS.reliability).toBe('poor');
    expect(r.flicks!.peakUv.reliability).toBe('good');
    // Mean over each 2 s flick: rise 6→50 over 1 s (mean 28) then 50→20.67 over 1 s (mean 35.33) → 31.67 µV.
    expect(r.flicks!.meanUv.value).toBeCloseTo(31.67, 1);
    expect(r.z.flicks).toBeCloseTo((r.flicks!.meanUv.value - 49.76) / 26.44, 10);
  });

  it('holds: mean and peak amplitude', () => {
    expect(r.holds!.count).toBe(5);
    expect(r.holds!.meanUv.value).toBeCloseTo(39.15, 1);
    expect(r.holds!.peakUv.value).toBeCloseTo(40, 3);
    // Ramp 6 → 40 over 0.5 s: 6 + 0.9·34 = 36.6 µV at 0.45 s; the rest after it is at once below 9.4 µV.
    expect(r.holds!.onsetLatencyS.value).toBeCloseTo(0.45, 2);
    expect(r.holds!.releaseLatencyS.value).toBe(0);
  });

  it('endurance: mean amplitude and falling median frequency, flagged poor', () => {
    expect(r.endurance!.meanUv.value).toBeCloseTo(20, 6);
    expect(r.endurance!.medianFrequencySlopeHzPerS.value).toBeCloseTo(-1, 1);
    expect(r.endurance!.medianFrequencyHz.value).toBeCloseTo(100.5, 0);
    expect(r.endurance!.medianFrequencyHz.reliability).toBe('poor');
  });

  it('contraction timing returns NaN release when the envelope never comes back down, and skips non-signal', () => {
    const e = new Float32Array(3000).fill(5);
    e.fill(30, 1000);
    const t = contractionTiming(e, 1000, 1000, 2000, 3000, 5);
    expect(t.onsetLatencyS).toBe(0);
    expect(Number.isNaN(t.releaseLatencyS)).toBe(true);
    // NaN (samples that are not signal) never counts as a crossing: the release is found after them.
    e.fill(5, 2000);
    e.fill(NaN, 2000, 2100);
    expect(contractionTiming(e, 1000, 1000, 2000, 3000, 5).releaseLatencyS).toBeCloseTo(0.1, 9);
  });

  it('carries the published norms and reliability sources as data', () => {
    expect(OLEKSY_2020_NORMS.doi).toBe('10.1097/MD.0000000000019060');
    expect([OLEKSY_2020_NORMS.flicks.mean, OLEKSY_2020_NORMS.holds.sd, OLEKSY_2020_NORMS.restAfter.mean]).toEqual([49.76, 25.99, 6.93]);
    expect(GLAZER_RELIABILITY.doi).toBe('10.3390/ijerph18020765');
  });
});
