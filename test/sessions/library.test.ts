// Session library and sidecar: private folders/files, listing by date, rename/notes with audit history, delete,
// import with clear errors, recovery at start, sidecar schema and SHA-256.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File } from '../../sessions/sidecar.ts';
import {
  addSessionNote, deleteSession, importEdf, listProfiles, listSessions, newSessionPaths, recoverLibrary, renameSession,
} from '../../sessions/library.ts';
import { describeError } from '../../sessions/errors.ts';
import { parseStart, startFields } from '../../sessions/edf-header.ts';
import { RecordingSession } from '../../sessions/session.ts';
import { readSidecar, withNote, withNoteEdited, newSidecar } from '../../sessions/sidecar.ts';
import { EMG2, batch, tmpDir } from './helpers.ts';

async function recordInto(dataDir: string, profile: string, at: Date, seconds: number, protocol: string): Promise<string> {
  const p = newSessionPaths(dataDir, profile, at);
  if (!p.ok) throw new Error(describeError(p.error));
  const s = RecordingSession.start({
    outPath: p.value.edfPath, header: EMG2, ident: { vendor: 'V', model: 'M', serial: 'S1', firmware: '2.0' },
    meta: { id: p.value.id, profile: { id: profile, name: null }, protocol: { name: protocol }, deviceId: 'demo:emg', appVersion: '0.1.0' },
  });
  if (!s.ok) throw new Error(describeError(s.error));
  for (let i = 0; i < seconds * 1000; i += 500) {
    s.value.recorder.onBatch(batch(EMG2, i, 500, { hostTimeMs: at.getTime() + i + 499 }));
  }
  await s.value.finish({ rejected: { checksum: 2, syntax: 1 }, phaseMetrics: [{ phase: 'rest', meanUv: 6.1 }] });
  return p.value.id;
}

describe('session library', () => {
  it('creates private folders and files and lists sessions newest first with duration, protocol and counters', async () => {
    const data = path.join(tmpDir(), 'userdata');
    const a = await recordInto(data, 'anna', new Date(2026, 0, 5, 10, 0, 0), 2, 'glazer');
    const b = await recordInto(data, 'anna', new Date(2026, 0, 7, 9, 30, 0), 3, 'downtraining');
    await recordInto(data, 'bert', new Date(2026, 0, 6, 9, 0, 0), 1, 'glazer');
    expect(fs.statSync(data).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(data, 'profiles', 'anna')).mode & 0o777).toBe(0o700);
    expect(listProfiles(data)).toEqual(['anna', 'bert']);
    const { sessions, problems } = listSessions(data, 'anna');
    expect(problems).toEqual([]);
    expect(sessions.map((s) => s.id)).toEqual([b, a]);
    expect(sessions[0]).toMatchObject({ durationS: 3, protocol: 'downtraining', status: 'complete', rejected: 3, lost: 0 });
    expect(fs.statSync(sessions[0]!.edfPath).mode & 0o777).toBe(0o600);
    expect(fs.statSync(sessions[0]!.sidecarPath).mode & 0o777).toBe(0o600);
    expect(listSessions(data).sessions.map((s) => s.profileId)).toEqual(['anna', 'bert', 'anna']);
    const sc = readSidecar(sessions[0]!.sidecarPath);
    if (!sc.ok) throw new Error('sidecar');
    expect(sc.value.recording.sha256).toBe(await sha256File(sessions[0]!.edfPath));
    expect(sc.value.device.ident?.firmware).toBe('2.0');
    expect(sc.value.recording.startedAt).toBe(new Date(2026, 0, 7, 9, 30, 0).toISOString());
    expect(sc.value.phaseMetrics).toEqual([{ phase: 'rest', meanUv: 6.1 }]);
  });

  it('renames and adds notes without touching the recording; what changed stays in the history', async () => {
    const data = tmpDir();
    const id = await recordInto(data, 'p1', new Date(2026, 1, 1, 8, 0, 0), 1, 'glazer');
    const item = listSessions(data, 'p1').sessions[0]!;
    const before = await sha256File(item.edfPath);
    const r1 = renameSession(data, 'p1', id, 'First assessment');
    const r2 = renameSession(data, 'p1', id, 'Assessment 1');
    const n = addSessionNote(data, 'p1', id, 'Patient reports less pain.');
    expect(r1.ok && r2.ok && n.ok).toBe(true);
    const sc = readSidecar(item.sidecarPath);
    if (!sc.ok) throw new Error('sidecar');
    expect(sc.value.title).toBe('Assessment 1');
    expect(sc.value.notes.map((x) => x.text)).toEqual(['Patient reports less pain.']);
    const noteId = sc.value.notes[0]!.id;
    expect(sc.value.history.map((h) => [h.field, h.previous])).toEqual([['title', ''], ['title', 'First assessment'], ['notes', { added: [noteId], edited: [], removed: [] }]]);
    const edited = withNoteEdited(sc.value, noteId, 'Patient reports much less pain.');
    expect(edited?.history.at(-1)?.previous).toEqual({ added: [], edited: [{ id: noteId, text: 'Patient reports less pain.' }], removed: [] });
    expect(withNoteEdited(sc.value, 'nope', 'x')).toBeNull();
    expect(await sha256File(item.edfPath)).toBe(before);
    expect(sc.value.recording.sha256).toBe(before);
  });

  it('keeps the audit history bounded', () => {
    let s = newSidecar({ recording: { file: 'x.edf', format: 'EDF' } });
    for (let i = 0; i < 150; i++) s = withNote(s, `n${i}`);
    expect(s.history).toHaveLength(100);
    expect(s.notes).toHaveLength(150);
  });

  it('deletes only with the repeated id and rejects path tricks in ids', async () => {
    const data = tmpDir();
    const id = await recordInto(data, 'p1', new Date(2026, 1, 1, 8, 0, 0), 1, 'glazer');
    expect(deleteSession(data, 'p1', id, 'other').ok).toBe(false);
    const bad = deleteSession(data, '..', id, id);
    expect(!bad.ok && bad.error.kind).toBe('bad-id');
    expect(!renameSession(data, 'p1', '../../etc', 'x').ok).toBe(true);
    expect(deleteSession(data, 'p1', id, id).ok).toBe(true);
    expect(listSessions(data, 'p1').sessions).toEqual([]);
    const again = deleteSession(data, 'p1', id, id);
    expect(!again.ok && again.error.kind).toBe('not-found');
  });

  it('imports a valid EDF+ file and refuses truncated or corrupt ones with clear errors', async () => {
    const data = tmpDir();
    const src = tmpDir();
    const { Recorder } = await import('../../sessions/recorder.ts');
    const r = new Recorder({ outPath: path.join(src, 'home.edf'), header: EMG2 });
    r.onBatch(batch(EMG2, 0, 2000));
    r.annotate(1, 'home marker');
    const s = await r.close();
    // The test batches carry wall times from 2023: the library dates the import by the file's own start.
    const head = fs.readFileSync(s.path).toString('latin1');
    const recordedAt = parseStart(head.slice(168, 176), head.slice(176, 184));
    expect(Date.now() - recordedAt!.getTime()).toBeGreaterThan(365 * 86_400_000);
    const ok = await importEdf(data, 'anna', s.path, 'Home session');
    if (!ok.ok) throw new Error(describeError(ok.error));
    expect(ok.value).toMatchObject({ title: 'Home session', durationS: 2, status: 'imported', startedAt: recordedAt!.toISOString() });
    expect(fs.readFileSync(ok.value.edfPath).equals(fs.readFileSync(s.path))).toBe(true);
    const good = fs.readFileSync(s.path);
    fs.writeFileSync(path.join(src, 'cut.edf'), good.subarray(0, good.length - 1000));
    const cut = await importEdf(data, 'anna', path.join(src, 'cut.edf'));
    expect(!cut.ok && describeError(cut.error)).toMatch(/^cannot import .*cut\.edf: truncated file: header declares 2 data records/);
    const bad = Buffer.from(good);
    bad.write('+9\x14\x14\x00', 1024 + 4512 + 4000, 'latin1');
    fs.writeFileSync(path.join(src, 'bad.edf'), bad);
    const badR = await importEdf(data, 'anna', path.join(src, 'bad.edf'));
    expect(!badR.ok && describeError(badR.error)).toMatch(/bad annotation in data record 2/);
    expect(listSessions(data, 'anna').sessions).toHaveLength(1);
  });

  it('recovers unfinished recordings in the library at start and marks their sidecars', async () => {
    const data = tmpDir();
    const p = newSessionPaths(data, 'p1');
    if (!p.ok) throw new Error('paths');
    const s = RecordingSession.start({ outPath: p.value.edfPath, header: EMG2, meta: { id: p.value.id, profile: { id: 'p1', name: null } } });
    if (!s.ok) throw new Error('start');
    for (let i = 0; i < 2500; i += 500) s.value.recorder.onBatch(batch(EMG2, i, 500));
    // no finish(): the process "died" here
    const rec = await recoverLibrary(data);
    expect(rec.map((x) => [x.status, x.records])).toEqual([['repaired', 2]]);
    const item = listSessions(data, 'p1').sessions[0]!;
    expect(item.status).toBe('recovered');
    expect(item.durationS).toBe(2);
    const sc = readSidecar(item.sidecarPath);
    expect(sc.ok && sc.value.recording.sha256).toBe(await sha256File(item.edfPath));
  });
});

describe('EDF start fields', () => {
  it('reads dd.mm.yy hh.mm.ss as local time by the EDF year rule, and refuses what is not a date', async () => {
    const at = new Date(2026, 1, 28, 23, 59, 58);
    const f = startFields(at);
    expect(parseStart(f.startDate, f.startTime)?.getTime()).toBe(at.getTime());
    expect(parseStart('01.01.85', '00.00.00')?.getFullYear()).toBe(1985);
    expect(parseStart('01.01.84', '00.00.00')?.getFullYear()).toBe(2084);
    expect(parseStart('31.02.26', '10.00.00')).toBeNull();
    expect(parseStart('12.13.26', '10.00.00')).toBeNull();
    expect(parseStart('12.10.26', '24.00.00')).toBeNull();
    expect(parseStart('12.10.26', '10.60.00')).toBeNull();
    expect(parseStart('1.1.26  ', '10.00.00')).toBeNull();
  });
});
