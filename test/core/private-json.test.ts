// Settings, queue and patient files on a real filesystem (issue 13 item 4): a read error never resets settings or
// moves a file aside; only a file that is not JSON is kept aside; a failed write leaves no temp file; a truncated
// patient file is reported, not skipped.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../api/contract.ts';
import type { PatientRecord, SettingsReply } from '../../api/settings.ts';
import { errorMessage } from '../../renderer/i18n/translate.ts';
import { AppCore } from '../../core/app-core.ts';
import { readPrivateJson, writePrivateJson } from '../../core/private-json.ts';
import { ROOT, requireTool } from '../helpers/pty.ts';

function fresh(): string { return mkdtempSync(join(tmpdir(), 'loslaten-pjson-')); }

async function settings(core: AppCore): Promise<SettingsReply> {
  const r = await core.handle('getSettings', {});
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as SettingsReply;
}

describe('private JSON files', () => {
  it('an I/O error on app.json keeps the active profile (last good value), moves nothing aside, and a save does not overwrite it', async () => {
    const dir = fresh();
    const core = new AppCore({ dataDir: dir });
    expect((await core.handle('createPatient', { id: 'anna', name: 'Anna' })).ok).toBe(true);
    expect((await core.handle('saveSettings', { app: { activeProfileId: 'anna', mode: 'therapist' } })).ok).toBe(true);
    const app = join(dir, 'settings', 'app.json');
    const saved = readFileSync(app, 'utf8');
    // A read error that is not a parse error: the path is now a folder (EISDIR), as an EIO would be.
    renameSync(app, app + '.real');
    mkdirSync(app);
    const s = await settings(core);
    expect(s.profileId).toBe('anna');
    expect(s.app.mode).toBe('therapist');
    expect(s.repaired).toContain('app:read-error:EISDIR');
    expect(readdirSync(join(dir, 'settings')).filter((n) => n.includes('.bad-'))).toEqual([]);
    rmSync(app, { recursive: true });
    renameSync(app + '.real', app);
    expect(readFileSync(app, 'utf8')).toBe(saved);
    expect((await settings(core)).repaired).toEqual([]);
    await core.dispose();
  });

  it('EACCES for real (a process without CAP_DAC_OVERRIDE): settings report it, the file stays, saves are refused', () => {
    requireTool('setpriv', 'util-linux');
    const dir = fresh();
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'settings'), { mode: 0o755 });
    mkdirSync(join(dir, 'queue'), { mode: 0o755 });
    const app = join(dir, 'settings', 'app.json');
    const body = JSON.stringify({ version: 2, language: 'nl', mode: 'therapist', activeProfileId: 'anna', firstRunDone: true });
    writeFileSync(app, body, { mode: 0o600 });
    writeFileSync(join(dir, 'queue', '2026-12-06.json'), JSON.stringify({ version: 1, day: '2026-12-06', entries: [] }), { mode: 0o600 });
    chmodSync(app, 0o000);
    chmodSync(join(dir, 'queue', '2026-12-06.json'), 0o000);
    const r = spawnSync('setpriv', ['--inh-caps=-all', '--bounding-set=-all', process.execPath, '--import', 'tsx', join(ROOT, 'test/core/settings-child.ts'), dir], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { get: { ok: boolean; value: SettingsReply }; save: { ok: boolean; error?: { kind: string; problem: string; detail: string } }; queue: { ok: boolean; error?: { kind: string; detail: string } } };
    expect(out.get.ok).toBe(true);
    expect(out.get.value.repaired).toContain('app:read-error:EACCES');
    expect(out.save).toMatchObject({ ok: false, error: { kind: 'file-error', problem: 'read', detail: 'EACCES' } });
    const said = errorMessage('nl', (out.save as { error: AppError }).error);
    expect(said).toContain('kon zojuist niet worden gelezen');
    expect(said).not.toContain('EACCES');
    expect(out.queue).toMatchObject({ ok: false, error: { kind: 'file-error', detail: 'EACCES' } });
    chmodSync(app, 0o600);
    expect(readFileSync(app, 'utf8')).toBe(body);
    expect(readdirSync(join(dir, 'settings')).sort()).toEqual(['app.json']);
  }, 40_000);

  it('only a file that is not JSON is kept aside (and reported)', () => {
    const dir = fresh();
    const f = join(dir, 'x.json');
    writeFileSync(f, '{"version": 2, "mode": "ho');
    const r = readPrivateJson(f, 1000);
    expect(r.raw).toBeUndefined();
    expect(r.readError).toBeUndefined();
    expect(r.repaired[0]).toMatch(/^unreadable .*kept as .*x\.json\.bad-\d+$/);
    expect(existsSync(f)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('x.json.bad-'))).toHaveLength(1);
  });

  it('a failed write throws and leaves no temp file behind; the old file is intact', () => {
    const dir = fresh();
    const f = join(dir, 'a.json');
    writePrivateJson(f, { v: 1 });
    // The target became a non-empty folder: the rename fails after the temp file was written.
    rmSync(f);
    mkdirSync(f);
    writeFileSync(join(f, 'keep'), 'x');
    expect(() => writePrivateJson(f, { v: 2 })).toThrow();
    expect(readdirSync(dir)).toEqual(['a.json']);
    expect(readFileSync(join(f, 'keep'), 'utf8')).toBe('x');
  });

  it('a truncated patient file is listed as damaged, untouched; the others are listed as usual', async () => {
    const dir = fresh();
    const core = new AppCore({ dataDir: dir });
    expect((await core.handle('createPatient', { id: 'anna', name: 'Anna' })).ok).toBe(true);
    expect((await core.handle('createPatient', { id: 'bert', name: 'Bert' })).ok).toBe(true);
    const f = join(dir, 'patients', 'bert.json');
    const cut = readFileSync(f, 'utf8').slice(0, 30);
    writeFileSync(f, cut);
    const r = await core.handle('listPatients', { includeArchived: true });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const list = r.value as PatientRecord[];
    expect(list.map((p) => [p.id, p.damaged ?? null])).toEqual([['anna', null], ['bert', 'truncated or not JSON']]);
    expect(readFileSync(f, 'utf8')).toBe(cut);
    await core.dispose();
  });
});
