// Drop practice: time from the let-go cue back to the resting level, on a synthetic envelope with known answers.
import { describe, expect, it } from 'vitest';
import { analyseDropPractice } from '../../dsp/drop.ts';
import { analyseGlazer, type PhaseSpan } from '../../dsp/glazer.ts';

describe('analyseDropPractice', () => {
  const rate = 100;
  // 10 s rest at 5 µV, then 3 × (5 s squeeze at 45 µV, 15 s drop). Exponential-free linear decays of 1, 2 and ∞ s.
  const phases: PhaseSpan[] = [{ kind: 'rest', start: 0, end: 1000 }];
  for (let k = 0; k < 3; k++) {
    const s = 1000 + k * 2000;
    phases.push({ kind: 'hold', start: s, end: s + 500 }, { kind: 'drop', start: s + 500, end: s + 2000 });
  }
  const env = new Float32Array(7000).fill(5);
  const decayS = [1, 2, Infinity];
  phases.filter((p) => p.kind === 'hold').forEach((p, k) => {
    env.fill(45, p.start, p.end);
    for (let i = p.end; i < p.end + 1500; i++) {
      const t = (i - p.end) / rate;
      env[i] = Number.isFinite(decayS[k]!) ? Math.max(5, 45 - (40 * t) / decayS[k]!) : 45;
    }
  });

  it('measures the return to baseline + 10 % of the squeeze for each drop', () => {
    const r = analyseDropPractice(env, rate, phases);
    expect(r.baselineUv).toBe(5);
    expect(r.drops.map((d) => d.thresholdUv)).toEqual([9, 9, 9]);
    // 45 − 40 t / T < 9 ⇔ t > 0.9 T: first sample strictly below is at 0.91 T.
    expect(r.drops[0]!.returnS).toBeCloseTo(0.91, 6);
    expect(r.drops[1]!.returnS).toBeCloseTo(1.81, 6);
    expect(Number.isNaN(r.drops[2]!.returnS)).toBe(true);
    expect(r.meanReturnS).toBeCloseTo(1.36, 6);
  });

  it('Glazer analysis does not treat drop phases as contractions', () => {
    const g = analyseGlazer(env, new Float32Array(env.length), rate, phases);
    expect(g.holds!.count).toBe(3);
    // Step to 45 µV at the cue: onset at once; release = 45 − 40 t ≤ 5 + 0.1·40 = 9 µV at t = 0.9 s after the let-go cue.
    expect(g.holds!.each[0]!.onsetLatencyS).toBe(0);
    expect(g.holds!.each[0]!.releaseLatencyS).toBeCloseTo(0.9, 6);
    expect(g.holds!.each[1]!.releaseLatencyS).toBeCloseTo(1.8, 6);
  });
});
