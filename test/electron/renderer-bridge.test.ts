// End to end without an Electron binary: the built renderer in headless Chromium, served by the app:// handler with the
// Electron CSP, talking to a real AppCore only through the bundled preload (window.loslaten) and electron/main/ipc.ts.
import { COMMAND_NAMES, DESKTOP_VERBS } from '../../api/contract.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCore } from '../../core/app-core.ts';
import { APP_ENTRY_URL, IPC } from '../../electron/ipc-channels.ts';
import { registerIpc } from '../../electron/main/ipc.ts';
import { createAppProtocolHandler } from '../../electron/main/protocol.ts';
import { launchBrowser, outputPath } from '../helpers/browser.ts';

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
  const electron = { ipcRenderer, contextBridge: { exposeInMainWorld: (key, api) => {
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

  core = new AppCore();
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
  class Port { on() {} close() {} postMessage(frame: ArrayBuffer) { push('__ipcFrame', Buffer.from(frame).toString('base64')); } }
  class Channel { port1 = new Port(); port2 = new Port(); }
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
  });
  const event = { sender: webContents, senderFrame: mainFrame };
  await page.exposeBinding('__ipcInvoke', (_src, channel: string, command: unknown, req: unknown) => handlers.get(channel)!(event, command, req));
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
    const stats = await page.evaluate(() => { const s = (globalThis as any).__loslaten.stats; return { frames: s.frames, badFrames: s.badFrames, samples: s.samples }; });
    expect(stats.badFrames).toBe(0);
    expect(stats.frames).toBeGreaterThan(5);
    expect(await page.locator('[data-testid=readout-PF]').textContent()).toMatch(/^\d+\.\d µV$/);
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
});
