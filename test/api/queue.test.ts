// The day-queue schema: valid files pass, bad entries are dropped and named, another day's or a broken file gives an empty queue.
import { describe, expect, it } from 'vitest';
import { localDay, queueCommandSchemas, repairQueue, QUEUE_VERSION } from '../../api/queue.ts';

const DAY = '2026-11-25';
const entry = (id: string, profileId: string, state: 'waiting' | 'active' | 'done' = 'waiting') => ({ id, profileId, time: '', note: '', state });

describe('queue schema and repair', () => {
  it('keeps a valid file as it is, with nothing repaired', () => {
    const file = { version: QUEUE_VERSION, day: DAY, entries: [entry('a', 'anna'), { ...entry('b', 'bea'), time: '09:30', note: 'first visit' }] };
    expect(repairQueue(file, DAY)).toEqual({ value: file, repaired: [] });
  });

  it('drops invalid and duplicate entries, keeps the rest in order, and names what it changed', () => {
    const raw = { version: QUEUE_VERSION, day: DAY, entries: [entry('a', 'anna'), { ...entry('b', 'bea'), time: '25:00' }, entry('a', 'chloe'), 'junk', entry('c', '../etc')], extra: 1 };
    const r = repairQueue(raw, DAY);
    expect(r.value.entries.map((e) => e.id)).toEqual(['a']);
    expect(r.repaired).toEqual(['entry:1', 'entry:2', 'entry:3', 'entry:4', 'unknown:extra']);
  });

  it('an old day\'s file is not today\'s queue; not-an-object and unknown versions are repaired, never thrown', () => {
    expect(repairQueue({ version: 1, day: '2026-11-24', entries: [entry('a', 'anna')] }, DAY)).toEqual({ value: { version: 1, day: DAY, entries: [] }, repaired: ['day:2026-11-24'] });
    expect(repairQueue(null, DAY).repaired).toEqual(['not-an-object']);
    expect(repairQueue([1, 2], DAY).value.entries).toEqual([]);
    const future = repairQueue({ version: 7, day: DAY, entries: [entry('a', 'anna')] }, DAY);
    expect(future.value.entries).toHaveLength(1);
    expect(future.repaired).toEqual(['version:7']);
    expect(repairQueue({ version: 1, day: DAY, entries: 'x' }, DAY).repaired).toEqual(['entries']);
  });

  it('leaves at most one entry in session', () => {
    const r = repairQueue({ version: 1, day: DAY, entries: [entry('a', 'anna', 'active'), entry('b', 'bea', 'active')] }, DAY);
    expect(r.value.entries.map((e) => e.state)).toEqual(['active', 'waiting']);
    expect(r.repaired).toEqual(['entry:1:active']);
  });

  it('requests: days are YYYY-MM-DD, times HH:MM or empty, ids folder-safe', () => {
    expect(queueCommandSchemas.getQueue.safeParse({ day: DAY }).success).toBe(true);
    expect(queueCommandSchemas.getQueue.safeParse({ day: '2026-13-01' }).success).toBe(false);
    expect(queueCommandSchemas.getQueue.safeParse({ day: '../../x' }).success).toBe(false);
    expect(queueCommandSchemas.saveQueue.safeParse({ day: DAY, entries: [{ ...entry('a', 'anna'), time: '7:5' }] }).success).toBe(false);
    expect(queueCommandSchemas.saveQueue.safeParse({ day: DAY, entries: [{ ...entry('a', 'anna'), extra: true }] }).success).toBe(false);
  });

  it('the local day is the calendar date in local time', () => {
    expect(localDay(new Date(2026, 0, 5, 23, 59).getTime())).toBe('2026-01-05');
    expect(localDay(new Date(2026, 0, 6, 0, 1).getTime())).toBe('2026-01-06');
  });
});
