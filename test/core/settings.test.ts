// Settings and patients through the AppCore: defaults, persistence, migration of v1 files, repair of damaged ones.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore } from '../../core/app-core.ts';
import { repairProfileSettings, type SettingsReply } from '../../api/settings.ts';

function fresh(): string { return mkdtempSync(join(tmpdir(), 'loslaten-settings-')); }

async function get(core: AppCore, profileId?: string): Promise<SettingsReply> {
  const r = await core.handle('getSettings', profileId ? { profileId } : {});
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as SettingsReply;
}

describe('settings service', () => {
  it('starts with home mode, no language chosen, contraction exercises off, nothing repaired', async () => {
    const core = new AppCore({ dataDir: fresh() });
    const s = await get(core);
    expect(s.app.mode).toBe('home');
    expect(s.app.firstRunDone).toBe(false);
    expect(s.app.language).toBeNull();
    expect(s.profileId).toBe('home');
    expect(s.settings.contractionExercisesAllowed).toBe(false);
    expect(s.settings.pacer.breathsPerMin).toBe(6);
    expect(s.repaired).toEqual([]);
    await core.dispose();
  });

  it('saves app and profile settings and reads them back in a new core on the same folder', async () => {
    const dir = fresh();
    const a = new AppCore({ dataDir: dir });
    const r = await a.handle('saveSettings', { profileId: 'p-1', app: { language: 'nl', theme: 'high-contrast', firstRunDone: true }, settings: { mainsHz: 60, pressureUnit: 'hPa', contractionExercisesAllowed: true } });
    expect(r.ok).toBe(true);
    // Private to the user: files 0600 in folders 0700.
    expect(statSync(join(dir, 'settings', 'profiles', 'p-1.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'settings')).mode & 0o777).toBe(0o700);
    await a.dispose();
    const b = new AppCore({ dataDir: dir });
    const s = await get(b, 'p-1');
    expect(s.app).toMatchObject({ language: 'nl', theme: 'high-contrast', firstRunDone: true });
    expect(s.settings).toMatchObject({ mainsHz: 60, pressureUnit: 'hPa', contractionExercisesAllowed: true });
    // Another profile keeps its own defaults.
    expect((await get(b, 'other')).settings.contractionExercisesAllowed).toBe(false);
    await b.dispose();
  });

  it('refuses invalid values instead of storing them', async () => {
    const core = new AppCore({ dataDir: fresh() });
    const r = await core.handle('saveSettings', { settings: { mainsHz: 55 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('invalid-request');
    expect((await get(core)).settings.mainsHz).toBe(50);
    await core.dispose();
  });

  it('repairs a damaged file: not JSON → defaults, the bad file kept aside, a message in `repaired`', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'settings', 'profiles'), { recursive: true });
    writeFileSync(join(dir, 'settings', 'app.json'), '{"version": 2, "mode": "home",');
    const core = new AppCore({ dataDir: dir });
    const s = await get(core);
    expect(s.app.mode).toBe('home');
    expect(s.repaired.some((x) => x.startsWith('app:unreadable'))).toBe(true);
    expect(readdirSync(join(dir, 'settings')).some((f) => f.startsWith('app.json.bad-'))).toBe(true);
    await core.dispose();
  });

  it('repairs field by field: keeps good values, resets bad ones, drops unknown ones, rewrites the file', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'settings', 'profiles'), { recursive: true });
    const file = join(dir, 'settings', 'profiles', 'home.json');
    writeFileSync(file, JSON.stringify({ version: 2, mainsHz: 60, pressureUnit: 'psi', defaultProtocolId: 'glazer-assessment', pacer: { breathsPerMin: 99, ratio: [1, 2], holdAfterInhaleS: 0, holdAfterExhaleS: 1, letGoPhase: 'exhale' }, audio: 'loud', contractionExercisesAllowed: false, extra: 1 }));
    const core = new AppCore({ dataDir: dir });
    const s = await get(core);
    expect(s.settings.mainsHz).toBe(60);
    expect(s.settings.pressureUnit).toBe('cmH2O');
    expect(s.settings.defaultProtocolId).toBe('glazer-assessment');
    expect(s.settings.pacer).toEqual({ breathsPerMin: 6, ratio: [1, 2], holdAfterInhaleS: 0, holdAfterExhaleS: 1, letGoPhase: 'exhale' });
    expect(s.settings.audio.enabled).toBe(false);
    expect(s.repaired).toEqual(expect.arrayContaining(['profile:field:pressureUnit', 'profile:field:pacer.breathsPerMin', 'profile:field:audio', 'profile:unknown:extra']));
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(onDisk.pressureUnit).toBe('cmH2O');
    expect(onDisk.extra).toBeUndefined();
    // Second read: the file is clean now.
    expect((await get(core)).repaired).toEqual([]);
    await core.dispose();
  });

  it('migrates a version-1 file (flat lang/mains/unit/theme) to version 2', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'settings'), { recursive: true });
    writeFileSync(join(dir, 'settings', 'app.json'), JSON.stringify({ version: 1, lang: 'nl', mains: 60, unit: 'mmHg', theme: 'hc', motion: 'reduced' }));
    const core = new AppCore({ dataDir: dir });
    const s = await get(core);
    expect(s.app).toMatchObject({ version: 2, language: 'nl', theme: 'high-contrast', reducedMotion: true, firstRunDone: true });
    expect(s.repaired).toContain('app:migrated:1→2');
    expect(repairProfileSettings({ version: 1, lang: 'nl', mains: 60, unit: 'mmHg' }).value).toMatchObject({ mainsHz: 60, pressureUnit: 'mmHg' });
    await core.dispose();
  });

  it('never throws on hostile input: arrays, null, future versions', () => {
    for (const raw of [null, [], 'x', 42, { version: 99 }, { version: 2, pacer: [] }]) {
      const r = repairProfileSettings(raw);
      expect(r.value.version).toBe(3);
      expect(r.repaired.length).toBeGreaterThan(0);
    }
  });
});

describe('patients', () => {
  it('creates, lists sorted, refuses duplicates, archives and keeps notes', async () => {
    const dir = fresh();
    const core = new AppCore({ dataDir: dir });
    expect((await core.handle('createPatient', { id: 'de-vries', name: 'Anna de Vries' })).ok).toBe(true);
    expect((await core.handle('createPatient', { id: 'bakker', name: 'Bea Bakker' })).ok).toBe(true);
    const dup = await core.handle('createPatient', { id: 'bakker', name: 'Other' });
    expect(dup.ok).toBe(false);
    const bad = await core.handle('createPatient', { id: '../etc', name: 'x' });
    expect(bad.ok).toBe(false);
    let list = await core.handle('listPatients', {});
    expect(list.ok && (list.value as { name: string }[]).map((p) => p.name)).toEqual(['Anna de Vries', 'Bea Bakker']);
    expect((await core.handle('savePatientNotes', { id: 'bakker', notes: 'tight at rest' })).ok).toBe(true);
    expect((await core.handle('archivePatient', { id: 'de-vries' })).ok).toBe(true);
    list = await core.handle('listPatients', {});
    expect(list.ok && (list.value as { id: string }[]).map((p) => p.id)).toEqual(['bakker']);
    list = await core.handle('listPatients', { includeArchived: true });
    expect(list.ok && (list.value as { id: string; notes: string; archived: boolean }[])).toEqual([
      expect.objectContaining({ id: 'de-vries', archived: true }), expect.objectContaining({ id: 'bakker', notes: 'tight at rest' })]);
    await core.dispose();
  });
});
