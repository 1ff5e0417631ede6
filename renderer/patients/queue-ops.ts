// Pure operations on the day queue (add, move, remove, start, done, next): each returns a new list, never mutates.
import { QUEUE_MAX_ENTRIES, type QueueEntry } from '../../api/queue.ts';

export type Queue = readonly QueueEntry[];

/** A fresh entry id (unique within the day's queue). `rand` in [0, 1) for tests. */
export function newEntryId(queue: Queue, now: number = Date.now(), rand: () => number = Math.random): string {
  for (;;) {
    const id = `q${now.toString(36)}${Math.floor(rand() * 36 ** 4).toString(36)}`;
    if (!queue.some((e) => e.id === id)) return id;
    now++;
  }
}

/** Appends a waiting entry; entries with a time are kept in time order among the timed ones (untimed stay where added). */
export function addEntry(queue: Queue, add: { id: string; profileId: string; time?: string; note?: string }): Queue {
  if (queue.length >= QUEUE_MAX_ENTRIES) return queue;
  const entry: QueueEntry = { id: add.id, profileId: add.profileId, time: add.time ?? '', note: (add.note ?? '').trim(), state: 'waiting' };
  if (!entry.time) return [...queue, entry];
  // Before the first waiting entry with a later time, so a queue planned by the clock reads in order.
  const at = queue.findIndex((e) => e.state === 'waiting' && e.time !== '' && e.time > entry.time);
  return at < 0 ? [...queue, entry] : [...queue.slice(0, at), entry, ...queue.slice(at)];
}

/** Moves an entry one place up (-1) or down (+1); at the ends nothing changes. */
export function moveEntry(queue: Queue, id: string, by: -1 | 1): Queue {
  const i = queue.findIndex((e) => e.id === id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= queue.length) return queue;
  const out = [...queue];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

export function removeEntry(queue: Queue, id: string): Queue {
  return queue.filter((e) => e.id !== id);
}

/** Marks an entry done (or waiting again with `done = false`). */
export function markDone(queue: Queue, id: string, done = true): Queue {
  return queue.map((e) => (e.id === id ? { ...e, state: done ? 'done' : 'waiting' } : e));
}

/** Makes an entry the one in session; a different entry that was in session goes back to waiting. */
export function startEntry(queue: Queue, id: string): Queue {
  if (!queue.some((e) => e.id === id)) return queue;
  return queue.map((e) => (e.id === id ? { ...e, state: 'active' } : e.state === 'active' ? { ...e, state: 'waiting' } : e));
}

/**
 * After a session of `profileId` ended: the entry in session for that patient is marked done. Returns the queue and
 * the entry finished (null when none was in session for that patient).
 */
export function finishActive(queue: Queue, profileId: string): { queue: Queue; finished: QueueEntry | null } {
  const a = queue.find((e) => e.state === 'active' && e.profileId === profileId) ?? null;
  return a ? { queue: markDone(queue, a.id), finished: a } : { queue, finished: null };
}

/** The entry to highlight: the one in session, else the first waiting one; null when all are done. */
export function nextEntry(queue: Queue): QueueEntry | null {
  return queue.find((e) => e.state === 'active') ?? queue.find((e) => e.state === 'waiting') ?? null;
}
