// Sidecars on real files: never replace a user's file (item 2), stay small under edits and keep a session reachable
// when oversized or damaged (item 3), and never point outside their session folder (item 10). Issue 13.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectEdf } from '../../sessions/inspect.ts';
import { addSessionNote, listSessions, newSessionPaths, recordingPathIn, renameSession } from '../../sessions/library.ts';
import { RecordingSession } from '../../sessions/session.ts';
import {
  MAX_SIDECAR_BYTES, legacySidecarPathFor, readSidecar, sidecarPathFor, withEdit, withNote, writeSidecar, type Sidecar,
} from '../../sessions/sidecar.ts';
import { ROOT } from '../helpers/pty.ts';
import { EMG2, batch, tmpDir } from './helpers.ts';

async function record(edfPath: string, seconds = 1, meta: { id?: string; profile?: Sidecar['profile'] } = {}): Promise<Sidecar> {
  const s = RecordingSession.start({ outPath: edfPath, header: EMG2, meta });
  if (!s.ok) throw new Error(JSON.stringify(s.error));
  s.value.recorder.onBatch(batch(EMG2, 0, seconds * EMG2.rateHz));
  return (await s.value.finish()).sidecar;
}

describe('item 2: the sidecar never replaces a file that is already there', () => {
  it('`record --out x.edf` (the real CLI, demo sensor) leaves the user\'s x.json alone and writes x.loslaten.json', () => {
    const dir = tmpDir();
    const out = path.join(dir, 'x.edf');
    const mine = '{"my":"own notes, not Loslaten\'s"}\n';
    fs.writeFileSync(path.join(dir, 'x.json'), mine);
    const r = spawnSync(process.execPath, ['bin/loslaten.mjs', 'record', '--port', 'demo:emg', '--out', out, '--seconds', '1'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'x.json'), 'utf8')).toBe(mine);
    expect(r.stdout).toContain(`sidecar ${path.join(dir, 'x.loslaten.json')}`);
    const sc = readSidecar(path.join(dir, 'x.loslaten.json'));
    expect(sc.ok && sc.value.recording.status).toBe('complete');
    // inspect finds the new name; the user's x.json is not taken for a sidecar.
    const ins = spawnSync(process.execPath, ['bin/loslaten.mjs', 'inspect', out], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(ins.status, ins.stderr).toBe(0);
    expect(ins.stdout).toMatch(/status\s+complete/);
  }, 40_000);

  it('a sidecar name already taken makes the start fail (EEXIST) without touching it or leaving a recording', () => {
    const dir = tmpDir();
    const edf = path.join(dir, 'y.edf');
    fs.writeFileSync(sidecarPathFor(edf), 'precious');
    const s = RecordingSession.start({ outPath: edf, header: EMG2 });
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error).toMatchObject({ kind: 'io', code: 'EEXIST' });
    expect(fs.readFileSync(sidecarPathFor(edf), 'utf8')).toBe('precious');
    expect(fs.readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('an old-style x.json sidecar is still read (inspect, library, edits), a foreign x.json is not', async () => {
    const dir = tmpDir();
    const edf = path.join(dir, 'old.edf');
    await record(edf);
    fs.renameSync(sidecarPathFor(edf), legacySidecarPathFor(edf));
    const i = inspectEdf(edf);
    if (!i.ok) throw new Error(JSON.stringify(i.error));
    expect(i.value.sidecar?.recording.status).toBe('complete');
    fs.writeFileSync(legacySidecarPathFor(edf), '{"schema":"something-else"}');
    const j = inspectEdf(edf);
    expect(j.ok && j.value.sidecar).toBeNull();

    const data = tmpDir();
    const p = newSessionPaths(data, 'anna');
    if (!p.ok) throw new Error('paths');
    await record(p.value.edfPath, 1, { id: p.value.id, profile: { id: 'anna', name: null } });
    fs.renameSync(p.value.sidecarPath, path.join(p.value.dir, 'recording.json'));
    expect(listSessions(data, 'anna').sessions.map((s) => s.id)).toEqual([p.value.id]);
    const renamed = renameSession(data, 'anna', p.value.id, 'Oud');
    expect(renamed.ok).toBe(true);
    expect(readSidecar(path.join(p.value.dir, 'recording.json')).ok && listSessions(data, 'anna').sessions[0]!.title).toBe('Oud');
  });
});

describe('item 3: notes and analyses never make a session vanish', () => {
  it('100 notes of 9 kB: history holds what changed, the file stays under 4 MiB and linear, the session stays listed', async () => {
    const data = tmpDir();
    const p = newSessionPaths(data, 'anna');
    if (!p.ok) throw new Error('paths');
    await record(p.value.edfPath, 1, { id: p.value.id, profile: { id: 'anna', name: null } });
    const sizes: number[] = [];
    for (let k = 0; k < 100; k++) {
      const r = addSessionNote(data, 'anna', p.value.id, `note ${k} ` + 'x'.repeat(9000));
      if (k < 90) expect(r.ok).toBe(true);
      sizes.push(fs.statSync(p.value.sidecarPath).size);
    }
    const sc = readSidecar(p.value.sidecarPath);
    if (!sc.ok) throw new Error(JSON.stringify(sc.error));
    // Each history entry names the note added, not a copy of every note.
    expect(sc.value.history.at(-1)).toMatchObject({ field: 'notes', previous: { added: [sc.value.notes.at(-1)!.id], edited: [], removed: [] } });
    expect(JSON.stringify(sc.value.history).length).toBeLessThan(100 * 200);
    // Growth per note is about the note itself (9 kB), not the whole list: linear, not quadratic.
    expect(sizes[60]! - sizes[59]!).toBeLessThan(12_000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_SIDECAR_BYTES);
    expect(listSessions(data, 'anna').sessions.map((s) => s.notes)).toEqual([sc.value.notes.length]);
    expect(sc.value.notes.length).toBeGreaterThanOrEqual(90);
  }, 30_000);

  it('an edited note keeps only its own previous text; the analysis cache is recorded by size only', () => {
    const base: Sidecar = withNote(withNote(JSON.parse(JSON.stringify(emptySidecar())) as Sidecar, 'first'), 'second');
    const id = base.notes[0]!.id;
    const edited = withEdit(base, 'notes', base.notes.map((n) => (n.id === id ? { ...n, text: 'first, changed' } : n)));
    expect(edited.history.at(-1)!.previous).toEqual({ added: [], edited: [{ id, text: 'first' }], removed: [] });
    const big = Array.from({ length: 3 }, (_, i) => ({ schema: 'x', i, data: 'y'.repeat(50_000) }));
    const a = withEdit(withEdit(base, 'phaseMetrics', big), 'phaseMetrics', big);
    expect(a.history.at(-1)!.previous).toEqual({ entries: 3 });
  });

  it('an oversized (old quadratic) sidecar is read without its history and says so; a damaged one is rebuilt from the file', async () => {
    const data = tmpDir();
    const p = newSessionPaths(data, 'anna');
    if (!p.ok) throw new Error('paths');
    const sc = await record(p.value.edfPath, 2, { id: p.value.id, profile: { id: 'anna', name: null } });
    const notes = Array.from({ length: 30 }, (_, i) => ({ id: `n${i}`, at: sc.createdAt, text: 'z'.repeat(9000) }));
    const history = Array.from({ length: 30 }, (_, i) => ({ at: sc.createdAt, field: 'notes', previous: notes.slice(0, i) }));
    fs.writeFileSync(p.value.sidecarPath, JSON.stringify({ ...sc, notes, history }, null, 2));
    expect(fs.statSync(p.value.sidecarPath).size).toBeGreaterThan(MAX_SIDECAR_BYTES);
    const listed = listSessions(data, 'anna').sessions;
    expect(listed.map((s) => [s.id, s.notes, s.repaired])).toEqual([[p.value.id, 30, 'larger than 4 MiB']]);
    const after = readSidecar(p.value.sidecarPath);
    if (!after.ok) throw new Error(JSON.stringify(after.error));
    expect(after.value.history).toEqual([expect.objectContaining({ field: 'history', previous: { dropped: 30, reason: 'larger than 4 MiB' } })]);
    expect(fs.statSync(p.value.sidecarPath).size).toBeLessThan(MAX_SIDECAR_BYTES);
    // Still said on the next listing (the history keeps it), not only once.
    expect(listSessions(data, 'anna').sessions.map((s) => s.repaired)).toEqual(['larger than 4 MiB']);

    fs.writeFileSync(p.value.sidecarPath, '{"schema": "loslaten.session", "version": 1, "id": "tru');
    const again = listSessions(data, 'anna');
    expect(again.sessions.map((s) => [s.id, s.status, s.repaired, s.durationS])).toEqual([[p.value.id, 'recovered', 'rebuilt', 2]]);
    expect(fs.existsSync(p.value.sidecarPath + '.damaged')).toBe(true);
    expect(again.problems.map((e) => e.kind)).toEqual(['bad-sidecar']);
    expect(listSessions(data, 'anna').sessions.map((s) => [s.repaired, s.status])).toEqual([['rebuilt', 'recovered']]);
    expect(listSessions(data, 'anna').problems).toEqual([]);
  });

  it('a write that would pass 4 MiB is refused as a value, never written', () => {
    const dir = tmpDir();
    const f = path.join(dir, 'big.loslaten.json');
    const s = emptySidecar();
    const notes = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, at: s.createdAt, text: 'q'.repeat(10_000) }));
    const w = writeSidecar(f, { ...s, notes });
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.error).toMatchObject({ kind: 'bad-sidecar', detail: 'would be larger than 4 MiB' });
    expect(fs.existsSync(f)).toBe(false);
  });
});

describe('item 10: a sidecar cannot point outside its session folder', () => {
  it('recording.file "../x.edf" or an absolute path falls back to the folder\'s own recording', async () => {
    const data = tmpDir();
    const p = newSessionPaths(data, 'anna');
    if (!p.ok) throw new Error('paths');
    const sc = await record(p.value.edfPath, 1, { id: p.value.id, profile: { id: 'anna', name: null } });
    for (const bad of ['../../../secret.edf', '/etc/passwd.edf', '..', 'sub/x.edf', 'a\\..\\b.edf']) {
      fs.writeFileSync(p.value.sidecarPath, JSON.stringify({ ...sc, recording: { ...sc.recording, file: bad } }));
      const items = listSessions(data, 'anna').sessions;
      expect(items.map((s) => s.edfPath)).toEqual([p.value.edfPath]);
    }
    expect(recordingPathIn('/d', 'recording.bdf')).toBe(path.join('/d', 'recording.bdf'));
    expect(recordingPathIn('/d', '../x.edf', 'recording.edf')).toBe(path.join('/d', 'recording.edf'));
  });
});

function emptySidecar(): Sidecar {
  const dir = tmpDir();
  const f = path.join(dir, 's.loslaten.json');
  const init = { schema: 'loslaten.session', version: 1, id: 's1', title: '', createdAt: new Date(0).toISOString(), profile: { id: 'default', name: null }, patient: null, protocol: null, targets: null, calibration: null, dsp: null, device: { deviceId: null, ident: null, header: null }, appVersion: '0', recording: { file: 'x.edf', format: 'EDF', status: 'complete', startedAt: null, durationS: 0, records: 0, samples: 0, lost: 0, interpolated: 0, padded: 0, discontinuities: 0, clipped: 0, rejected: {}, error: null, sha256: null }, notes: [], phaseMetrics: [], history: [] };
  fs.writeFileSync(f, JSON.stringify(init));
  const r = readSidecar(f);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
