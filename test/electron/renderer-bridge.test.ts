// End to end without an Electron binary: the built renderer in headless Chromium, served by the app:// handler with the
// Electron CSP, talking to a real AppCore only through the bundled preload (window.loslaten) and electron/main/ipc.ts.
import { COMMAND_NAMES, DESKTOP_VERBS } from '../../api/contract.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCore } from '../../core/app-core.ts';
import { APP_ENTRY_URL, IPC } from '../../electron/ipc-channels.ts';
import { registerIpc } from '../../electron/main/ipc.ts';
import { desktopHandlers } from '../../electron/main/desktop-ipc.ts';
import { importedFileOf, importSessionFiles } from '../../electron/main/open-files.ts';
import { saveReportPdf } from '../../electron/main/report-pdf.ts';
import { createAppProtocolHandler } from '../../electron/main/protocol.ts';
import { APP_VERSION } from '../../core/app-core.ts';
import { buildSessionReport } from '../../core/review-commands.ts';
import { launchBrowser, outputPath } from '../helpers/browser.ts';
import { tempDir } from '../helpers/pty.ts';
import { writeSyntheticSession } from '../review/synthetic.ts';
import { FAKE_PDF, FakeBrowserWindow, store } from './fake-electron.ts';

const root = resolve(import.meta.dirname, '../..');
const rendererDir = join(root, 'dist', 'renderer');
let preloadCode: string;
let server: Server;
let origin: string;
let wsAttempts = 0;
let browser: BrowserContext;
let core: AppCore;
let disposeIpc: () => void;
let page: Page;
const pageErrors: string[] = [];
/** What the fake dialogs answer next (set by the tests). */
const dialogs = { open: [] as string[], save: '' };
let good = '';
let truncated = '';

/** Runs in the page before any of its scripts: a stand-in for Electron's sandboxed preload environment. */
function preloadHarness(code: string): string {
  return `(() => {
  const listeners = new Map();
  let port1 = null;
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));
  const later = (fn) => Promise.resolve().then(fn);
  window.__ipcEmit = (channel, payload) => { for (const l of listeners.get(channel) ?? []) l({ ports: [] }, payload); };
  window.__ipcPort = () => {
    const mc = new MessageChannel();
    port1 = mc.port1;
    for (const l of listeners.get(${JSON.stringify(IPC.batchPort)}) ?? []) l({ ports: [mc.port2] });
  };
  window.__ipcFrame = (b64) => {
    const bin = atob(b64); const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    port1?.postMessage(bytes.buffer, [bytes.buffer]);
  };
  const ipcRenderer = {
    invoke: (...a) => later(() => window.__ipcInvoke(...a)),
    send: (...a) => { later(() => window.__ipcSend(...a)); },
    on: (channel, l) => { if (!listeners.has(channel)) listeners.set(channel, []); listeners.get(channel).push(l); return ipcRenderer; },
  };
  // webUtils.getPathForFile: a real drop gives the file's path on disk; here the test names the path per file name.
  const webUtils = { getPathForFile: (f) => (window.__dropPaths || {})[f.name] || '' };
  const electron = { ipcRenderer, webUtils, contextBridge: { exposeInMainWorld: (key, api) => {
    Object.defineProperty(window, key, { value: Object.freeze({ ...api }), writable: false, configurable: false });
  } } };
  const sandboxRequire = (name) => { if (name !== 'electron') throw new Error('sandboxed preload cannot require ' + name); return electron; };
  const module = { exports: {} };
  (function (require, module, exports) {\n${code}\n})(sandboxRequire, module, module.exports);
})();`;
}

beforeAll(async () => {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('dist/renderer is missing: `npm test` builds it first (vite build)');
  const out = mkdtempSync(join(tmpdir(), 'loslaten-bridge-'));
  const r = spawnSync(join(root, 'node_modules', '.bin', 'vite'), ['build', '-c', 'electron/vite.config.ts', '--mode', 'preload'], {
    cwd: root, encoding: 'utf8', env: { ...process.env, LOSLATEN_ELECTRON_OUT_DIR: out },
  });
  if (r.status !== 0) throw new Error(`preload build failed:\n${r.stdout}\n${r.stderr}`);
  preloadCode = readFileSync(join(out, 'preload.cjs'), 'utf8');

  // The app:// handler behind a loopback HTTP server (Chromium cannot be pointed at a custom scheme without Electron).
  const handler = createAppProtocolHandler(rendererDir);
  server = createServer((req, res) => {
    void handler({ url: `app://loslaten${req.url ?? '/'}`, method: req.method ?? 'GET' }).then(async (resp) => {
      res.writeHead(resp.status, Object.fromEntries(resp.headers));
      res.end(Buffer.from(await resp.arrayBuffer()));
    });
  });
  server.on('upgrade', (_req, socket) => { wsAttempts++; socket.destroy(); });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  core = new AppCore({ dataDir: tempDir('loslaten-bridge-data-') });
  await core.handle('saveSettings', { app: { activeProfileId: 'anna' } });
  const src = tempDir('loslaten-bridge-src-');
  good = await writeSyntheticSession(join(src, 'home.edf'));
  const bytes = readFileSync(good);
  truncated = join(src, 'cut.edf');
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2) + 7));
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));

  // The main process side, with ipc.ts as in Electron: the page is the window's own top-level app:// frame.
  const handlers = new Map<string, (...a: any[]) => any>();
  const listeners = new Map<string, (...a: any[]) => any>();
  const push = (fn: string, ...args: unknown[]) => {
    void page.evaluate(([f, a]) => { (window as any)[f as string](...(a as unknown[])); }, [fn, args] as const).catch(() => {});
  };
  const mainFrame = { url: APP_ENTRY_URL, parent: null, frameTreeNodeId: 1 };
  const webContents = {
    id: 1, mainFrame, isDestroyed: () => false, once: () => {},
    send: (channel: string, payload: unknown) => push('__ipcEmit', channel, payload),
    postMessage: () => push('__ipcPort'),
  };
  class Port { on() {} start() {} close() {} postMessage(frame: ArrayBuffer) { push('__ipcFrame', Buffer.from(frame).toString('base64')); } }
  class Channel { port1 = new Port(); port2 = new Port(); }
  // The desktop routes as main.ts wires them; only Electron itself (window, printer, dialogs) is a fake, ready as the app is by now.
  store().state.app.markReady();
  const fakeDialog = {
    showSaveDialog: async () => ({ canceled: !dialogs.save, filePath: dialogs.save }),
  };
  const desktop = desktopHandlers({
      saveReportPdf: (req) => saveReportPdf({
        BrowserWindow: FakeBrowserWindow as never, session: store().state.session as never, dialog: fakeDialog as never, parent: () => null,
        documentsDir: tempDir('loslaten-bridge-docs-'),
        buildReport: async (profileId, sessionId) => {
          const r = await buildSessionReport(core.sessionsDir, profileId, sessionId, APP_VERSION, 'en');
          return r.ok ? { ok: true, value: { html: r.value.html, patient: r.value.input.patient, startedAt: r.value.input.startedAt } } : r;
        },
      }, req),
      chooseSessionFiles: async () => (dialogs.open.length === 0 ? { ok: false, error: { kind: 'cancelled' } }
        : { ok: true, value: (await importSessionFiles(core, dialogs.open)).map(importedFileOf) }),
      importFiles: async (paths) => ({ ok: true, value: (await importSessionFiles(core, paths)).map(importedFileOf) }),
  });
  disposeIpc = registerIpc({
    ipcMain: {
      handle: (ch: string, fn: (...a: any[]) => any) => { handlers.set(ch, fn); },
      on: (ch: string, fn: (...a: any[]) => any) => { listeners.set(ch, fn); },
      removeHandler: (ch: string) => { handlers.delete(ch); },
      removeListener: (ch: string) => { listeners.delete(ch); },
    } as never,
    MessageChannelMain: Channel as never,
    core,
    getWindow: () => ({ webContents }) as never,
    desktop,
  });
  const event = { sender: webContents, senderFrame: mainFrame };
  await page.exposeBinding('__ipcInvoke', (_src, channel: string, ...args: unknown[]) => handlers.get(channel)!(event, ...args));
  await page.exposeBinding('__ipcSend', (_src, channel: string) => { listeners.get(channel)?.(event); });
  await page.addInitScript(preloadHarness(preloadCode));
}, 120_000);

afterAll(async () => {
  disposeIpc?.();
  await browser?.close();
  await core?.dispose();
  await new Promise((ok) => server?.close(ok));
});

describe('renderer over the Electron bridge', () => {
  it('streams the Demo EMG sensor through window.loslaten under the Electron CSP, with no WebSocket', async () => {
    await page.goto(`${origin}/index.html`);
    const api = await page.evaluate(() => ({
      keys: Object.keys((window as any).loslaten ?? {}).sort(),
      frozen: Object.isFrozen((window as any).loslaten),
      node: typeof (window as any).require + typeof (window as any).process,
    }));
    expect(api).toEqual({ keys: [...COMMAND_NAMES, ...DESKTOP_VERBS, 'onBatch', 'onStatus'].sort(), frozen: true, node: 'undefinedundefined' });
    await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
    await page.selectOption('[data-testid=device-select]', 'demo:emg');
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
    await page.waitForFunction(() => (globalThis as any).__loslaten?.stats.samples > 2000, undefined, { timeout: 15_000 });
    // Cross-origin isolated like the browser host (same headers): the intake worker takes the frames off the port the
    // preload posted to the page, into shared rings.
    const intake = await page.evaluate(() => ({ isolated: globalThis.crossOriginIsolated, mode: (globalThis as any).__loslaten.mode, shared: (globalThis as any).__loslaten.stats.counts.buffer instanceof SharedArrayBuffer }));
    expect(intake).toEqual({ isolated: true, mode: 'worker', shared: true });
    const stats = await page.evaluate(() => { const s = (globalThis as any).__loslaten.stats; return { frames: s.frames, badFrames: s.badFrames, samples: s.samples }; });
    expect(stats.badFrames).toBe(0);
    expect(stats.frames).toBeGreaterThan(5);
    // The raw panels are off by default at home (issue 15 item 13): shown, their readout is fed through the same port.
    await page.check('[data-testid=show-raw]');
    await expect.poll(() => page.locator('[data-testid=readout-PF]').textContent(), { timeout: 15_000 }).toMatch(/^\d+\.\d µV$/);
    await page.screenshot({ path: outputPath('electron-bridge-demo-emg.png'), fullPage: true });
    await page.click('[data-testid=disconnect]');
    await page.waitForSelector('[data-testid=link-state][data-state=idle]');
    expect(core.link.status().state).toBe('idle');
    // No report at all: zod runs jitless (no eval probe), no inline script or style, no other origin.
    const violations = await page.evaluate(() => (window as any).__cspViolations as string[]);
    expect(violations).toEqual([]);
    expect(wsAttempts).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('Import… in the library: picks files in the (fake) dialog, lists each result, the new session appears', async () => {
    await page.goto(`${origin}/index.html`);
    await page.click('[data-testid=nav-sessions]');
    await page.waitForSelector('[data-testid=library]');
    dialogs.open = [good, truncated];
    await page.click('[data-testid=import-files]');
    const results = page.locator('[data-testid=import-results] li');
    await results.nth(1).waitFor();
    expect(await results.nth(0).textContent()).toBe('Imported: home.edf');
    expect(await results.nth(1).textContent()).toMatch(/^Not imported: The file .*cut\.edf cannot be used: header declares \d+ data records/);
    expect(await page.getAttribute('[data-testid=import-results]', 'role')).toBe('alert');
    await page.waitForSelector('[data-testid=session-row]');
    expect(await page.locator('[data-testid=session-row]').count()).toBe(1);
    // Files from the OS that could not be imported (main announces them): the same list, in the window.
    // A malformed shell event is dropped by the preload; a valid one lists the files.
    await page.evaluate(([ch]) => { (window as any).__ipcEmit(ch, { type: 'import-failed', files: [{ bogus: true }] }); }, [IPC.shellEvent]);
    await page.evaluate(([ch]) => { (window as any).__ipcEmit(ch, { type: 'import-failed', files: [{ file: 'cut.edf', ok: false, error: { kind: 'file-error', problem: 'too-small', path: '/home/anna/cut.edf', detail: '' } }] }); }, [IPC.shellEvent]);
    await page.waitForSelector('[data-testid=drop-result][role=alert]');
    expect(await page.textContent('[data-testid=drop-result] p')).toBe('Not imported: The file /home/anna/cut.edf cannot be used: too-small');
    await page.click('[data-testid=drop-result-close]');
    // A cancelled dialog changes nothing and shows no error.
    dialogs.open = [];
    await page.click('[data-testid=import-files]');
    await page.waitForSelector('[data-testid=import-files]:not([disabled])');
    expect(await page.locator('[data-testid=library-message]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('dropping recordings: calm overlay while dragging, the last import opens in review, failures listed; then Save as PDF', async () => {
    await page.goto(`${origin}/index.html`);
    await page.waitForSelector('[data-testid=nav-sessions]');
    await page.evaluate(([g]) => { (window as any).__dropPaths = { 'home.edf': g }; }, [good]);
    const before = (await core.handle('listSessions', { profileId: 'anna' }));
    const known = new Set((before.ok ? before.value as { id: string }[] : []).map((s) => s.id));
    const drag = (type: string, names: string[]) => page.evaluate(([t, n]) => {
      const dt = new DataTransfer();
      for (const name of n as string[]) dt.items.add(new File(['x'], name));
      return window.dispatchEvent(new DragEvent(t as string, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [type, names] as const);
    expect(await drag('dragenter', ['home.edf'])).toBe(false); // taken by the page: the browser never opens the file
    await page.waitForSelector('[data-testid=drop-overlay]');
    expect(await page.textContent('[data-testid=drop-overlay]')).toBe('Drop EDF or BDF recordings here to import them');
    await page.screenshot({ path: outputPath('electron-drop-overlay.png') });
    await drag('dragleave', ['home.edf']);
    await page.waitForSelector('[data-testid=drop-overlay]', { state: 'detached' });
    await drag('dragenter', ['home.edf', 'notes.txt']);
    expect(await drag('drop', ['home.edf', 'notes.txt'])).toBe(false);
    expect(await page.locator('[data-testid=drop-overlay]').count()).toBe(0);
    await page.waitForSelector('[data-testid=review]');
    const opened = await page.getAttribute('[data-testid=review]', 'data-session-id');
    expect(known.has(opened!)).toBe(false);
    expect(await page.textContent('[data-testid=drop-result]')).toContain('notes.txt is not an EDF or BDF recording.');
    await page.click('[data-testid=drop-result-close]');

    // Save as PDF from the report: the main flow (core report → hidden window → printToPDF → dialog → file).
    await page.click('[data-testid=report-open]');
    await page.waitForSelector('[data-testid=report-save-pdf]');
    dialogs.save = join(tempDir('loslaten-bridge-pdf-'), 'anna.pdf');
    await page.click('[data-testid=report-save-pdf]');
    await page.waitForSelector('[data-testid=report-pdf-message]');
    expect(await page.textContent('[data-testid=report-pdf-message]')).toBe(`PDF saved: ${dialogs.save}`);
    expect(readFileSync(dialogs.save)).toEqual(FAKE_PDF);
    const pdfWindow = store().windows.at(-1)!;
    expect(pdfWindow.isDestroyed()).toBe(true);
    expect(Buffer.from(pdfWindow.loadedUrl!.split(',')[1]!, 'base64').toString('utf8')).toContain('<dt>Patient</dt><dd>anna</dd>');
    // A folder that does not exist: a clear error, in Dutch too.
    dialogs.save = join(tempDir('loslaten-bridge-pdf-'), 'gone', 'anna.pdf');
    await page.selectOption('[data-testid=lang-select]', 'nl');
    await page.click('[data-testid=report-save-pdf]');
    await page.waitForSelector('[data-testid=report-pdf-message][role=alert]');
    expect(await page.textContent('[data-testid=report-pdf-message]')).toContain(`De pdf kon niet worden geschreven naar ${dialogs.save}`);
    await page.selectOption('[data-testid=lang-select]', 'en');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
