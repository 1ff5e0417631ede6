// The desktop shell speaks the app's language: menu labels and dialog texts come from the catalogue (nl/en), the
// language follows the setting (else the system locale), and the menu is rebuilt when the renderer changes it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_APP_SETTINGS } from '../../api/settings.ts';
import { IPC } from '../../electron/ipc-channels.ts';
import { registerIpc } from '../../electron/main/ipc.ts';
import { buildMenuTemplate } from '../../electron/main/menu.ts';
import { shellLanguage } from '../../electron/main/shell-i18n.ts';
import { catalogues, en, nl, type Language } from '../../renderer/i18n/messages.ts';
import { importEdf } from '../../sessions/library.ts';
import { tempDir } from '../helpers/pty.ts';
import { writeSyntheticSession } from '../review/synthetic.ts';
import { FakeFrame, FakeMessageChannelMain, FakeWebContents, store, type FakeState } from './fake-electron.ts';
import { invokeRoute, startFakeMain, stopFakeMain, trustedEvent, type StartedMain } from './main-harness.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule());

type Item = { label?: string; role?: string; type?: string; accelerator?: string; click?: () => void; submenu?: Item[] };
const PLATFORMS = ['linux', 'win32', 'darwin'] as const;
const actions = () => ({ disconnect: vi.fn(), zeroPressure: vi.fn(), about: vi.fn(), safety: vi.fn(), openRecording: vi.fn() });
const template = (language: Language, platform: string, isPackaged = false): Item[] =>
  buildMenuTemplate(actions(), { platform, isPackaged, appName: 'Loslaten', language }) as Item[];

/** Every item of a template, depth first (menus before their items). */
function walk(items: readonly Item[]): Item[] {
  return items.flatMap((i) => [i, ...walk(i.submenu ?? [])]);
}

/**
 * What is wrong with a template for `lang`: an item (roles too) without a label, a label that is no catalogue value
 * of `lang`, or, in Dutch, a label that is an English catalogue text.
 */
function leftovers(items: readonly Item[], lang: Language): string[] {
  const own = new Set(Object.values(catalogues[lang]));
  const other = new Set(Object.values(catalogues[lang === 'nl' ? 'en' : 'nl']).filter((v) => !own.has(v)));
  const bad: string[] = [];
  for (const i of walk(items)) {
    if (i.type === 'separator') continue;
    const what = i.role ?? i.label ?? '?';
    if (i.label === undefined) bad.push(`${what}: no label (Electron would show its English default)`);
    else if (!own.has(i.label)) bad.push(`${what}: "${i.label}" is not a ${lang} catalogue text`);
    else if (other.has(i.label)) bad.push(`${what}: "${i.label}" is a text of the other language`);
  }
  return bad;
}

describe('menu template in Dutch and English', () => {
  it('every label, role items included, is a catalogue text of the menu’s language, on every platform', () => {
    for (const platform of PLATFORMS) for (const isPackaged of [true, false]) for (const lang of ['nl', 'en'] as const) {
      expect(leftovers(template(lang, platform, isPackaged), lang), `${lang} ${platform} packaged=${isPackaged}`).toEqual([]);
    }
  });

  it('the check catches a role left to Electron’s English label and an English label in the Dutch menu', () => {
    const tampered = template('nl', 'linux');
    tampered[1]!.submenu!.push({ role: 'zoomIn' }, { label: en['shell.menu.disconnect'] }, { label: 'Open recording…' });
    expect(leftovers(tampered, 'nl')).toEqual([
      'zoomIn: no label (Electron would show its English default)',
      'Disconnect: "Disconnect" is not a nl catalogue text',
      'Open recording…: "Open recording…" is not a nl catalogue text',
    ]);
  });

  it('Dutch and English differ in every label but the macOS app menu (the app’s name); roles and accelerators are the same', () => {
    for (const platform of PLATFORMS) {
      const [a, b] = [walk(template('en', platform)), walk(template('nl', platform))];
      expect(b.map((i) => [i.role, i.accelerator, i.type])).toEqual(a.map((i) => [i.role, i.accelerator, i.type]));
      const same = a.filter((i, k) => i.label !== undefined && i.label === b[k]!.label).map((i) => i.label);
      expect(same, platform).toEqual(platform === 'darwin' ? ['Loslaten'] : []);
    }
  });

  it('keeps the accelerators it had before translation', () => {
    const accels = (platform: string, lang: Language) => walk(template(lang, platform)).map((i) => i.accelerator).filter(Boolean);
    for (const lang of ['nl', 'en'] as const) {
      expect(accels('linux', lang)).toEqual(['CmdOrCtrl+O', 'Ctrl+Q', 'CmdOrCtrl+R', 'Ctrl+Shift+I', 'CmdOrCtrl+0', 'CmdOrCtrl+Plus', 'CmdOrCtrl+-', 'F11', 'CmdOrCtrl+T', 'CmdOrCtrl+Shift+D', 'F1']);
      expect(accels('darwin', lang)).toEqual(['Cmd+Q', 'CmdOrCtrl+O', 'Cmd+W', 'CmdOrCtrl+R', 'Alt+Cmd+I', 'CmdOrCtrl+0', 'CmdOrCtrl+Plus', 'CmdOrCtrl+-', 'Ctrl+Cmd+F', 'CmdOrCtrl+T', 'CmdOrCtrl+Shift+D', 'F1']);
    }
  });

  it('gives each menu of the bar one Alt mnemonic, different letters within a language', () => {
    for (const lang of ['nl', 'en'] as const) {
      const keys = template(lang, 'win32').map((m) => { const k = /&(\p{L})/u.exec(m.label!); return k ? k[1]!.toLowerCase() : `none in ${m.label}`; });
      expect(keys.every((k) => k.length === 1), keys.join()).toBe(true);
      expect(new Set(keys).size, lang).toBe(keys.length);
      expect(template(lang, 'win32').every((m) => m.label!.split('&').length === 2)).toBe(true);
    }
    expect(template('nl', 'linux').map((m) => m.label!.replace('&', ''))).toEqual(['Bestand', 'Beeld', 'Sessie', 'Hulp']);
  });

  it('takes the setting, else Dutch for an nl* system locale and English for any other', () => {
    expect(shellLanguage('nl', 'en-US')).toBe('nl');
    expect(shellLanguage('en', 'nl-NL')).toBe('en');
    expect(shellLanguage(null, 'nl')).toBe('nl');
    expect(shellLanguage(null, 'nl-BE')).toBe('nl');
    expect(shellLanguage(null, 'NL-nl')).toBe('nl');
    expect(shellLanguage(null, 'en-GB')).toBe('en');
    expect(shellLanguage(null, 'de-DE')).toBe('en');
    expect(shellLanguage(null, '')).toBe('en');
    expect(shellLanguage(undefined, undefined)).toBe('en');
  });
});

// ---- main.ts against the fake 'electron' ----

let fake: FakeState;
let started: StartedMain | null = null;
let menuInstalls = 0;

/** Starts main with the given system locale and stored `language` setting (undefined: no settings file yet). */
async function startMain(locale: string, stored?: Language | null): Promise<StartedMain> {
  menuInstalls = 0;
  ({ fake, started } = await startFakeMain((f) => {
    f.app.locale = locale;
    if (stored !== undefined) {
      mkdirSync(join(f.app.userData, 'settings'), { recursive: true });
      writeFileSync(join(f.app.userData, 'settings', 'app.json'), JSON.stringify({ ...DEFAULT_APP_SETTINGS, language: stored }));
    }
    const set = f.Menu.setApplicationMenu.bind(f.Menu);
    f.Menu.setApplicationMenu = (m) => { menuInstalls++; set(m); };
  }));
  return started;
}

afterEach(async () => {
  await stopFakeMain(started ? { fake, started } : null);
  started = null;
});

const installed = (): Item[] => fake.Menu.template as Item[];
const menuLabels = (): string[] => installed().map((m) => m.label!.replace('&', ''));
const item = (label: string): Item => {
  const found = walk(installed()).find((i) => i.label === label);
  if (!found) throw new Error(`no menu item "${label}" in ${JSON.stringify(walk(installed()).map((i) => i.label))}`);
  return found;
};
const appWc = () => store().windows[0]!.webContents;
const trusted = trustedEvent;
const route = (channel: string, event: unknown, ...args: unknown[]) => invokeRoute(fake, channel, event, ...args);
const saveApp = (event: unknown, app: Record<string, unknown>) => route(IPC.invoke, event, 'saveSettings', { app });

describe('main: the menu in the app’s language', () => {
  it('builds the menu in the stored language, whatever the system locale', async () => {
    await startMain('en-US', 'nl');
    expect(menuLabels()).toEqual(['Bestand', 'Beeld', 'Sessie', 'Hulp']);
    expect(leftovers(installed(), 'nl')).toEqual([]);
    expect(started!.language()).toBe('nl');
    started!.disposeIpc(); await started!.core.dispose(); started = null;
    await startMain('nl-NL', 'en');
    expect(menuLabels()).toEqual(['File', 'View', 'Session', 'Help']);
    expect(leftovers(installed(), 'en')).toEqual([]);
  });

  it('follows the system locale while no language is chosen (first run, or language null)', async () => {
    await startMain('nl-BE');
    expect(menuLabels()).toEqual(['Bestand', 'Beeld', 'Sessie', 'Hulp']);
    started!.disposeIpc(); await started!.core.dispose(); started = null;
    await startMain('nl', null);
    expect(started!.language()).toBe('nl');
    started!.disposeIpc(); await started!.core.dispose(); started = null;
    await startMain('fr-FR', null);
    expect(menuLabels()).toEqual(['File', 'View', 'Session', 'Help']);
  });

  it('rebuilds the menu once the renderer changes the language through IPC, and only then', async () => {
    await startMain('en-US');
    expect(menuInstalls).toBe(1);
    expect((await saveApp(trusted(), { language: 'nl' })).ok).toBe(true);
    expect(menuInstalls).toBe(2);
    expect(menuLabels()).toEqual(['Bestand', 'Beeld', 'Sessie', 'Hulp']);
    expect(leftovers(installed(), 'nl')).toEqual([]);
    // The rebuilt menu still works.
    item(nl['shell.menu.about']).click!();
    expect(fake.dialog.shown).toHaveLength(1);
    // Other settings, the same language again, a refused or invalid request: the menu stays as it is.
    expect((await saveApp(trusted(), { theme: 'dark' })).ok).toBe(true);
    expect((await saveApp(trusted(), { language: 'nl' })).ok).toBe(true);
    expect((await saveApp(trusted(), { language: 'fr' })).ok).toBe(false);
    const foreign = { sender: appWc(), senderFrame: new FakeFrame('app://loslaten/index.html', appWc().mainFrame), ports: [] };
    expect(await saveApp(foreign, { language: 'en' })).toEqual({ ok: false, error: { kind: 'forbidden', reason: 'untrusted-sender' } });
    expect(menuInstalls).toBe(2);
    // Back to the system locale (en-US), then English chosen explicitly: one rebuild for the actual change only.
    expect((await saveApp(trusted(), { language: null })).ok).toBe(true);
    expect(menuLabels()).toEqual(['File', 'View', 'Session', 'Help']);
    expect((await saveApp(trusted(), { language: 'en' })).ok).toBe(true);
    expect(menuInstalls).toBe(3);
  });
});

describe('main: dialogs in the app’s language', () => {
  it('About: title, detail (with the data folder) and button in Dutch; the name and version as the message', async () => {
    await startMain('en-US', 'nl');
    item('Over Loslaten').click!();
    const [parent, opts] = fake.dialog.shown[0] as [unknown, { title: string; message: string; detail: string; buttons: string[] }];
    expect(parent).toBe(store().windows[0]);
    expect(opts).toMatchObject({ title: nl['shell.about.title'], message: 'Loslaten 0.1.0', buttons: [nl['shell.about.ok']] });
    expect(opts.detail).toBe(nl['shell.about.detail'].replace('{folder}', fake.app.userData));
    expect(opts.detail).toContain('Je opnamen blijven op deze computer');
  });

  it('About follows a language change made while the app runs', async () => {
    await startMain('nl-NL');
    await saveApp(trusted(), { language: 'en' });
    item('About Loslaten').click!();
    const opts = (fake.dialog.shown[0] as [unknown, { title: string; buttons: string[]; detail: string }])[1];
    expect([opts.title, opts.buttons]).toEqual(['About Loslaten', ['OK']]);
    expect(opts.detail.startsWith('Open pelvic-floor biofeedback')).toBe(true);
  });

  it('Open recording (menu) and Import (renderer) dialogs: translated titles and the EDF/BDF filter name', async () => {
    await startMain('en-US', 'nl');
    item(nl['shell.menu.openRecording']).click!();
    expect(await route(IPC.invoke, trusted(), 'chooseSessionFiles', {})).toEqual({ ok: false, error: { kind: 'cancelled' } });
    const [open, imp] = fake.dialog.openDialogs.map((a) => a[1] as { title: string; filters: { name: string; extensions: string[] }[] });
    expect(open!.title).toBe('Opname openen');
    expect(imp!.title).toBe('Opnamen importeren');
    for (const o of [open!, imp!]) expect(o.filters).toEqual([{ name: 'EDF/BDF-opnamen', extensions: ['edf', 'bdf'] }]);
    await saveApp(trusted(), { language: 'en' });
    await route(IPC.invoke, trusted(), 'chooseSessionFiles', {});
    const again = fake.dialog.openDialogs[2]![1] as { title: string; filters: { name: string }[] };
    expect([again.title, again.filters[0]!.name]).toEqual([en['shell.import.title'], en['shell.recordings.filter']]);
  });

  it('Save as PDF: dialog title, filter name and the words of the default file name in Dutch', async () => {
    const s = await startMain('nl-NL');
    const edf = await writeSyntheticSession(join(tempDir('loslaten-pdf-src-'), 'home.edf'));
    const imp = await importEdf(s.core.sessionsDir, 'anna', edf, 'Week 2');
    if (!imp.ok) throw new Error(JSON.stringify(imp.error));
    fake.dialog.saveAnswer = { canceled: true, filePath: '' };
    expect(await route(IPC.invoke, trusted(), 'saveReportPdf', { profileId: 'anna', sessionId: imp.value.id })).toEqual({ ok: false, error: { kind: 'cancelled' } });
    const opts = fake.dialog.saveDialogs[0]![1] as { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] };
    expect(opts.title).toBe('Verslag opslaan als pdf');
    expect(opts.filters).toEqual([{ name: 'Pdf-document', extensions: ['pdf'] }]);
    expect(basename(opts.defaultPath)).toMatch(/^Loslaten-verslag anna \d{4}-\d\d-\d\d\.pdf$/);
    // The printed report itself is in the shell's language too (setting unset: the system locale nl-NL).
    const printed = () => {
      const url = store().windows.map((w) => w.loadedUrl ?? '').filter((u) => u.startsWith('data:text/html')).at(-1)!;
      const body = url.slice(url.indexOf(',') + 1);
      return url.slice(0, url.indexOf(',')).endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
    };
    expect(printed()).toContain('<html lang="nl">');
    expect(printed()).toContain('Kerncijfers: rusttonus');
    await saveApp(trusted(), { language: 'en' });
    await route(IPC.invoke, trusted(), 'saveReportPdf', { profileId: 'anna', sessionId: imp.value.id });
    expect(printed()).toContain('<html lang="en">');
    expect(printed()).toContain('Key figures: resting tone');
  });
});

describe('ipc: the post-command hook', () => {
  it('sees each command a trusted sender ran with its answer; never a refused one; a throwing hook does not lose the answer', async () => {
    const handlers = new Map<string, (...a: any[]) => any>();
    const ipcMain = { handle: (c: string, h: (...a: any[]) => any) => { handlers.set(c, h); }, removeHandler: () => {}, on: () => {}, removeListener: () => {} };
    const wc = new FakeWebContents('app://loslaten/index.html');
    const seen: [string, unknown][] = [];
    const dispose = registerIpc({
      ipcMain: ipcMain as never, MessageChannelMain: FakeMessageChannelMain as never, getWindow: () => ({ webContents: wc as never }),
      core: { handle: async (command) => ({ ok: true, value: command }), subscribe: () => () => {} },
      afterCommand: (command, result) => { seen.push([command, result]); if (command === 'boom') throw new Error('hook failed'); },
    });
    const invoke = handlers.get(IPC.invoke)!;
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await invoke({ sender: wc, senderFrame: wc.mainFrame }, 'saveSettings', {})).toEqual({ ok: true, value: 'saveSettings' });
    expect(await invoke({ sender: wc, senderFrame: wc.mainFrame }, 'boom', {})).toEqual({ ok: true, value: 'boom' });
    expect(await invoke({ sender: wc, senderFrame: new FakeFrame('app://loslaten/', wc.mainFrame) }, 'saveSettings', {})).toEqual({ ok: false, error: { kind: 'forbidden', reason: 'untrusted-sender' } });
    expect(seen).toEqual([['saveSettings', { ok: true, value: 'saveSettings' }], ['boom', { ok: true, value: 'boom' }]]);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('hook failed'));
    error.mockRestore();
    dispose();
  });
});
