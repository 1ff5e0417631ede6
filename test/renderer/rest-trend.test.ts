// The home card's resting-tone trend: one unit per line, pressure converted, the sentence (down / steady / few) and spans.
import { describe, expect, it } from 'vitest';
import type { TrendRow } from '../../api/review-types.ts';
import { restTrendOf, restValueText, spanOf, sparklinePoints, trendSentenceOf } from '../../renderer/home/rest-trend.ts';

const DAY = 86_400_000;
const T0 = new Date(2026, 9, 1, 10, 0).getTime();
function row(i: number, atMs: number, m: Partial<NonNullable<TrendRow['metrics']>> | null): TrendRow {
  return { sessionId: `s${i}`, title: '', startedAt: new Date(atMs).toISOString(), protocol: null, durationS: 120,
    metrics: m && { restingToneUv: null, variabilityPercent: null, timeInTargetPercent: null, peakUv: null, ...m } };
}

describe('resting-tone trend', () => {
  it('EMG sessions give a µV line, oldest first; sessions without a figure are left out', () => {
    const t = restTrendOf([row(2, T0 + 7 * DAY, { restingToneUv: 12 }), row(1, T0, { restingToneUv: 14.2 }), row(3, T0 + 8 * DAY, null)], 'cmH2O')!;
    expect(t.kind).toBe('emg');
    expect(t.unit).toBe('uV');
    expect(t.points.map((p) => p.value)).toEqual([14.2, 12]);
  });

  it('a device envelope (MyoWare ENV, µV at the sensor output) never joins the EMG µV line', () => {
    const env = { ...row(3, T0 + 2 * DAY, { restingToneUv: 250_000 }), channelKind: 'envelope' as const };
    const t = restTrendOf([row(1, T0, { restingToneUv: 14 }), { ...row(2, T0 + DAY, { restingToneUv: 11 }), channelKind: 'emg' as const }, env], 'cmH2O')!;
    expect(t.kind).toBe('emg');
    expect(t.points.map((p) => p.value)).toEqual([14, 11]);
    expect(restTrendOf([env], 'cmH2O')).toBeNull();
  });

  it('never mixes units: the latest session decides; pressure is converted into the profile\'s unit', () => {
    const rows = [row(1, T0, { restingToneUv: 14 }), row(2, T0 + DAY, { restingPressure: 10, pressureUnit: 'mmHg' }), row(3, T0 + 2 * DAY, { restingPressure: 20, pressureUnit: 'mmHg' })];
    const t = restTrendOf(rows, 'cmH2O')!;
    expect(t.kind).toBe('pressure');
    expect(t.unit).toBe('cmH2O');
    expect(t.points).toHaveLength(2);
    expect(t.points[0]!.value).toBeCloseTo(13.595, 2);
    const e = restTrendOf([...rows, row(4, T0 + 3 * DAY, { restingToneUv: 9 })], 'hPa')!;
    expect(e.kind).toBe('emg');
    expect(e.points.map((p) => p.value)).toEqual([14, 9]);
    expect(restTrendOf([row(1, T0, { restingPressure: 5, pressureUnit: 'furlongs' })], 'hPa')).toBeNull();
    expect(restTrendOf([], 'hPa')).toBeNull();
  });

  it('says "went from … to … over N weeks" only when it went down by at least 10 %', () => {
    const down = restTrendOf([row(1, T0, { restingToneUv: 14.2 }), row(2, T0 + 10 * DAY, { restingToneUv: 11 }), row(3, T0 + 21 * DAY, { restingToneUv: 9.8 })], 'cmH2O')!;
    expect(trendSentenceOf(down)).toEqual({ kind: 'down', from: 14.2, to: 9.8, span: { unit: 'weeks', n: 3 } });
    const up = restTrendOf([row(1, T0, { restingToneUv: 9 }), row(2, T0 + DAY, { restingToneUv: 8 }), row(3, T0 + 3 * DAY, { restingToneUv: 12 })], 'cmH2O')!;
    expect(trendSentenceOf(up).kind).toBe('steady');
    const flat = restTrendOf([row(1, T0, { restingToneUv: 10 }), row(2, T0 + DAY, { restingToneUv: 10 }), row(3, T0 + 2 * DAY, { restingToneUv: 9.5 })], 'cmH2O')!;
    expect(trendSentenceOf(flat).kind).toBe('steady');
    const few = restTrendOf([row(1, T0, { restingToneUv: 14 }), row(2, T0 + DAY, { restingToneUv: 5 })], 'cmH2O')!;
    expect(trendSentenceOf(few)).toEqual({ kind: 'few', sessions: 2 });
  });

  it('spans: same day, days below two weeks, whole weeks from two weeks on (local calendar days)', () => {
    expect(spanOf(T0, T0 + 3600_000)).toEqual({ unit: 'same-day' });
    expect(spanOf(new Date(2026, 9, 1, 23, 50).getTime(), new Date(2026, 9, 2, 0, 10).getTime())).toEqual({ unit: 'days', n: 1 });
    expect(spanOf(T0, T0 + 13 * DAY)).toEqual({ unit: 'days', n: 13 });
    expect(spanOf(T0, T0 + 17 * DAY)).toEqual({ unit: 'weeks', n: 2 });
  });

  it('values in the user\'s language; sparkline inside the box, lower values lower on screen', () => {
    expect(restValueText(9.84, 'en')).toBe('9.8');
    expect(restValueText(9.84, 'nl')).toBe('9,8');
    expect(restValueText(123.4, 'en')).toBe('123');
    const p = sparklinePoints([14, 10, 12], 240, 64, 6);
    expect(p.map((x) => x.x)).toEqual([6, 120, 234]);
    expect(p[0]!.y).toBe(6);
    expect(p[1]!.y).toBe(58);
    for (const pt of sparklinePoints([5, 5], 100, 40, 4)) expect(pt.y).toBeGreaterThan(4);
    expect(sparklinePoints([7], 100, 40)[0]!.x).toBe(50);
  });
});
