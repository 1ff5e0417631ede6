// Pacer shading on the sample clock, the feedback tone mapping, and the accessory-muscle flag.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACER, pacerSegments, type PacerSettings } from '../../training/pacer.ts';
import { forEachPacerSegment, pacerRun } from '../../renderer/biofeedback/pacer-shading.ts';
import { toneFor, TONE_HZ, TONE_MAX_GAIN, cueHz } from '../../renderer/audio/tone-map.ts';
import { accessoryUse, RestTracker } from '../../renderer/biofeedback/accessory.ts';

function collect(run: ReturnType<typeof pacerRun>, a: number, b: number) {
  const out: { phase: string; letGo: boolean; start: number; end: number }[] = [];
  forEachPacerSegment(run, a, b, (phase, letGo, start, end) => out.push({ phase, letGo, start, end }));
  return out;
}

describe('pacer shading', () => {
  it('matches training/pacerSegments for a run starting at 0, holds included', () => {
    const s: PacerSettings = { ...DEFAULT_PACER, breathsPerMin: 5, holdAfterInhaleS: 1, holdAfterExhaleS: 2 };
    const ours = collect(pacerRun(0, s), 7.3, 41.9);
    const ref = pacerSegments(s, 7.3, 41.9).map((x) => ({ phase: x.phase, letGo: x.letGo, start: x.start, end: x.end }));
    expect(ours.length).toBe(ref.length);
    ours.forEach((o, i) => { expect(o.phase).toBe(ref[i]!.phase); expect(o.letGo).toBe(ref[i]!.letGo); expect(o.start).toBeCloseTo(ref[i]!.start, 9); expect(o.end).toBeCloseTo(ref[i]!.end, 9); });
  });
  it('a run started and stopped mid-window shades only its own time, shifted to its start', () => {
    const run = pacerRun(12.5, DEFAULT_PACER);
    run.endS = 31;
    const segs = collect(run, 0, 40);
    expect(segs[0]).toMatchObject({ phase: 'inhale', start: 12.5 });
    expect(segs[0]!.end).toBeCloseTo(16.5, 9); // 6/min, 1:1.5 → 4 s in, 6 s out
    expect(segs[1]).toMatchObject({ phase: 'exhale', letGo: true });
    expect(segs.at(-1)!.end).toBe(31);
    const covered = segs.reduce((s, x) => s + x.end - x.start, 0);
    expect(covered).toBeCloseTo(31 - 12.5, 9);
    expect(collect(run, 31, 50)).toEqual([]);
  });
});

describe('feedback tone', () => {
  const t = { relaxUpper: 10, contractLo: 20, contractHi: 40, relative: false };
  const out = new Float64Array(2);
  it('pitch follows tension, monotonic from 196 Hz up to 784 Hz at the band top', () => {
    let prev = 0;
    for (const v of [0, 5, 10, 20, 30, 40, 80]) {
      toneFor(v, 'pitch', 1, t, out);
      expect(out[0]).toBeGreaterThanOrEqual(prev);
      expect(out[1]).toBeCloseTo(TONE_MAX_GAIN, 12);
      prev = out[0]!;
    }
    toneFor(0, 'pitch', 1, t, out); expect(out[0]).toBeCloseTo(TONE_HZ.min, 9);
    toneFor(40, 'pitch', 1, t, out); expect(out[0]).toBeCloseTo(TONE_HZ.max, 9);
  });
  it('quiet when relaxed: silent at or below the relaxation target, audible above it, scaled by volume', () => {
    toneFor(9.9, 'quiet', 1, t, out); expect(out[1]).toBe(0);
    toneFor(10, 'quiet', 1, t, out); expect(out[1]).toBe(0);
    toneFor(11, 'quiet', 1, t, out); expect(out[1]).toBeGreaterThan(0);
    const loud = out[1]!;
    toneFor(11, 'quiet', 0.5, t, out); expect(out[1]).toBeCloseTo(loud / 2, 12);
    toneFor(NaN, 'pitch', 1, t, out); expect(out[1]).toBe(0);
  });
  it('cues: higher for breathing in than out', () => expect(cueHz('inhale')).toBeGreaterThan(cueHz('exhale')));
});

describe('accessory-muscle flag', () => {
  it('rest tracker falls fast and rises slowly', () => {
    const r = new RestTracker();
    r.push(10); r.push(4);
    expect(r.value).toBeCloseTo(7, 9);
    for (let i = 0; i < 40; i++) r.push(60); // 10 s of a hold at 4 Hz
    expect(r.value).toBeLessThan(20);
    r.push(NaN);
    expect(Number.isFinite(r.value)).toBe(true);
  });
  it('flags only when both the pelvic floor and the belly rise', () => {
    expect(accessoryUse(45, 5, 9, 3, 10)).toBe(true);      // hold, ABD up 3×
    expect(accessoryUse(45, 5, 3.3, 3, 10)).toBe(false);   // hold, ABD calm
    expect(accessoryUse(6, 5, 9, 3, 10)).toBe(false);      // ABD alone (e.g. a cough)
    expect(accessoryUse(45, 5, 4.4, 3, 10)).toBe(false);   // under the µV floor
    expect(accessoryUse(45, NaN, 9, 3, 10)).toBe(false);
  });
});
