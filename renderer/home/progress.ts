// Practice progress from the session list: minutes this week and in total, sessions, days in a row (no nagging).
import type { SessionSummary } from '../../api/contract.ts';

export interface Progress {
  readonly minutesWeek: number;
  readonly minutesTotal: number;
  readonly sessions: number;
  /**
   * Consecutive days with practice ending today, or yesterday when today has none yet (a day off is no failure). A day
   * counts when its sessions add up to at least {@link PRACTICE_DAY_MIN_S} (five short sessions are a practice day).
   */
  readonly streakDays: number;
}

/** Practice a day needs to count in the streak, s (all its sessions together). */
export const PRACTICE_DAY_MIN_S = 30;

function dayKey(d: Date): string { return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`; }

/** `now` in ms; weeks start on Monday (local time). */
export function progressOf(sessions: readonly SessionSummary[], now: number = Date.now()): Progress {
  const today = new Date(now);
  const monday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - ((today.getDay() + 6) % 7)).getTime();
  let week = 0, total = 0;
  const perDay = new Map<string, number>();
  for (const s of sessions) {
    const t = Date.parse(s.startedAt);
    if (!Number.isFinite(t)) continue;
    total += s.durationS;
    if (t >= monday) week += s.durationS;
    const k = dayKey(new Date(t));
    perDay.set(k, (perDay.get(k) ?? 0) + Math.max(0, s.durationS));
  }
  const days = new Set([...perDay].filter(([, d]) => d >= PRACTICE_DAY_MIN_S).map(([k]) => k));
  let streak = 0;
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  if (!days.has(dayKey(d))) d.setDate(d.getDate() - 1);
  while (days.has(dayKey(d))) { streak++; d.setDate(d.getDate() - 1); }
  return { minutesWeek: Math.round(week / 60), minutesTotal: Math.round(total / 60), sessions: sessions.length, streakDays: streak };
}
