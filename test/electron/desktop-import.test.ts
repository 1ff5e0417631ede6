// Import in the desktop app: the open dialog route and dropped files (paths validated in main; the renderer is
// untrusted), per-file results with the existing error values, sender checks, and the preload's File → path step.
import { mkdirSync, writeFileSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_DROPPED_FILES } from '../../api/contract.ts';
import { parseShellEvent } from '../../api/shell-events.ts';
import { APP_ENTRY_URL, IPC } from '../../electron/ipc-channels.ts';
import { droppedPathsSchema } from '../../electron/main/desktop-ipc.ts';
import { createPreloadApi } from '../../electron/preload/bridge-api.ts';
import { errorMessage } from '../../renderer/i18n/translate.ts';
import { tempDir } from '../helpers/pty.ts';
import { writeSyntheticSession } from '../review/synthetic.ts';
import { FakeFrame, FakeWebContents, store, type FakeState } from './fake-electron.ts';
import { invokeRoute, startFakeMain, stopFakeMain, trustedEvent, type StartedMain } from './main-harness.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule());

let fake: FakeState;
let started: StartedMain | null = null;
let dir = '';
let good = '';
let truncated = '';

async function startMain(): Promise<StartedMain> {
  ({ fake, started } = await startFakeMain());
  await started.core.handle('saveSettings', { app: { activeProfileId: 'anna' } });
  return started;
}
const appWc = () => store().windows[0]!.webContents;
/** What main sent the page on the shell-event lane. */
const shellEvents = (): unknown[] => appWc().sent.filter((m) => m.channel === IPC.shellEvent).map((m) => m.args[0]);
const trusted = trustedEvent;
const route = (channel: string, event: unknown, ...args: unknown[]) => invokeRoute(fake, channel, event, ...args);
async function sessionsOf(profileId: string): Promise<number> {
  const r = await started!.core.handle('listSessions', { profileId });
  return r.ok ? (r.value as unknown[]).length : -1;
}

beforeEach(async () => {
  dir = tempDir('loslaten-import-src-');
  good = await writeSyntheticSession(join(dir, 'home.edf'));
  const bytes = readFileSync(good);
  truncated = join(dir, 'cut.EDF');
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2) + 7));
  await startMain();
});
afterEach(async () => {
  await stopFakeMain(started ? { fake, started } : null);
  started = null;
});

describe('dropped paths (validated in main)', () => {
  it('accepts absolute paths of existing .edf/.bdf files, in any letter case', () => {
    const bdf = join(dir, 'x.BdF');
    writeFileSync(bdf, 'x');
    expect(droppedPathsSchema.safeParse([good, truncated, bdf]).success).toBe(true);
  });

  it('refuses anything a drop of recordings cannot give', () => {
    mkdirSync(join(dir, 'folder.edf'));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    symlinkSync('/etc/passwd', join(dir, 'passwd.edf'));
    const many = Array.from({ length: MAX_DROPPED_FILES + 1 }, () => good);
    const cases: [string, unknown][] = [
      ['relative', ['home.edf']], ['missing', [join(dir, 'missing.edf')]], ['folder', [join(dir, 'folder.edf')]],
      ['other type', [join(dir, 'notes.txt')]], ['no extension', ['/etc/passwd']], ['NUL', [`${good}\0.edf`]],
      ['too many', many], ['empty', []], ['not an array', good], ['not strings', [{ path: good }]], ['nothing', undefined],
    ];
    for (const [name, value] of cases) expect(droppedPathsSchema.safeParse(value).success, name).toBe(false);
    expect(droppedPathsSchema.safeParse(many.slice(1)).success).toBe(true);
    // A symlink named .edf is followed to what it points at: a regular file, so only the EDF reader can refuse it.
    expect(droppedPathsSchema.safeParse([join(dir, 'passwd.edf')]).success).toBe(true);
  });
});

describe('import routes', () => {
  it('imports dropped files into the active profile with one result per file (truncated → the existing message)', async () => {
    const r = await route(IPC.invoke, trusted(), 'importDroppedFiles', { paths: [good, truncated] });
    expect(r.ok).toBe(true);
    const [a, b] = r.value;
    expect(a).toMatchObject({ file: 'home.edf', ok: true, profileId: 'anna' });
    expect(a.sessionId).toMatch(/^[A-Za-z0-9]/);
    expect(b).toMatchObject({ file: 'cut.EDF', ok: false, error: { kind: 'file-error', problem: 'truncated', path: truncated } });
    expect(errorMessage('en', b.error)).toMatch(/^The file .*cut\.EDF cannot be used: header declares \d+ data records/);
    expect(await sessionsOf('anna')).toBe(1);
  });

  it('refuses a foreign sender or invalid paths without importing anything', async () => {
    const wc = appWc();
    const foreign = [
      { sender: wc, senderFrame: new FakeFrame(APP_ENTRY_URL, wc.mainFrame) },
      { sender: new FakeWebContents(APP_ENTRY_URL), senderFrame: new FakeWebContents(APP_ENTRY_URL).mainFrame },
      { sender: wc, senderFrame: null },
    ];
    for (const ev of foreign) {
      expect(await route(IPC.invoke, ev, 'importDroppedFiles', { paths: [good] })).toEqual({ ok: false, error: { kind: 'forbidden', reason: 'untrusted-sender' } });
      expect(await route(IPC.invoke, ev, 'chooseSessionFiles', {})).toEqual({ ok: false, error: { kind: 'forbidden', reason: 'untrusted-sender' } });
    }
    const bad = await route(IPC.invoke, trusted(), 'importDroppedFiles', { paths: [good, '/etc/passwd'] });
    expect(bad.error).toMatchObject({ kind: 'invalid-request', command: 'importDroppedFiles' });
    expect(bad.error.detail).toContain('not a .edf or .bdf file');
    expect(fake.dialog.openDialogs).toHaveLength(0);
    expect(await sessionsOf('anna')).toBe(0);
  });

  it('Import…: an open dialog for .edf/.bdf (several at once), then imports the chosen files; cancel does nothing', async () => {
    fake.dialog.openAnswer = { canceled: true, filePaths: [] };
    expect(await route(IPC.invoke, trusted(), 'chooseSessionFiles', {})).toEqual({ ok: false, error: { kind: 'cancelled' } });
    fake.dialog.openAnswer = { canceled: false, filePaths: [good, truncated] };
    const r = await route(IPC.invoke, trusted(), 'chooseSessionFiles', {});
    expect(r.value.map((f: { file: string; ok: boolean }) => [f.file, f.ok])).toEqual([['home.edf', true], ['cut.EDF', false]]);
    const [parent, opts] = fake.dialog.openDialogs[1] as [unknown, { properties: string[]; filters: { extensions: string[] }[] }];
    expect(parent).toBe(store().windows[0]);
    expect(opts.properties).toEqual(['openFile', 'multiSelections']);
    expect(opts.filters).toEqual([{ name: 'EDF/BDF recordings', extensions: ['edf', 'bdf'] }]);
    expect(await sessionsOf('anna')).toBe(1);
  });

  it('files from the OS (open-file, second launch): the good one opens in review, the broken one is listed in the window', async () => {
    fake.app.emit('open-file', { preventDefault() {} }, truncated);
    fake.app.emit('open-file', { preventDefault() {} }, good);
    await vi.waitFor(() => { expect(shellEvents()).toHaveLength(2); }, { timeout: 15_000 });
    const events = shellEvents();
    // Each one is a valid event of the shell lane (the preload would drop anything else); no script ever runs in the page.
    for (const e of events) expect(parseShellEvent(e)).toEqual(e);
    expect(appWc().scripts).toEqual([]);
    expect(events).toContainEqual({ type: 'import-failed', files: [{ file: 'cut.EDF', ok: false, error: expect.objectContaining({ kind: 'file-error', problem: 'truncated' }) }] });
    expect(events).toContainEqual({ type: 'open-session', profileId: 'anna', sessionId: expect.any(String) });
  });

  it('file:// URLs from a desktop file (%U) open too, at launch and from a second launch', async () => {
    const spaced = join(dir, 'rust meting.edf');
    writeFileSync(spaced, readFileSync(good));
    const events = () => shellEvents().filter((e) => (e as { type: string }).type === 'open-session').length;
    fake.app.emit('second-instance', { preventDefault() {} }, ['/opt/Loslaten/loslaten', pathToFileURL(spaced).href], '/');
    await vi.waitFor(() => { expect(events()).toBe(1); }, { timeout: 15_000 });
    // At launch: the URL is in main's own argv, read once the page has loaded.
    const argv = process.argv;
    process.argv = [...argv, pathToFileURL(good).href];
    try {
      appWc().emit('did-finish-load');
    } finally {
      process.argv = argv;
    }
    await vi.waitFor(() => { expect(events()).toBe(2); }, { timeout: 15_000 });
    expect(await sessionsOf('anna')).toBe(2);
  });

  it('a dropped file never navigates the window (will-navigate to file:// is prevented; drag-drop navigation is off)', () => {
    const w = store().windows[0]!;
    expect(w.options.webPreferences.navigateOnDragDrop).toBe(false);
    expect(w.webContents.fire('will-navigate', { url: `file://${good}` }, `file://${good}`).defaultPrevented).toBe(true);
    expect(w.webContents.fire('will-frame-navigate', { url: `file://${good}` }).defaultPrevented).toBe(true);
  });

  it('the desktop commands share the one command channel, and go with the rest of the IPC', async () => {
    expect([...fake.ipcMain.handlers.keys()]).toEqual([IPC.invoke]);
    // An unknown command on the same channel is refused by name, a desktop command with a bad shape by its schema.
    expect(await route(IPC.invoke, trusted(), 'importDroppedFiles', [good])).toMatchObject({ ok: false, error: { kind: 'invalid-request', command: 'importDroppedFiles' } });
    expect(await route(IPC.invoke, trusted(), 'formatDisk', {})).toMatchObject({ ok: false, error: { kind: 'unknown-command' } });
    started!.disposeIpc();
    expect(fake.ipcMain.handlers.has(IPC.invoke)).toBe(false);
    started = null;
  });
});

describe('preload: desktop verbs', () => {
  it('sends only the paths of dropped files (via webUtils), never the File objects', async () => {
    const a = new File(['x'], 'a.edf');
    const b = new File(['y'], 'b.bdf');
    fake.webUtils.paths.set(a, '/home/anna/a.edf');
    fake.webUtils.paths.set(b, '/home/anna/b.bdf');
    const api = createPreloadApi(fake.ipcRenderer as never, fake.webUtils);
    await api.importDroppedFiles!([a, b]);
    expect(fake.ipcRenderer.invoked).toEqual([[IPC.invoke, 'importDroppedFiles', { paths: ['/home/anna/a.edf', '/home/anna/b.bdf'] }]]);
  });

  it('a dropped item without a path on disk is refused in the page; nothing is sent', async () => {
    const api = createPreloadApi(fake.ipcRenderer as never, fake.webUtils);
    const r = await api.importDroppedFiles!([new File(['x'], 'pasted.edf')]);
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid-request', command: 'importDroppedFiles' } });
    const noUtils = createPreloadApi(fake.ipcRenderer as never);
    expect((await noUtils.importDroppedFiles!([new File(['x'], 'a.edf')])).ok).toBe(false);
    expect(fake.ipcRenderer.invoked).toEqual([]);
  });

  it('shell events reach only the listeners of their type, validated; a malformed one reaches none', () => {
    const api = createPreloadApi(fake.ipcRenderer as never, fake.webUtils);
    const opened: unknown[] = [];
    const menus: unknown[] = [];
    const off = api.onShellEvent!('open-session', (e) => opened.push(e));
    api.onShellEvent!('menu', (e) => menus.push(e.item));
    const emit = (payload: unknown) => fake.ipcRenderer.emit(IPC.shellEvent, {}, payload);
    emit({ type: 'open-session', profileId: 'anna', sessionId: 's1' });
    emit({ type: 'open-session', profileId: 'anna', sessionId: '../../etc' });
    emit({ type: 'menu', item: 'help' });
    emit({ type: 'menu', item: 'help', script: 'alert(1)' });
    emit('loslaten:menu');
    expect(opened).toEqual([{ type: 'open-session', profileId: 'anna', sessionId: 's1' }]);
    expect(menus).toEqual(['help']);
    off();
    emit({ type: 'open-session', profileId: 'anna', sessionId: 's2' });
    expect(opened).toHaveLength(1);
  });

  it('Save as PDF and Import send plain data as commands on the one channel', async () => {
    const api = createPreloadApi(fake.ipcRenderer as never, fake.webUtils);
    const req = { profileId: 'anna', sessionId: 's1', extra: () => 1 };
    await api.saveReportPdf!(req);
    await api.chooseSessionFiles!();
    expect(fake.ipcRenderer.invoked).toEqual([[IPC.invoke, 'saveReportPdf', { profileId: 'anna', sessionId: 's1' }], [IPC.invoke, 'chooseSessionFiles', {}]]);
  });
});
