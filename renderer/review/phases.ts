// Review helpers without DOM: phase and pacer intervals from annotations, time formatting, window arithmetic.
import { formatNumber } from '../../api/i18n.ts';
import { useUi } from '../state/ui-store.ts';
import type { SessionAnnotation } from '../../api/contract.ts';

export interface Interval { readonly name: string; readonly startS: number; readonly endS: number }

/** Matched `phase start X` / `phase end X` annotations → intervals, in file seconds (same rule as sessions/annotations.ts). */
export function phaseIntervals(anns: readonly SessionAnnotation[]): Interval[] {
  const open = new Map<string, number>();
  const out: Interval[] = [];
  for (const a of anns) {
    const m = /^phase (start|end) (.+)$/.exec(a.text);
    if (!m) continue;
    const name = m[2]!;
    if (m[1] === 'start') open.set(name, a.onsetS);
    else if (open.has(name)) { out.push({ name, startS: open.get(name)!, endS: a.onsetS }); open.delete(name); }
  }
  return out.sort((x, y) => x.startS - y.startS);
}

/** `pacer <phase>` annotations → consecutive intervals (each lasts until the next pacer annotation or a phase end). */
export function pacerIntervals(anns: readonly SessionAnnotation[], durationS: number): Interval[] {
  const marks = anns.filter((a) => a.kind === 'pacer').sort((a, b) => a.onsetS - b.onsetS);
  return marks.map((a, i) => ({ name: a.text.replace(/^pacer /, ''), startS: a.onsetS, endS: Math.min(durationS, marks[i + 1]?.onsetS ?? a.onsetS + 10) }));
}

/** The interval containing `tS`, or null. */
export function intervalAt(list: readonly Interval[], tS: number): Interval | null {
  for (const iv of list) if (tS >= iv.startS && tS < iv.endS) return iv;
  return null;
}

/** `m:ss` (or `h:mm:ss`) for seconds. */
export function clock(s: number): string {
  if (!Number.isFinite(s)) return '–';
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), r = t % 60;
  const p = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${p(m)}:${p(r)}` : `${m}:${p(r)}`;
}

/** The detail view's longest window, s (the core serves at most 10 minutes per request). */
export const MAX_WINDOW_S = 600;
/** The shortest window, s. */
export const MIN_WINDOW_S = 1;

/** Clamps a window [start, end] into [0, duration] keeping its length when possible (1 s ≤ length ≤ 600 s). */
export function clampWindow(startS: number, endS: number, durationS: number): { startS: number; endS: number } {
  let len = Math.min(MAX_WINDOW_S, Math.max(MIN_WINDOW_S, endS - startS));
  if (durationS > 0) len = Math.min(len, durationS);
  let s = Math.max(0, startS);
  if (durationS > 0 && s + len > durationS) s = Math.max(0, durationS - len);
  return { startS: s, endS: s + len };
}

/** A window of the same length centred on `tS`. */
export function centreWindow(tS: number, lenS: number, durationS: number): { startS: number; endS: number } {
  return clampWindow(tS - lenS / 2, tS + lenS / 2, durationS);
}

/** Numbers for tables: fixed digits in the app's language (`6,4` in Dutch), `–` for missing. */
export function fmt(x: number | null | undefined, digits = 1): string {
  return formatNumber(useUi.getState().lang, x, digits);
}
