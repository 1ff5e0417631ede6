// Breathing pacer clock: phase timing, segments for shading, let-go mask and settings validation.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PACER, pacerLetGoMask, pacerPhaseAt, pacerSegments, pacerTimings, validatePacerSettings, type PacerSettings,
} from '../../training/pacer.ts';

describe('pacer timing', () => {
  it('defaults to 6 breaths/min with inhale:exhale 1:1.5 → 4 s in, 6 s out', () => {
    expect(pacerTimings(DEFAULT_PACER)).toEqual({ periodS: 10, inhaleS: 4, holdInS: 0, exhaleS: 6, holdOutS: 0 });
    expect(pacerPhaseAt(DEFAULT_PACER, 0)).toEqual({ phase: 'inhale', progress01: 0, letGo: false, breathIndex: 0 });
    expect(pacerPhaseAt(DEFAULT_PACER, 2)).toEqual({ phase: 'inhale', progress01: 0.5, letGo: false, breathIndex: 0 });
    expect(pacerPhaseAt(DEFAULT_PACER, 4)).toEqual({ phase: 'exhale', progress01: 0, letGo: true, breathIndex: 0 });
    expect(pacerPhaseAt(DEFAULT_PACER, 8.5)).toEqual({ phase: 'exhale', progress01: 0.75, letGo: true, breathIndex: 0 });
    expect(pacerPhaseAt(DEFAULT_PACER, 123)).toMatchObject({ phase: 'inhale', breathIndex: 12 });
  });

  it('puts holds inside the breath and can cue let-go on the in-breath', () => {
    const s: PacerSettings = { breathsPerMin: 4, ratio: [1, 2], holdAfterInhaleS: 3, holdAfterExhaleS: 3, letGoPhase: 'inhale' };
    // 15 s breath: 3 s hold-in + 3 s hold-out → 9 s breathing: 3 s in, 6 s out.
    expect(pacerTimings(s)).toEqual({ periodS: 15, inhaleS: 3, holdInS: 3, exhaleS: 6, holdOutS: 3 });
    expect(pacerPhaseAt(s, 1.5)).toMatchObject({ phase: 'inhale', letGo: true, progress01: 0.5 });
    expect(pacerPhaseAt(s, 4)).toMatchObject({ phase: 'hold-in', letGo: false });
    expect(pacerPhaseAt(s, 7)).toMatchObject({ phase: 'exhale', letGo: false });
    expect(pacerPhaseAt(s, 13.5)).toMatchObject({ phase: 'hold-out', progress01: 0.5 });
  });

  it('is a pure function of the sample clock (sample index / rate)', () => {
    const rate = 2000;
    const a = pacerPhaseAt(DEFAULT_PACER, 123457 / rate), b = pacerPhaseAt(DEFAULT_PACER, 123457 / rate);
    expect(a).toEqual(b);
    expect(pacerPhaseAt(DEFAULT_PACER, 7999 / rate).phase).toBe('inhale');
    expect(pacerPhaseAt(DEFAULT_PACER, 8000 / rate).phase).toBe('exhale');
  });
});

describe('pacerSegments', () => {
  it('lists clipped phases in order without zero-length holds', () => {
    const segs = pacerSegments(DEFAULT_PACER, 2, 25);
    expect(segs.map((s) => [s.phase, s.start, s.end, s.breathIndex])).toEqual([
      ['inhale', 2, 4, 0], ['exhale', 4, 10, 0], ['inhale', 10, 14, 1], ['exhale', 14, 20, 1], ['inhale', 20, 24, 2], ['exhale', 24, 25, 2],
    ]);
    expect(segs.filter((s) => s.letGo).length).toBe(3);
    expect(pacerSegments(DEFAULT_PACER, 5, 5)).toEqual([]);
  });

  it('caps the number of segments for absurd ranges', () => {
    expect(pacerSegments(DEFAULT_PACER, 0, 1e9).length).toBe(10_000);
  });
});

describe('pacerLetGoMask', () => {
  it('marks let-go samples exactly like pacerPhaseAt, across batches', () => {
    const rate = 250, mask = new Uint8Array(rate * 30);
    for (let i = 0; i < mask.length; i += 37) pacerLetGoMask(DEFAULT_PACER, i, rate, Math.min(37, mask.length - i), mask.subarray(i));
    for (let i = 0; i < mask.length; i++) expect(mask[i]).toBe(pacerPhaseAt(DEFAULT_PACER, i / rate).letGo ? 1 : 0);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(rate * 18); // 6 s of every 10 s
  });
});

describe('validatePacerSettings', () => {
  it('accepts the defaults and reports clear error values', () => {
    expect(validatePacerSettings(DEFAULT_PACER).ok).toBe(true);
    const slow = validatePacerSettings({ ...DEFAULT_PACER, breathsPerMin: 2 });
    expect(!slow.ok && slow.error).toEqual({ kind: 'out-of-range', field: 'breathsPerMin', value: 2, min: 3, max: 12 });
    const nan = validatePacerSettings({ ...DEFAULT_PACER, breathsPerMin: NaN });
    expect(!nan.ok && nan.error.kind).toBe('out-of-range');
    const ratio = validatePacerSettings({ ...DEFAULT_PACER, ratio: [1, 5] });
    expect(!ratio.ok && ratio.error).toMatchObject({ field: 'ratio', value: 5 });
    const hold = validatePacerSettings({ ...DEFAULT_PACER, holdAfterExhaleS: 11 });
    expect(!hold.ok && hold.error).toMatchObject({ field: 'holdAfterExhaleS' });
    const tooLong = validatePacerSettings({ ...DEFAULT_PACER, breathsPerMin: 12, holdAfterInhaleS: 2, holdAfterExhaleS: 2 });
    expect(!tooLong.ok && tooLong.error.kind).toBe('holds-too-long');
    const phase = validatePacerSettings({ ...DEFAULT_PACER, letGoPhase: 'hold' as 'exhale' });
    expect(!phase.ok && phase.error).toEqual({ kind: 'unknown-let-go-phase', value: 'hold' });
  });
});
