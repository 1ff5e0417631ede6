// Loads the real main-process wiring (electron/main/main.ts) against a recording fake 'electron' and checks hardening.
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeBatchFrame } from '../../api/batch-frame.ts';
import { APP_ENTRY_URL, IPC } from '../../electron/ipc-channels.ts';
import { saveWindowState } from '../../electron/main/window-state.ts';
import { FakeEvent, FakeFrame, FakeWebContents, resetFakeElectron, store, type FakeState } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule());

type MainModule = typeof import('../../electron/main/main.ts');
type Started = NonNullable<Awaited<MainModule['started']>>;

let fake: FakeState;
let appRoot: string;
let handleSpy: ReturnType<typeof vi.fn>;
let started: Started | null;

function makeAppRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'loslaten-approot-'));
  mkdirSync(join(root, 'dist', 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(root, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Loslaten</title>');
  writeFileSync(join(root, 'dist', 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside the renderer folder');
  return root;
}

/** Fresh module graph + fakes, then runs main.ts; `configure` can adjust the fakes before it runs. */
async function startMain(configure?: (s: FakeState) => void): Promise<Started | null> {
  vi.resetModules();
  fake = resetFakeElectron();
  fake.app.appPath = appRoot;
  configure?.(fake);
  const { AppCore } = await import('../../core/app-core.ts');
  handleSpy = vi.spyOn(AppCore.prototype, 'handle') as unknown as ReturnType<typeof vi.fn>;
  const mod: MainModule = await import('../../electron/main/main.ts');
  started = await mod.started;
  return started;
}

function win() {
  const w = store().windows[0];
  if (!w) throw new Error('no window created');
  return w;
}

/** An IPC event as Electron builds it, from the given web contents and frame. */
function ipcEvent(sender: FakeWebContents, frame: FakeFrame | null) {
  return { sender, senderFrame: frame, ports: [] };
}

async function invoke(event: unknown, command: unknown, req: unknown) {
  const h = fake.ipcMain.handlers.get(IPC.invoke);
  if (!h) throw new Error('invoke channel not registered');
  return h(event, command, req);
}

beforeEach(() => { appRoot = makeAppRoot(); });
afterEach(async () => {
  if (started) {
    started.disposeIpc();
    await started.core.dispose();
    started = null;
  }
  vi.restoreAllMocks();
});

describe('startup wiring', () => {
  it('registers app:// as a privileged standard + secure scheme and enables the sandbox before ready', async () => {
    await startMain();
    expect(fake.protocol.privileged).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false }) }),
    ]);
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.protocol.handlers.has('app')).toBe(true);
  });

  it('creates one window with the hardened webPreferences and loads it from app://, never file://', async () => {
    await startMain();
    expect(store().windows).toHaveLength(1);
    const wp = win().options.webPreferences;
    expect(wp).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false,
      experimentalFeatures: false, webviewTag: false, spellcheck: false, devTools: false,
    });
    expect(wp.enableBlinkFeatures).toBeUndefined();
    expect(wp.preload).toBe(join(appRoot, 'dist-electron', 'preload.cjs'));
    expect(win().loadedUrl).toBe(APP_ENTRY_URL);
    expect(win().loadedUrl!.startsWith('file:')).toBe(false);
  });

  it('allows developer tools only in an unpackaged build', async () => {
    await startMain((s) => { s.app.isPackaged = false; });
    expect(win().options.webPreferences.devTools).toBe(true);
  });

  it('quits without a window when another instance holds the single-instance lock', async () => {
    const r = await startMain((s) => { s.app.singleInstance = false; });
    expect(r).toBeNull();
    expect(fake.app.quitCalls).toBe(1);
    expect(store().windows).toHaveLength(0);
  });

  it('focuses the existing window on a second launch', async () => {
    await startMain();
    const focus = vi.spyOn(win(), 'focus');
    fake.app.emit('second-instance', new FakeEvent(), ['loslaten']);
    expect(focus).toHaveBeenCalledTimes(1);
  });

  it('on quit: holds the quit until the core (device link, recording) has closed, then quits', async () => {
    const s = await startMain();
    const dispose = vi.spyOn(s!.core, 'dispose');
    fake.app.emit('window-all-closed');
    expect(fake.app.quitCalls).toBe(1);
    const first = new FakeEvent();
    fake.app.emit('before-quit', first);
    expect(first.defaultPrevented).toBe(true);
    expect(dispose).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => { expect(fake.app.quitCalls).toBe(2); });
    const second = new FakeEvent();
    fake.app.emit('before-quit', second);
    expect(second.defaultPrevented).toBe(false);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('creates the sessions folder owner-only (0700) under userData', async () => {
    const s = await startMain();
    expect(s!.sessionsDir).toBe(join(fake.app.userData, 'sessions'));
    expect(statSync(s!.sessionsDir!).mode & 0o777).toBe(0o700);
    expect(statSync(fake.app.userData).mode & 0o777).toBe(0o700);
  });

  it('remembers window size and position across restarts, and ignores a corrupt state file', async () => {
    await startMain();
    win().emit('close', new FakeEvent());
    const saved = JSON.parse(readFileSync(join(fake.app.userData, 'window-state.json'), 'utf8'));
    expect(saved).toMatchObject({ width: 1280, height: 800 });
    const userData = fake.app.userData;
    writeFileSync(join(userData, 'window-state.json'), JSON.stringify({ ...saved, x: 100, y: 120, width: 1000, height: 700, maximized: true }));
    started!.disposeIpc(); await started!.core.dispose(); started = null;
    await startMain((s) => { s.app.userData = userData; });
    expect(win().options).toMatchObject({ x: 100, y: 120, width: 1000, height: 700 });
    expect(win().maximized).toBe(false); // not before it has painted
    win().emit('ready-to-show');
    expect(win().maximized).toBe(true);
    writeFileSync(join(userData, 'window-state.json'), '{"version":1,"width":-5');
    started!.disposeIpc(); await started!.core.dispose(); started = null;
    await startMain((s) => { s.app.userData = userData; });
    expect(win().options).toMatchObject({ width: 1280, height: 800 });
    expect(win().options.x).toBeUndefined();
  });

  it('installs a File / View / Session / Help menu with accelerators; reload is off in production', async () => {
    await startMain();
    const menu = fake.Menu.template as { label: string; submenu: { role?: string; label?: string; accelerator?: string; enabled?: boolean; click?: () => void }[] }[];
    expect(menu.map((m) => m.label.replace('&', ''))).toEqual(['File', 'View', 'Session', 'Help']);
    const items = menu.flatMap((m) => m.submenu);
    const reload = items.find((i) => i.role === 'reload');
    expect(reload?.enabled).toBe(false);
    expect(items.find((i) => i.role === 'quit')?.accelerator).toBe('Ctrl+Q');
    expect(items.find((i) => i.role === 'togglefullscreen')?.accelerator).toBe('F11');
    const about = menu[3]!.submenu[0]!;
    expect(about.label).toBe('About Loslaten');
    about.click!();
    expect(fake.dialog.shown).toHaveLength(1);
  });
});

describe('session and web contents hardening', () => {
  it('denies every permission request, permission check and device permission', async () => {
    await startMain();
    const ses = fake.session.defaultSession;
    for (const perm of ['media', 'serial', 'hid', 'usb', 'notifications', 'geolocation', 'openExternal', 'clipboard-read']) {
      const cb = vi.fn();
      ses.permissionRequestHandler!(win().webContents, perm, cb, {});
      expect(cb).toHaveBeenCalledWith(false);
      expect(ses.permissionCheckHandler!(win().webContents, perm, 'app://loslaten', {})).toBe(false);
    }
    expect(ses.devicePermissionHandler!({ deviceType: 'serial', origin: 'app://loslaten' })).toBe(false);
  });

  it('sets the CSP on every response, replacing one the response brought, with no remote origin', async () => {
    await startMain();
    const cb = vi.fn();
    fake.session.defaultSession.webRequest.headersReceived!({ responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, cb);
    const headers = cb.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['content-security-policy']).toBeUndefined();
    const csp = headers['Content-Security-Policy']![0]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|wss?:|\*|unsafe-inline|unsafe-eval/);
    expect(headers['X-Other']).toEqual(['1']);
    const res = await fake.protocol.handlers.get('app')!({ url: 'app://loslaten/index.html', method: 'GET' }) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(csp);
  });

  it('cancels every network request the renderer makes, and downloads no spell-check dictionary', async () => {
    await startMain();
    expect(fake.session.defaultSession.spellChecker).toBe(false);
    const br = fake.session.defaultSession.webRequest.beforeRequest!;
    expect(br.filter!.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const cb = vi.fn();
    br.listener({ url: 'https://tracker.example/x' }, cb);
    expect(cb).toHaveBeenCalledWith({ cancel: true });
  });

  it('prevents navigation, redirects and webviews, and denies window.open', async () => {
    await startMain();
    const wc = win().webContents;
    for (const ev of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      expect(wc.fire(ev, { url: 'https://evil.example/' }).defaultPrevented, ev).toBe(true);
    }
    expect(wc.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'app://loslaten/index.html' })).toEqual({ action: 'deny' });
  });

  it('hardens web contents created later too (devtools, stray windows)', async () => {
    await startMain();
    const other = new FakeWebContents('app://loslaten/index.html');
    fake.app.emit('web-contents-created', new FakeEvent(), other);
    expect(other.fire('will-navigate').defaultPrevented).toBe(true);
    expect(other.windowOpenHandler!({ url: 'x' })).toEqual({ action: 'deny' });
  });

  it('cancels the Web Serial, WebHID, WebUSB and Bluetooth device pickers', async () => {
    await startMain();
    const ses = fake.session.defaultSession;
    const picks: [string, unknown[]][] = [['select-serial-port', [[{ portId: 'p1' }], win().webContents]], ['select-hid-device', [{ deviceList: [] }]], ['select-usb-device', [{ deviceList: [] }]]];
    for (const [name, args] of picks) {
      const ev = new FakeEvent();
      const cb = vi.fn();
      expect(ses.listenerCount(name), name).toBe(1);
      ses.emit(name, ev, ...args, cb);
      expect(ev.defaultPrevented, name).toBe(true);
      expect(cb, name).toHaveBeenCalledTimes(1);
      expect([undefined, null, ''], name).toContain(cb.mock.calls[0]![0]);
    }
    const cb = vi.fn();
    expect(win().webContents.fire('select-bluetooth-device', [{ deviceId: 'b1' }], cb).defaultPrevented).toBe(true);
    expect(cb).toHaveBeenCalledWith('');
  });

  it('watches the renderer process so a crashed window is reloaded', async () => {
    await startMain();
    expect(win().webContents.listenerCount('render-process-gone')).toBe(1);
  });

  it('cancels downloads', async () => {
    await startMain();
    const ev = new FakeEvent();
    fake.session.defaultSession.emit('will-download', ev, {}, win().webContents);
    expect(ev.defaultPrevented).toBe(true);
  });
});

describe('IPC', () => {
  it('answers the app window’s own top-level frame through AppCore', async () => {
    await startMain();
    const wc = win().webContents;
    const r = await invoke(ipcEvent(wc, wc.mainFrame), 'listDevices', {});
    expect(r.ok).toBe(true);
    expect(r.value.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(['demo:emg', 'demo:pressure']));
    expect(handleSpy).toHaveBeenCalledWith('listDevices', {});
  });

  it('accepts a second wrapper of the same top-level frame (same frame-tree id) but not a child of it', async () => {
    await startMain();
    const wc = win().webContents;
    const again = Object.defineProperty(new FakeFrame(APP_ENTRY_URL), 'frameTreeNodeId', { value: wc.mainFrame.frameTreeNodeId });
    expect((await invoke(ipcEvent(wc, again), 'listDevices', {})).ok).toBe(true);
    const child = Object.defineProperty(new FakeFrame(APP_ENTRY_URL, wc.mainFrame), 'frameTreeNodeId', { value: wc.mainFrame.frameTreeNodeId });
    expect((await invoke(ipcEvent(wc, child), 'listDevices', {})).ok).toBe(false);
  });

  it('refuses a subframe, a foreign origin, another web contents and a missing frame without calling AppCore', async () => {
    await startMain();
    const wc = win().webContents;
    const cases: [string, unknown][] = [
      ['subframe', ipcEvent(wc, new FakeFrame('app://loslaten/index.html', wc.mainFrame))],
      ['frame that is not the main frame', ipcEvent(wc, new FakeFrame('app://loslaten/index.html'))],
      ['other web contents', ipcEvent(new FakeWebContents('app://loslaten/index.html'), new FakeWebContents('app://loslaten/index.html').mainFrame)],
      ['no frame', ipcEvent(wc, null)],
    ];
    for (const [name, ev] of cases) {
      const r = await invoke(ev, 'listDevices', {});
      expect(r, name).toEqual({ ok: false, error: { kind: 'forbidden', reason: 'untrusted-sender' } });
    }
    for (const url of ['https://evil.example/index.html', 'file:///etc/passwd', 'app://other/index.html', 'app://user@loslaten/', 'http://127.0.0.1:5173/', 'about:blank', 'not a url']) {
      wc.mainFrame.url = url;
      const r = await invoke(ipcEvent(wc, wc.mainFrame), 'connect', { deviceId: 'demo:emg' });
      expect(r.ok, url).toBe(false);
      expect(r.error, url).toEqual({ kind: 'forbidden', reason: 'untrusted-sender' });
    }
    expect(handleSpy).not.toHaveBeenCalled();
  });

  it('refuses invalid arguments with invalid-request (validated by the zod schemas) and unknown commands', async () => {
    await startMain();
    const wc = win().webContents;
    const ev = ipcEvent(wc, wc.mainFrame);
    const bad: unknown[] = [{ deviceId: 42 }, { deviceId: 'demo:emg', extra: true }, { deviceId: '/dev/ttyS0' }, { deviceId: 'demo:emg', baudRate: 1e9 }, 'connect-me', [1, 2]];
    for (const req of bad) {
      const r = await invoke(ev, 'connect', req);
      expect(r.ok, JSON.stringify(req)).toBe(false);
      expect(r.error.kind, JSON.stringify(req)).toBe('invalid-request');
    }
    expect((await invoke(ev, 'rm -rf', {})).error.kind).toBe('unknown-command');
    expect((await invoke(ev, '__proto__', {})).error.kind).toBe('unknown-command');
    expect((await invoke(ev, { toString: () => 'connect' }, {})).error.kind).toBe('unknown-command');
    expect(started!.core.link.status().state).toBe('idle');
  });

  it('hands the trusted page a MessagePort that carries real batch frames, and pushes status', async () => {
    await startMain();
    const wc = win().webContents;
    fake.ipcMain.listeners.get(IPC.openBatchPort)!(ipcEvent(wc, wc.mainFrame));
    const post = wc.posted.find((p) => p.channel === IPC.batchPort);
    const channel = store().channels[0]!;
    expect(post?.transfer).toEqual([channel.port2]);
    expect(wc.sent.some((s) => s.channel === IPC.status)).toBe(true);
    const r = await invoke(ipcEvent(wc, wc.mainFrame), 'connect', { deviceId: 'demo:emg' });
    expect(r).toEqual({ ok: true, value: { deviceId: 'demo:emg' } });
    const deadline = Date.now() + 5000;
    while (channel.port1.messages.length === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    const frame = channel.port1.messages[0];
    expect(frame).toBeInstanceOf(ArrayBuffer);
    const view = decodeBatchFrame(frame as ArrayBuffer);
    expect(view?.count).toBeGreaterThan(0);
    expect(wc.sent.filter((s) => s.channel === IPC.status).map((s) => (s.args[0] as { state: string }).state)).toContain('streaming');
    await invoke(ipcEvent(wc, wc.mainFrame), 'disconnect', {});
  });

  it('closes the batch lane when the renderer\'s end of the port goes (its process died): no frames into a dead port', async () => {
    await startMain();
    const wc = win().webContents;
    fake.ipcMain.listeners.get(IPC.openBatchPort)!(ipcEvent(wc, wc.mainFrame));
    const channel = store().channels[0]!;
    // Electron delivers the peer's close to a MessagePortMain only after start(): main must have started it.
    expect(channel.port1.started).toBe(true);
    await invoke(ipcEvent(wc, wc.mainFrame), 'connect', { deviceId: 'demo:emg' });
    await vi.waitFor(() => { expect(channel.port1.messages.length).toBeGreaterThan(0); }, { timeout: 5000 });
    channel.port2.close();
    expect(channel.port1.closed).toBe(true);
    const sent = channel.port1.messages.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(channel.port1.messages.length).toBe(sent);
    await invoke(ipcEvent(wc, wc.mainFrame), 'disconnect', {});
  });

  it('a window restored maximized or full screen stays hidden until painted, then is maximized and shown', async () => {
    for (const restored of [{ maximized: true, fullScreen: false }, { maximized: false, fullScreen: true }]) {
      await startMain((f) => { saveWindowState(f.app.userData, { version: 1, x: 40, y: 30, width: 1200, height: 800, ...restored }); });
      const w = store().windows[0]!;
      expect(w.visible).toBe(false);
      w.emit('ready-to-show');
      expect({ maximized: w.maximized, fullScreen: w.fullScreen }).toEqual(restored);
      expect(w.visible).toBe(true);
      expect(w.shownBeforePaint).toBe(false);
      started!.disposeIpc();
      await started!.core.dispose();
      started = null;
    }
  });

  it('gives an untrusted sender no port, and replaces the port on reload', async () => {
    await startMain();
    const wc = win().webContents;
    const open = fake.ipcMain.listeners.get(IPC.openBatchPort)!;
    open(ipcEvent(wc, new FakeFrame('app://loslaten/index.html', wc.mainFrame)));
    wc.mainFrame.url = 'https://evil.example/';
    open(ipcEvent(wc, wc.mainFrame));
    expect(wc.posted).toHaveLength(0);
    expect(store().channels).toHaveLength(0);
    wc.mainFrame.url = APP_ENTRY_URL;
    open(ipcEvent(wc, wc.mainFrame));
    open(ipcEvent(wc, wc.mainFrame));
    expect(store().channels).toHaveLength(2);
    expect(store().channels[0]!.port1.closed).toBe(true);
    expect(store().channels[1]!.port1.closed).toBe(false);
  });
});
