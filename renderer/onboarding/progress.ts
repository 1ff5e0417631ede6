// Practice progress from the session list: minutes this week and in total, sessions, days in a row (no nagging).
import type { SessionSummary } from '../../api/contract.ts';

export interface Progress {
  readonly minutesWeek: number;
  readonly minutesTotal: number;
  readonly sessions: number;
  /** Consecutive days with practice ending today, or yesterday when today has none yet (a day off is no failure). */
  readonly streakDays: number;
}

function dayKey(d: Date): string { return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`; }

/** `now` in ms; weeks start on Monday (local time). */
export function progressOf(sessions: readonly SessionSummary[], now: number = Date.now()): Progress {
  const today = new Date(now);
  const monday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - ((today.getDay() + 6) % 7)).getTime();
  let week = 0, total = 0;
  const days = new Set<string>();
  for (const s of sessions) {
    const t = Date.parse(s.startedAt);
    if (!Number.isFinite(t)) continue;
    total += s.durationS;
    if (t >= monday) week += s.durationS;
    if (s.durationS >= 30) days.add(dayKey(new Date(t)));
  }
  let streak = 0;
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  if (!days.has(dayKey(d))) d.setDate(d.getDate() - 1);
  while (days.has(dayKey(d))) { streak++; d.setDate(d.getDate() - 1); }
  return { minutesWeek: Math.round(week / 60), minutesTotal: Math.round(total / 60), sessions: sessions.length, streakDays: streak };
}
