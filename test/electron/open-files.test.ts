// Recordings handed over by the OS: argv filtering, import into the active profile, the page event, menu items.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { AppCore } from '../../core/app-core.ts';
import { importSessionFiles, sessionFilesFromArgv } from '../../electron/main/open-files.ts';
import { parseShellEvent } from '../../api/shell-events.ts';
import { buildMenuTemplate } from '../../electron/main/menu.ts';

describe('opening recordings from the OS', () => {
  it('takes existing .edf/.bdf files from argv, resolved against the launch folder; skips flags and others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loslaten-argv-'));
    writeFileSync(join(dir, 'a.EDF'), 'x');
    writeFileSync(join(dir, 'b.bdf'), 'x');
    writeFileSync(join(dir, 'c.txt'), 'x');
    expect(sessionFilesFromArgv(['--inspect', 'a.EDF', 'missing.edf', 'c.txt', join(dir, 'b.bdf'), '.'], dir)).toEqual([join(dir, 'a.EDF'), join(dir, 'b.bdf')]);
  });

  it('takes file:// URLs (what a Linux desktop file\'s %U passes), percent-decoded; other hosts and missing files are skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loslaten-argv-url-'));
    writeFileSync(join(dir, 'rust meting #1.edf'), 'x');
    writeFileSync(join(dir, 'b.BDF'), 'x');
    const spaced = pathToFileURL(join(dir, 'rust meting #1.edf')).href;
    expect(spaced).toContain('%20');
    expect(sessionFilesFromArgv([spaced, `file://localhost${join(dir, 'b.BDF')}`, 'file://server/share/c.edf', pathToFileURL(join(dir, 'gone.edf')).href, 'file:%zz.edf'], '/'))
      .toEqual([join(dir, 'rust meting #1.edf'), join(dir, 'b.BDF')]);
    // The same file as a path and as a URL opens once.
    expect(sessionFilesFromArgv([join(dir, 'b.BDF'), pathToFileURL(join(dir, 'b.BDF')).href], '/')).toEqual([join(dir, 'b.BDF')]);
  });

  it('imports a real recording into the active profile and reports a broken file as a value', async () => {
    const src = new AppCore({ dataDir: mkdtempSync(join(tmpdir(), 'loslaten-src-')) });
    expect((await src.handle('connect', { deviceId: 'demo:emg' })).ok).toBe(true);
    await vi.waitFor(() => expect(src.link.status().state).toBe('streaming'), { timeout: 5000 });
    const rec = await src.handle('startRecording', { profileId: 'x' });
    if (!rec.ok) throw new Error(JSON.stringify(rec.error));
    await new Promise((r) => setTimeout(r, 1500));
    await src.handle('stopRecording', {});
    await src.dispose();
    const file = (rec.value as { file: string }).file;
    const bad = join(mkdtempSync(join(tmpdir(), 'loslaten-bad-')), 'bad.edf');
    writeFileSync(bad, 'not an edf');

    const dst = new AppCore({ dataDir: mkdtempSync(join(tmpdir(), 'loslaten-dst-')) });
    await dst.handle('saveSettings', { app: { activeProfileId: 'anna' } });
    const done = await importSessionFiles(dst, [file, bad]);
    expect(done[0]).toMatchObject({ ok: true, profileId: 'anna' });
    expect(done[1]).toMatchObject({ ok: false, path: bad });
    const list = await dst.handle('listSessions', { profileId: 'anna' });
    expect(list.ok && list.value).toHaveLength(1);
    await dst.dispose();
  });

  it('shell events are validated: a well-formed one passes, anything else (a path-like id, an unknown type or field) is dropped', () => {
    expect(parseShellEvent({ type: 'open-session', profileId: 'a', sessionId: 's-1' })).toEqual({ type: 'open-session', profileId: 'a', sessionId: 's-1' });
    expect(parseShellEvent({ type: 'menu', item: 'help' })).toEqual({ type: 'menu', item: 'help' });
    for (const bad of [{ type: 'open-session', profileId: 'a', sessionId: '</script>"' }, { type: 'open-session', profileId: '../x', sessionId: 's' },
      { type: 'menu', item: 'quit' }, { type: 'run', code: 'x' }, { type: 'menu', item: 'help', extra: 1 }, { type: 'import-failed', files: [] }, null, 'help']) {
      expect(parseShellEvent(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('has File → Open recording… (Ctrl+O) and Help → Safety and guidance (F1) when the actions exist', () => {
    const actions = { disconnect: vi.fn(), zeroPressure: vi.fn(), about: vi.fn(), safety: vi.fn(), openRecording: vi.fn() };
    const items = buildMenuTemplate(actions, { platform: 'linux', isPackaged: true, appName: 'Loslaten', language: 'en' }).flatMap((m) => (m.submenu ?? []) as { label?: string; accelerator?: string; click?: () => void }[]);
    const safety = items.find((i) => i.label === 'Safety and guidance')!;
    const open = items.find((i) => i.label === 'Open recording…')!;
    expect([safety.accelerator, open.accelerator]).toEqual(['F1', 'CmdOrCtrl+O']);
    safety.click!(); open.click!();
    expect(actions.safety).toHaveBeenCalledTimes(1);
    expect(actions.openRecording).toHaveBeenCalledTimes(1);
    const accels = items.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accels).size).toBe(accels.length);
  });
});
