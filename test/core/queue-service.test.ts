// The day queue through the AppCore: saved per day, survives a new core on the same folder, refuses archived patients, repairs bad files.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore } from '../../core/app-core.ts';
import type { QueueReply } from '../../api/queue.ts';
import { tempDir } from '../helpers/pty.ts';

const DAY = '2026-11-25';
const entry = (id: string, profileId: string) => ({ id, profileId, time: '', note: '', state: 'waiting' as const });

async function withPatients(dataDir: string): Promise<AppCore> {
  const core = new AppCore({ dataDir });
  for (const [id, name] of [['anna', 'Anna'], ['bea', 'Bea'], ['chloe', 'Chloé']]) expect((await core.handle('createPatient', { id, name })).ok).toBe(true);
  expect((await core.handle('archivePatient', { id: 'chloe', archived: true })).ok).toBe(true);
  return core;
}

describe('queue service', () => {
  it('stores the queue of a day (0600) and a new core on the same folder reads it back; other days are empty', async () => {
    const dir = tempDir('loslaten-queue-');
    const core = await withPatients(dir);
    const saved = await core.handle('saveQueue', { day: DAY, entries: [entry('q1', 'bea'), { ...entry('q2', 'anna'), time: '10:15', note: 'new' }] });
    expect(saved.ok).toBe(true);
    const file = join(dir, 'queue', `${DAY}.json`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await core.dispose();
    const again = new AppCore({ dataDir: dir });
    const r = await again.handle('getQueue', { day: DAY });
    expect(r.ok && (r.value as QueueReply).entries.map((e) => [e.profileId, e.time, e.note])).toEqual([['bea', '', ''], ['anna', '10:15', 'new']]);
    const tomorrow = await again.handle('getQueue', { day: '2026-11-26' });
    expect(tomorrow.ok && (tomorrow.value as QueueReply).entries).toEqual([]);
    await again.dispose();
  });

  it('refuses archived or unknown patients as new entries, but keeps an entry whose patient was archived later', async () => {
    const core = await withPatients(tempDir('loslaten-queue-'));
    const archived = await core.handle('saveQueue', { day: DAY, entries: [entry('q1', 'chloe')] });
    expect(!archived.ok && archived.error).toMatchObject({ kind: 'invalid-request', detail: 'patient chloe is archived' });
    const unknown = await core.handle('saveQueue', { day: DAY, entries: [entry('q1', 'nobody')] });
    expect(!unknown.ok && unknown.error.kind).toBe('bad-id');
    expect((await core.handle('saveQueue', { day: DAY, entries: [entry('q1', 'anna')] })).ok).toBe(true);
    await core.handle('archivePatient', { id: 'anna', archived: true });
    expect((await core.handle('saveQueue', { day: DAY, entries: [{ ...entry('q1', 'anna'), state: 'done' }] })).ok).toBe(true);
    const twoActive = await core.handle('saveQueue', { day: DAY, entries: [{ ...entry('q1', 'anna'), state: 'active' }, { ...entry('q2', 'bea'), state: 'active' }] });
    expect(twoActive.ok).toBe(false);
    const bad = await core.handle('saveQueue', { day: 'today', entries: [] });
    expect(!bad.ok && bad.error.kind).toBe('invalid-request');
    await core.dispose();
  });

  it('a damaged file is kept aside and reported; a file with bad entries is repaired, rewritten and reported', async () => {
    const dir = tempDir('loslaten-queue-');
    const core = await withPatients(dir);
    mkdirSync(join(dir, 'queue'), { recursive: true });
    writeFileSync(join(dir, 'queue', `${DAY}.json`), '{ not json');
    const r = await core.handle('getQueue', { day: DAY });
    expect(r.ok).toBe(true);
    const v = (r as { value: QueueReply }).value;
    expect(v.entries).toEqual([]);
    expect(v.repaired[0]).toMatch(/^unreadable/);
    expect(readdirSync(join(dir, 'queue')).some((f) => f.startsWith(`${DAY}.json.bad-`))).toBe(true);
    writeFileSync(join(dir, 'queue', `${DAY}.json`), JSON.stringify({ version: 1, day: DAY, entries: [entry('q1', 'anna'), { id: 'x' }] }));
    const fixed = (await core.handle('getQueue', { day: DAY })) as { ok: true; value: QueueReply };
    expect(fixed.value.entries.map((e) => e.id)).toEqual(['q1']);
    expect(fixed.value.repaired).toEqual(['entry:1']);
    expect(JSON.parse(readFileSync(join(dir, 'queue', `${DAY}.json`), 'utf8')).entries).toHaveLength(1);
    const second = (await core.handle('getQueue', { day: DAY })) as { ok: true; value: QueueReply };
    expect(second.value.repaired).toEqual([]);
    expect(existsSync(join(dir, 'queue', `${DAY}.json`))).toBe(true);
    await core.dispose();
  });
});
