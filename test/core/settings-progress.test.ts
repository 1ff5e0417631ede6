// Home-mode progress from the session list: week and total minutes, days in a row that forgive an unfinished today.
import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../api/contract.ts';
import { progressOf } from '../../renderer/home/progress.ts';
import { slugOf } from '../../renderer/patients/slug.ts';

function s(localIso: string, durationS: number): SessionSummary {
  return { id: localIso, profileId: 'home', title: '', startedAt: new Date(localIso).toISOString(), durationS, protocol: null, status: 'complete', lost: 0, rejected: 0, notes: 0 };
}

describe('progress', () => {
  // Wednesday 12 November 2025, 18:00 local time.
  const now = new Date('2025-11-12T18:00:00').getTime();

  it('counts minutes since Monday and in total, and sessions', () => {
    const p = progressOf([s('2025-11-12T08:00:00', 600), s('2025-11-10T08:00:00', 300), s('2025-11-09T08:00:00', 1200)], now);
    expect(p).toMatchObject({ minutesWeek: 15, minutesTotal: 35, sessions: 3 });
  });

  it('counts days in a row up to today, or up to yesterday when today is still open; a day counts from 30 s of practice in all', () => {
    expect(progressOf([s('2025-11-12T08:00:00', 120), s('2025-11-11T08:00:00', 120), s('2025-11-10T21:00:00', 120)], now).streakDays).toBe(3);
    expect(progressOf([s('2025-11-11T08:00:00', 120), s('2025-11-10T08:00:00', 120)], now).streakDays).toBe(2);
    expect(progressOf([s('2025-11-12T08:00:00', 120), s('2025-11-10T08:00:00', 120)], now).streakDays).toBe(1);
    expect(progressOf([s('2025-11-12T08:00:00', 20)], now).streakDays).toBe(0);
    // Five short sessions today are a practice day (issue 15 item 10: "0 days in a row after 5 sessions today").
    const fiveToday = [8, 9, 10, 11, 12].map((h) => s(`2025-11-12T${String(h).padStart(2, '0')}:00:00`, 8));
    expect(progressOf(fiveToday, now)).toMatchObject({ sessions: 5, streakDays: 1 });
    expect(progressOf([...fiveToday, s('2025-11-11T08:00:00', 120)], now).streakDays).toBe(2);
    expect(progressOf([], now)).toEqual({ minutesWeek: 0, minutesTotal: 0, sessions: 0, streakDays: 0 });
  });

  it('makes folder-safe profile ids from names', () => {
    expect(slugOf('Anna de Vries')).toBe('anna-de-vries');
    expect(slugOf('Chloé  Jansen-Smit')).toBe('chloe-jansen-smit');
    expect(slugOf('../../etc')).toBe('etc');
    expect(slugOf('—')).toBe('');
    expect(slugOf('x'.repeat(80))).toHaveLength(64);
  });
});
