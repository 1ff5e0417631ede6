// The home card's resting-tone trend: one unit per line (µV or a pressure unit) from the trend rows, and its plain sentence.
import type { TrendRow } from '../../api/review-types.ts';
import type { SettingsPressureUnit } from '../../api/settings.ts';
import { convertPressure, PRESSURE_UNITS, type PressureUnit } from '../../dsp/pressure.ts';

/** Sessions needed before the card says anything about a direction. */
export const TREND_MIN_SESSIONS = 3;
/** A fall of at least this fraction of the first value counts as "went down" (smaller changes are day-to-day noise). */
export const TREND_DOWN_FRACTION = 0.1;

export interface RestPoint {
  readonly sessionId: string;
  /** Session start, ms since the epoch. */
  readonly atMs: number;
  /** Resting tone in `unit`. */
  readonly value: number;
}

export interface RestTrend {
  /** EMG resting tone (µV RMS) or resting pressure (in the profile's pressure unit); never both in one line. */
  readonly kind: 'emg' | 'pressure';
  /** Wire unit: `uV` for EMG, else mmHg / cmH2O / hPa. */
  readonly unit: 'uV' | SettingsPressureUnit;
  /** Oldest first. */
  readonly points: readonly RestPoint[];
}

const isPressureUnit = (u: string | null | undefined): u is PressureUnit => !!u && (PRESSURE_UNITS as readonly string[]).includes(u);

/**
 * The line to draw: the kind of the latest session that has a resting figure (EMG wins when a session has both),
 * then every session of that kind. Pressure is converted into `pressureUnit`. Null when no session has a figure.
 */
export function restTrendOf(rows: readonly TrendRow[], pressureUnit: SettingsPressureUnit): RestTrend | null {
  // A device envelope's µV (a MyoWare's ENV output) are not µV RMS at the muscle: never in the EMG line.
  const emgOf = (r: TrendRow): number | null => (r.channelKind === 'envelope' ? null : r.metrics?.restingToneUv ?? null);
  const presOf = (r: TrendRow): number | null => {
    const v = r.metrics?.restingPressure ?? null, u = r.metrics?.pressureUnit;
    return v !== null && isPressureUnit(u) ? convertPressure(v, u, pressureUnit) : null;
  };
  let kind: RestTrend['kind'] | null = null;
  for (let i = rows.length - 1; i >= 0 && !kind; i--) {
    if (emgOf(rows[i]!) !== null) kind = 'emg';
    else if (presOf(rows[i]!) !== null) kind = 'pressure';
  }
  if (!kind) return null;
  const pick = kind === 'emg' ? emgOf : presOf;
  const points: RestPoint[] = [];
  for (const r of rows) {
    const v = pick(r), at = Date.parse(r.startedAt);
    if (v !== null && Number.isFinite(v) && Number.isFinite(at)) points.push({ sessionId: r.sessionId, atMs: at, value: v });
  }
  points.sort((a, b) => a.atMs - b.atMs);
  return { kind, unit: kind === 'emg' ? 'uV' : pressureUnit, points };
}

/** How long the line covers, for the sentence: whole weeks from 2 weeks on, days below, or within one day. */
export type TrendSpan = { readonly unit: 'weeks' | 'days'; readonly n: number } | { readonly unit: 'same-day' };

export function spanOf(firstMs: number, lastMs: number): TrendSpan {
  const a = new Date(firstMs), b = new Date(lastMs);
  // Calendar days in local time (a session at 23:50 and one at 00:10 are a day apart).
  const days = Math.round((new Date(b.getFullYear(), b.getMonth(), b.getDate()).getTime() - new Date(a.getFullYear(), a.getMonth(), a.getDate()).getTime()) / 86_400_000);
  if (days <= 0) return { unit: 'same-day' };
  if (days >= 14) return { unit: 'weeks', n: Math.round(days / 7) };
  return { unit: 'days', n: days };
}

/**
 * What the card says. `few`: fewer than TREND_MIN_SESSIONS points (no direction claimed). `down`: the last session is at
 * least 10 % below the first. `steady`: anything else (the same or higher) — said neutrally, never as an alarm.
 */
export type TrendSentence =
  | { readonly kind: 'few'; readonly sessions: number }
  | { readonly kind: 'down' | 'steady'; readonly from: number; readonly to: number; readonly span: TrendSpan };

export function trendSentenceOf(trend: RestTrend): TrendSentence {
  const pts = trend.points;
  if (pts.length < TREND_MIN_SESSIONS) return { kind: 'few', sessions: pts.length };
  const first = pts[0]!, last = pts[pts.length - 1]!;
  const span = spanOf(first.atMs, last.atMs);
  const down = first.value > 0 && last.value <= first.value * (1 - TREND_DOWN_FRACTION);
  return { kind: down ? 'down' : 'steady', from: first.value, to: last.value, span };
}

/** Display text of a value in the user's language (`9.8` / `9,8`): one decimal below 100, whole numbers above. */
export function restValueText(v: number, lang: 'nl' | 'en'): string {
  const digits = Math.abs(v) >= 100 ? 0 : 1;
  return v.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Sparkline geometry in a `width` × `height` box with `pad` inside: points spread evenly by session, y scaled to min..max. */
export function sparklinePoints(values: readonly number[], width: number, height: number, pad = 4): { x: number; y: number }[] {
  if (values.length === 0) return [];
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const range = hi - lo || Math.max(1, Math.abs(hi) * 0.1);
  const mid = hi === lo ? lo - range / 2 : lo;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  return values.map((v, i) => ({
    x: values.length > 1 ? pad + i * step : width / 2,
    y: Math.round((height - pad - ((v - mid) / range) * (height - 2 * pad)) * 10) / 10,
  }));
}
