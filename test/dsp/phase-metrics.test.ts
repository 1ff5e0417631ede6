// Per-phase accumulators fed whole batches that straddle phase boundaries.
import { describe, expect, it } from 'vitest';
import { PhaseAccumulator } from '../../dsp/phase-metrics.ts';
import { pacerLetGoMask, DEFAULT_PACER } from '../../training/pacer.ts';

describe('PhaseAccumulator', () => {
  const rate = 100;
  // 0–10 s: 20 µV (contract phase), 10–30 s: 12 µV during inhale and 6 µV during the let-go exhale from 15 s on.
  const env = new Float32Array(30 * rate), mask = new Uint8Array(env.length);
  pacerLetGoMask(DEFAULT_PACER, 0, rate, env.length, mask);
  for (let i = 0; i < env.length; i++) env[i] = i < 1000 ? 20 : i < 1500 ? 12 : mask[i] ? 6 : 12;

  it('splits straddling batches at the boundary and reports per-phase figures', () => {
    const a = new PhaseAccumulator(0, 0, rate, { kind: 'contract', lo: 15, hi: 25 });
    const b = new PhaseAccumulator(1, 1000, rate, { kind: 'relax', upper: 8 });
    a.end(1000);
    for (let i = 0; i < env.length; i += 64) {
      const n = Math.min(64, env.length - i);
      a.push(env.subarray(i), n, i, mask.subarray(i));
      b.push(env.subarray(i), n, i, mask.subarray(i));
    }
    const sa = a.summary(), sb = b.summary();
    expect([sa.startSample, sa.endSample, sa.stats.count, sa.stats.mean, sa.timeInTargetPercent]).toEqual([0, 1000, 1000, 20, 100]);
    expect(sa.relaxLatency).toBeNull();
    expect([sb.startSample, sb.endSample, sb.stats.count]).toEqual([1000, 3000, 2000]);
    // From 15 s the exhale (4–10 s of every 10 s) is at 6 µV: 15–20 s and 24–30 s → 11 s of 20 s = 55 % in target.
    expect(sb.timeInTargetPercent).toBeCloseTo(55, 6);
    // First let-go below 8 µV that lasts ≥ 1 s starts at 15 s (the exhale of breath 1 runs 14–20 s): 5 s after the phase start.
    expect(sb.relaxLatency).toEqual({ kind: 'found', latencyS: 5, belowAtSample: 1500 });
    // Let-go samples: 1 s at 12 µV + 11 s at 6 µV → 6.5 µV; other: 12 µV → (6.5 − 12) / 12 = −45.8 %.
    expect(sb.breathScorePercent).toBeCloseTo(-45.83, 1);
  });
});
