// A recording stand-in for the 'electron' module: enough of app, BrowserWindow, session, protocol, ipcMain and ports.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An event object like Electron's: records preventDefault. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void { this.defaultPrevented = true; }
}

let nextId = 1;

export class FakeFrame {
  /** Unique per frame, as in Chromium's frame tree. */
  readonly frameTreeNodeId = nextId++;
  constructor(public url: string, public parent: FakeFrame | null = null) {}
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly posted: { channel: string; message: unknown; transfer: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  reloads = 0;
  constructor(url: string) {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void { this.windowOpenHandler = h; }
  send(channel: string, ...args: unknown[]): void { this.sent.push({ channel, args }); }
  postMessage(channel: string, message: unknown, transfer: unknown[] = []): void { this.posted.push({ channel, message, transfer }); }
  isDestroyed(): boolean { return this.destroyed; }
  reload(): void { this.reloads++; }
  /** Emits like Electron: a fresh event first; returns it so tests can check preventDefault. */
  fire(name: string, ...args: unknown[]): FakeEvent {
    const ev = new FakeEvent();
    this.emit(name, ev, ...args);
    return ev;
  }
}

export class FakePort extends EventEmitter {
  readonly messages: unknown[] = [];
  closed = false;
  postMessage(m: unknown): void { this.messages.push(m); }
  start(): void {}
  close(): void { if (!this.closed) { this.closed = true; this.emit('close'); } }
}

export class FakeMessageChannelMain {
  readonly port1 = new FakePort();
  readonly port2 = new FakePort();
  constructor() { store().channels.push(this); }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  loadedUrl: string | null = null;
  maximized = false;
  fullScreen = false;
  constructor(public readonly options: Record<string, any>) {
    super();
    this.webContents = new FakeWebContents('');
    store().windows.push(this);
    store().state.app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  async loadURL(url: string): Promise<void> { this.loadedUrl = url; this.webContents.mainFrame.url = url; }
  maximize(): void { this.maximized = true; }
  setFullScreen(v: boolean): void { this.fullScreen = v; }
  isMaximized(): boolean { return this.maximized; }
  isFullScreen(): boolean { return this.fullScreen; }
  isMinimized(): boolean { return false; }
  isDestroyed(): boolean { return false; }
  getNormalBounds() { return { x: this.options.x ?? 10, y: this.options.y ?? 20, width: this.options.width, height: this.options.height }; }
  show(): void {}
  focus(): void {}
  restore(): void {}
}

type Handler = (...args: any[]) => any;

function makeState() {
  const userData = mkdtempSync(join(tmpdir(), 'loslaten-electron-userdata-'));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    singleInstance: true,
    quitCalls: 0,
    sandboxEnabled: false,
    userData,
    appPath: '/nonexistent-app-root',
    requestSingleInstanceLock(): boolean { return this.singleInstance; },
    quit(): void { this.quitCalls++; },
    enableSandbox(): void { this.sandboxEnabled = true; },
    whenReady(): Promise<void> { return Promise.resolve(); },
    getPath(name: string): string { if (name !== 'userData') throw new Error(`unexpected getPath(${name})`); return this.userData; },
    getAppPath(): string { return this.appPath; },
    getName(): string { return 'Loslaten'; },
    getVersion(): string { return '0.1.0'; },
  });
  const webRequest = {
    beforeRequest: null as null | { filter: { urls: string[] }; listener: Handler },
    headersReceived: null as Handler | null,
    onBeforeRequest(filter: { urls: string[] }, listener: Handler) { this.beforeRequest = { filter, listener }; },
    onHeadersReceived(listener: Handler) { this.headersReceived = listener; },
  };
  const defaultSession = Object.assign(new EventEmitter(), {
    permissionRequestHandler: null as Handler | null,
    permissionCheckHandler: null as Handler | null,
    devicePermissionHandler: null as Handler | null,
    webRequest,
    spellChecker: true,
    setSpellCheckerEnabled(on: boolean) { this.spellChecker = on; },
    setPermissionRequestHandler(h: Handler) { this.permissionRequestHandler = h; },
    setPermissionCheckHandler(h: Handler) { this.permissionCheckHandler = h; },
    setDevicePermissionHandler(h: Handler) { this.devicePermissionHandler = h; },
  });
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, Handler>(),
    registerSchemesAsPrivileged(schemes: unknown[]) { this.privileged.push(...schemes); },
    handle(scheme: string, h: Handler) { this.handlers.set(scheme, h); },
  };
  const ipcMain = {
    handlers: new Map<string, Handler>(),
    listeners: new Map<string, Handler>(),
    handle(channel: string, h: Handler) { this.handlers.set(channel, h); },
    removeHandler(channel: string) { this.handlers.delete(channel); },
    on(channel: string, h: Handler) { this.listeners.set(channel, h); },
    removeListener(channel: string) { this.listeners.delete(channel); },
  };
  const Menu = {
    template: null as unknown[] | null,
    buildFromTemplate(t: unknown[]) { return { template: t }; },
    setApplicationMenu(m: { template: unknown[] }) { this.template = m.template; },
  };
  const exposed = new Map<string, unknown>();
  const contextBridge = { exposeInMainWorld(key: string, value: unknown) { exposed.set(key, value); } };
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoked: [] as unknown[][],
    sentToMain: [] as unknown[][],
    async invoke(...args: unknown[]) { this.invoked.push(args); return { ok: true, value: args }; },
    send(...args: unknown[]) { this.sentToMain.push(args); },
  });
  return {
    app, session: { defaultSession }, protocol, ipcMain, Menu, contextBridge, ipcRenderer, exposed,
    dialog: { shown: [] as unknown[], async showMessageBox(...a: unknown[]) { this.shown.push(a); return { response: 0 }; } },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  };
}

export type FakeState = ReturnType<typeof makeState>;
interface Store { state: FakeState; windows: FakeBrowserWindow[]; channels: FakeMessageChannelMain[] }

/** One store per test process (on globalThis), shared by every copy of this module that vi.resetModules makes. */
export function store(): Store {
  const g = globalThis as { __loslatenFakeElectron?: Store };
  g.__loslatenFakeElectron ??= { state: makeState(), windows: [], channels: [] };
  return g.__loslatenFakeElectron;
}

/** Fresh fakes for the next import of the module under test (call with vi.resetModules). */
export function resetFakeElectron(): FakeState {
  const s = store();
  s.state = makeState();
  s.windows = [];
  s.channels = [];
  return s.state;
}

/** The module object `vi.mock('electron', …)` returns; getters so a reset is seen by later imports. */
export function electronModule(): Record<string, unknown> {
  const state = (): FakeState => store().state;
  return {
    get app() { return state().app; },
    get session() { return state().session; },
    get protocol() { return state().protocol; },
    get ipcMain() { return state().ipcMain; },
    get Menu() { return state().Menu; },
    get dialog() { return state().dialog; },
    get screen() { return state().screen; },
    get contextBridge() { return state().contextBridge; },
    get ipcRenderer() { return state().ipcRenderer; },
    BrowserWindow: FakeBrowserWindow,
    MessageChannelMain: FakeMessageChannelMain,
  };
}
