// Queue operations: add (time order among timed entries), move up/down, remove, start one at a time, done, next, auto-finish.
import { describe, expect, it } from 'vitest';
import { addEntry, finishActive, markDone, moveEntry, newEntryId, nextEntry, removeEntry, startEntry, type Queue } from '../../renderer/patients/queue-ops.ts';

function q(...ids: string[]): Queue {
  let out: Queue = [];
  for (const id of ids) out = addEntry(out, { id, profileId: `p-${id}` });
  return out;
}
const ids = (x: Queue) => x.map((e) => e.id);

describe('queue operations', () => {
  it('adds waiting entries at the end; timed ones go before the first later-timed waiting entry', () => {
    let x = q('a', 'b');
    expect(x.map((e) => e.state)).toEqual(['waiting', 'waiting']);
    x = addEntry(x, { id: 't10', profileId: 'p', time: '10:00', note: '  knee  ' });
    x = addEntry(x, { id: 't09', profileId: 'p', time: '09:00' });
    expect(ids(x)).toEqual(['a', 'b', 't09', 't10']);
    expect(x.find((e) => e.id === 't10')!.note).toBe('knee');
  });

  it('moves up and down, and not past the ends; the input is never changed', () => {
    const x = q('a', 'b', 'c');
    expect(ids(moveEntry(x, 'c', -1))).toEqual(['a', 'c', 'b']);
    expect(ids(moveEntry(x, 'a', 1))).toEqual(['b', 'a', 'c']);
    expect(moveEntry(x, 'a', -1)).toBe(x);
    expect(moveEntry(x, 'c', 1)).toBe(x);
    expect(moveEntry(x, 'zz', 1)).toBe(x);
    expect(ids(x)).toEqual(['a', 'b', 'c']);
  });

  it('removes, marks done and back, and keeps only one entry in session', () => {
    const x = q('a', 'b', 'c');
    expect(ids(removeEntry(x, 'b'))).toEqual(['a', 'c']);
    expect(markDone(x, 'b').map((e) => e.state)).toEqual(['waiting', 'done', 'waiting']);
    expect(markDone(markDone(x, 'b'), 'b', false).map((e) => e.state)).toEqual(['waiting', 'waiting', 'waiting']);
    const s = startEntry(startEntry(x, 'a'), 'c');
    expect(s.map((e) => e.state)).toEqual(['waiting', 'waiting', 'active']);
  });

  it('highlights the entry in session, else the first waiting one, else none', () => {
    const x = q('a', 'b', 'c');
    expect(nextEntry(x)?.id).toBe('a');
    expect(nextEntry(startEntry(x, 'b'))?.id).toBe('b');
    expect(nextEntry(markDone(x, 'a'))?.id).toBe('b');
    expect(nextEntry(markDone(markDone(markDone(x, 'a'), 'b'), 'c'))).toBeNull();
  });

  it('after a session only the entry in session for that patient is marked done, then the next comes up', () => {
    const x = startEntry(q('a', 'b'), 'a');
    expect(finishActive(x, 'p-b').finished).toBeNull();
    const f = finishActive(x, 'p-a');
    expect(f.finished?.id).toBe('a');
    expect(f.queue.map((e) => e.state)).toEqual(['done', 'waiting']);
    expect(nextEntry(f.queue)?.id).toBe('b');
  });

  it('new ids are unique within the queue', () => {
    const x = addEntry([], { id: newEntryId([], 1000, () => 0), profileId: 'p' });
    const id2 = newEntryId(x, 1000, () => 0);
    expect(id2).not.toBe(x[0]!.id);
    expect(id2).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
  });
});
