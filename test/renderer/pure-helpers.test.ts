// Pure renderer helpers: mains default, targets and zones, pacer animation, ranges, countdown, metric and zone texts.
import { errorMessage } from '../../renderer/i18n/translate.ts';
import { preselect } from '../../renderer/devices/device-choice.ts';
import { describe, expect, it } from 'vitest';
import { defaultNotchHz, regionOf } from '../../renderer/settings/mains.ts';
import { DEFAULT_EMG_TARGETS, proposeTargets, resolveTargets, targetProblem, zoneOf } from '../../renderer/biofeedback/targets.ts';
import { pacerScale, PACER_SCALE } from '../../renderer/pacer/pacer-scale.ts';
import { decimateWindow, zeroBasedRange } from '../../renderer/live/decimate.ts';
import { allocRing, pushValues, SampleRing } from '../../renderer/live/sample-ring.ts';
import { clockText } from '../../renderer/exercises/clock-text.ts';
import { metricTexts } from '../../renderer/metrics/metric-texts.ts';
import { zoneKey } from '../../renderer/biofeedback/zone-text.ts';
import type { PhaseSummary } from '../../dsp/phase-metrics.ts';

describe('mains notch default from the locale', () => {
  it.each([
    ['en-US', 60], ['es-MX', 60], ['pt-BR', 60], ['es-419', 60], ['ko-KR', 60], ['zh-Hant-TW', 60], ['fr-CA', 60],
    ['en-GB', 50], ['nl-NL', 50], ['nl', 50], ['de-DE', 50], ['ja-JP', 50], ['en_AU', 50],
  ] as const)('%s → %i Hz', (loc, hz) => expect(defaultNotchHz(loc)).toBe(hz));
  it('no locale → 50 Hz; region parsing skips scripts', () => {
    expect(defaultNotchHz(undefined)).toBe(50);
    expect(regionOf('zh-Hant-TW')).toBe('TW');
    expect(regionOf('en')).toBeNull();
    expect(regionOf('en_us')).toBe('US');
  });
});

describe('targets', () => {
  const cfg = { ...DEFAULT_EMG_TARGETS, relaxUpper: 10, contractLo: 20, contractHi: 40 };
  it('absolute targets are used as they are, even with a calibration', () => {
    expect(resolveTargets(cfg, { restMean: 5, mvc: 100 })).toEqual({ relaxUpper: 10, contractLo: 20, contractHi: 40, relative: false });
  });
  it('relative targets follow the calibration: % of rest mean and % of MVC', () => {
    const r = resolveTargets({ ...cfg, mode: 'relative', relaxPercentOfRest: 120, contractLoPercentMvc: 40, contractHiPercentMvc: 70 }, { restMean: 5, mvc: 50 });
    expect(r.relaxUpper).toBeCloseTo(6, 12);
    expect(r.contractLo).toBeCloseTo(20, 12);
    expect(r.contractHi).toBeCloseTo(35, 12);
    expect(r.relative).toBe(true);
  });
  it('relative without MVC keeps the fixed band; without calibration falls back to fixed values', () => {
    const rel = { ...cfg, mode: 'relative' as const };
    expect(resolveTargets(rel, { restMean: 4, mvc: null })).toEqual({ relaxUpper: 4, contractLo: 20, contractHi: 40, relative: true });
    expect(resolveTargets(rel, null).relative).toBe(false);
  });
  it('proposes relax ≤ rest mean and contract 40–70 % MVC, rounded to 0.1', () => {
    const p = proposeTargets(cfg, { restMean: 6.26, mvc: 49.76 });
    expect([p.relaxUpper, p.contractLo, p.contractHi]).toEqual([6.3, 19.9, 34.8]);
    expect(p.mode).toBe('absolute');
  });
  it('zones: relax in/above, contract below/in/above, NaN none', () => {
    const t = resolveTargets(cfg, null);
    expect(zoneOf(10, 'relax', t)).toBe('in');
    expect(zoneOf(10.01, 'relax', t)).toBe('above');
    expect(zoneOf(19.9, 'contract', t)).toBe('below');
    expect(zoneOf(30, 'contract', t)).toBe('in');
    expect(zoneOf(41, 'contract', t)).toBe('above');
    expect(zoneOf(NaN, 'relax', t)).toBe('none');
  });
  it('checks the numbers', () => {
    expect(targetProblem(cfg)).toBeNull();
    expect(targetProblem({ ...cfg, contractHi: 15 })).toBe('contractHi');
    expect(targetProblem({ ...cfg, relaxUpper: 0 })).toBe('relaxUpper');
    expect(targetProblem({ ...cfg, contractHiPercentMvc: 30 })).toBe('contractHiPercentMvc');
  });
  it('zone words: icon-free keys per target and zone', () => {
    expect(zoneKey('in', 'relax', true)).toBe('zone.relax.in');
    expect(zoneKey('above', 'relax', true)).toBe('zone.relax.above');
    expect(zoneKey('below', 'contract', true)).toBe('zone.contract.below');
    expect(zoneKey('in', null, true)).toBe('zone.none');
    expect(zoneKey('in', 'relax', false)).toBe('zone.wait');
  });
});

describe('breathing animation scale', () => {
  it('grows over the inhale, holds, shrinks over the exhale, smoothly', () => {
    expect(pacerScale('inhale', 0)).toBeCloseTo(PACER_SCALE.min, 12);
    expect(pacerScale('inhale', 1)).toBeCloseTo(PACER_SCALE.max, 12);
    expect(pacerScale('hold-in', 0.3)).toBe(PACER_SCALE.max);
    expect(pacerScale('exhale', 0.5)).toBeCloseTo((PACER_SCALE.min + PACER_SCALE.max) / 2, 12);
    expect(pacerScale('exhale', 1)).toBeCloseTo(PACER_SCALE.min, 12);
    let prev = 0;
    for (let p = 0; p <= 1; p += 0.05) { const s = pacerScale('inhale', p); expect(s).toBeGreaterThanOrEqual(prev); prev = s; }
  });
});

describe('trace ranges and decimation', () => {
  it('zero-based range grows at once and shrinks only when the data uses under a third', () => {
    const r1 = zeroBasedRange(null, 9);
    expect(r1[0]).toBe(0);
    expect(r1[1]).toBeGreaterThanOrEqual(9 * 1.1);
    expect(zeroBasedRange(r1, 5)).toBe(r1);
    const r2 = zeroBasedRange(r1, 30);
    expect(r2[1]).toBeGreaterThanOrEqual(33);
    expect(zeroBasedRange(r2, 3)[1]).toBeLessThan(r2[1]);
  });
  it('min/max decimation keeps every peak of a processed ring', () => {
    const ring = new SampleRing(allocRing(2000, 1, false));
    const v = new Float32Array(60_000);
    for (let i = 0; i < v.length; i++) v[i] = 5 + (i % 1000 === 500 ? 50 : 0);
    pushValues(ring, v, v.length, 0);
    const xs = new Float64Array(2000), ys = new Float64Array(2000);
    const n = decimateWindow(ring, 60_000, 60_000, 600, xs, ys);
    expect(n).toBe(1200);
    let peaks = 0;
    for (let k = 0; k < n; k++) if (ys[k] === 55) peaks++;
    expect(peaks).toBe(60);
  });
});

describe('texts', () => {
  it('countdown m:ss rounds up', () => {
    expect(clockText(0)).toBe('0:00');
    expect(clockText(9.01)).toBe('0:10');
    expect(clockText(600)).toBe('10:00');
    expect(clockText(-3)).toBe('0:00');
  });
  it('metric texts carry units; missing values are dashes', () => {
    const m: PhaseSummary = {
      phaseIndex: 0, startSample: 0, endSample: 100,
      stats: { count: 100, mean: 6.26, sd: 1.5, cvPercent: 23.96, peak: 9.04, min: 4 },
      timeInTargetPercent: 87.4, breathScorePercent: -12.3, relaxLatency: { kind: 'found', latencyS: 1.25, belowAtSample: 2500 },
    };
    expect(metricTexts(m, 'µV', 'en')).toEqual({ mean: '6.3 µV', sd: '1.5 µV', cv: '24 %', peak: '9.0 µV', tit: '87 %', latency: '1.3 s', breath: '-12 %' });
    expect(metricTexts({ ...m, relaxLatency: { kind: 'pending', sinceCueS: 2 }, breathScorePercent: 5 }, 'µV', 'nl')).toMatchObject({ latency: 'nog niet', breath: '+5 %' });
    expect(metricTexts(null, 'µV', 'en').mean).toBe('—');
  });
});

describe('sensor preselection (issue 15 item 14)', () => {
  const port = (path: string, vendorId: string | null, hint: string | null = null) => ({ id: `serial:${path}`, kind: 'serial' as const, path, manufacturer: null, serialNumber: null, vendorId, productId: null, ...(hint ? { guess: { hint: hint as 'arduino', drivers: ['ll1' as const] } } : {}) });
  const demo = [{ id: 'demo:emg', kind: 'demo' as const, path: null, manufacturer: null, serialNumber: null, vendorId: null, productId: null }];
  it('never preselects a built-in port without USB ids; prefers a USB sensor; else the Demo sensor', () => {
    expect(preselect([...demo, port('/dev/ttyS0', null), port('COM1', null)])).toBe('demo:emg');
    expect(preselect([...demo, port('/dev/ttyS0', null), port('/dev/ttyACM0', '2341', 'arduino')])).toBe('serial:/dev/ttyACM0');
    expect(preselect([...demo, port('/dev/ttyUSB0', '1a86')])).toBe('serial:/dev/ttyUSB0');
  });
});

describe('errors in words, not in the system\'s (issue 15 item 16)', () => {
  it('a port refusing the baud rate is named a built-in port; no errno text reaches the user', () => {
    const e = { kind: 'port-error' as const, path: '/dev/ttyS0', detail: 'Inappropriate ioctl for device setting custom baud rate of 921600' };
    for (const lang of ['en', 'nl'] as const) {
      const text = errorMessage(lang, e);
      expect(text).toContain('/dev/ttyS0');
      expect(text).not.toMatch(/ioctl|921600|Inappropriate/);
    }
    expect(errorMessage('en', e)).toContain('built-in port');
    expect(errorMessage('en', { kind: 'port-error', path: 'COM3', detail: 'EIO: i/o error, read' })).not.toContain('EIO');
  });
});

describe('trends % axis (issue 15 item 18)', () => {
  it('keeps 0–100 % and grows past it so a variation of 160 % is not cut off', async () => {
    const { percentAxisRange } = await import('../../renderer/trends/TrendsView.tsx');
    expect(percentAxisRange(80)).toEqual([0, 100]);
    expect(percentAxisRange(null)).toEqual([0, 100]);
    const [, top] = percentAxisRange(160);
    expect(top).toBeGreaterThanOrEqual(176);
  });
});
