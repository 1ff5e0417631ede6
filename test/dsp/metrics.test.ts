// Session metrics on synthetic envelopes with known answers: stats, time in target, relaxation latency, breath score.
import { describe, expect, it } from 'vitest';
import {
  BreathCoordination, RelaxationLatency, RunningStats, TimeInTarget, inTarget, relaxationLatency, statsOf,
} from '../../dsp/metrics.ts';

describe('RunningStats', () => {
  it('matches textbook mean, sample SD, CV and peak', () => {
    const s = statsOf([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s.cvPercent).toBeCloseTo((100 * Math.sqrt(32 / 7)) / 5, 10);
    expect(s.peak).toBe(9);
    expect(s.min).toBe(2);
    const r = new RunningStats();
    expect(Number.isNaN(r.mean)).toBe(true);
    r.push(3);
    expect(r.sd).toBe(0);
  });

  it('stays accurate on a large offset (Welford, no catastrophic cancellation)', () => {
    const r = new RunningStats();
    for (let i = 0; i < 100000; i++) r.push(1e6 + (i % 2 === 0 ? 1 : -1));
    expect(r.mean).toBeCloseTo(1e6, 6);
    expect(r.sd).toBeCloseTo(1, 4);
  });
});

describe('TimeInTarget', () => {
  it('counts a relaxation upper limit and a contraction band', () => {
    const env = Float32Array.from({ length: 100 }, (_, i) => i); // 0..99
    const relax = new TimeInTarget({ kind: 'relax', upper: 24.5 });
    relax.push(env.subarray(0, 50), 50);
    relax.push(env.subarray(50), 50);
    expect(relax.percent()).toBe(25);
    expect(relax.secondsInside(10)).toBe(2.5);
    const band = new TimeInTarget({ kind: 'contract', lo: 40, hi: 59 });
    band.push(env, 100);
    expect(band.percent()).toBe(20);
    expect(inTarget({ kind: 'contract', lo: 1, hi: 2 }, 3)).toBe(false);
    expect(Number.isNaN(new TimeInTarget({ kind: 'relax', upper: 1 }).percent())).toBe(true);
  });
});

describe('relaxation latency', () => {
  const rate = 100;
  // High (20 µV) until 3.0 s, dips below 5 µV at 3.0–3.5 s, back up 3.5–4.0 s, below for good from 4.0 s.
  const env = new Float32Array(10 * rate).fill(20);
  env.fill(3, 300, 350);
  env.fill(3, 400);

  it('reports when the envelope first went below and stayed ≥ 1 s', () => {
    const r = relaxationLatency(env, rate, 200, 5);
    expect(r).toEqual({ kind: 'found', latencyS: 2, belowAtSample: 400 });
    // With a 0.4 s hold requirement the first dip already counts.
    expect(relaxationLatency(env, rate, 200, 5, 0.4)).toEqual({ kind: 'found', latencyS: 1, belowAtSample: 300 });
  });

  it('works across batch boundaries and reports pending before it is settled', () => {
    const r = new RelaxationLatency(rate, 5);
    expect(r.result().kind).toBe('no-cue');
    r.cue(200);
    for (let i = 0; i < 450; i += 7) r.push(env.subarray(i, i + 7), Math.min(7, 450 - i), i);
    expect(r.result()).toEqual({ kind: 'pending', sinceCueS: 2.5 });
    for (let i = 450; i < env.length; i += 7) r.push(env.subarray(i, i + 7), Math.min(7, env.length - i), i);
    expect(r.result()).toEqual({ kind: 'found', latencyS: 2, belowAtSample: 400 });
  });

  it('ignores samples before the cue', () => {
    const low = new Float32Array(500).fill(1);
    expect(relaxationLatency(low, rate, 100, 5)).toEqual({ kind: 'found', latencyS: 0, belowAtSample: 100 });
  });
});

describe('BreathCoordination', () => {
  it('scores (letGo − other)/other in %; negative when tension drops with the let-go phase', () => {
    const env = new Float32Array(100), mask = new Uint8Array(100);
    for (let i = 0; i < 100; i++) { mask[i] = i % 10 < 6 ? 1 : 0; env[i] = mask[i] ? 8 : 10; }
    const b = new BreathCoordination();
    b.push(env.subarray(0, 33), mask.subarray(0, 33), 33);
    b.push(env.subarray(33), mask.subarray(33), 67);
    expect(b.meanLetGo()).toBe(8);
    expect(b.meanOther()).toBe(10);
    expect(b.scorePercent()).toBeCloseTo(-20, 10);
    b.reset();
    expect(Number.isNaN(b.scorePercent())).toBe(true);
  });
});
