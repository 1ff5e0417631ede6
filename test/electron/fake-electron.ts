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
  /** Options of each printToPDF call. */
  readonly printed: unknown[] = [];
  constructor(url: string) {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void { this.windowOpenHandler = h; }
  send(channel: string, ...args: unknown[]): void { this.sent.push({ channel, args }); }
  postMessage(channel: string, message: unknown, transfer: unknown[] = []): void { this.posted.push({ channel, message, transfer }); }
  isDestroyed(): boolean { return this.destroyed; }
  reload(): void { this.reloads++; }
  /** Scripts main ran in the page (rendererEventScript). */
  readonly scripts: string[] = [];
  async executeJavaScript(code: string): Promise<unknown> { this.scripts.push(code); return undefined; }
  /** Answers with the store's `printToPdf` behaviour (default: a small valid-looking PDF). */
  async printToPDF(options: unknown): Promise<Buffer> {
    this.printed.push(options);
    return store().state.printToPdf(this, options);
  }
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
  destroyCalls = 0;
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    await store().state.loadUrl(this, url);
  }
  destroy(): void { this.destroyCalls++; this.webContents.destroyed = true; }
  maximize(): void { this.maximized = true; }
  setFullScreen(v: boolean): void { this.fullScreen = v; }
  isMaximized(): boolean { return this.maximized; }
  isFullScreen(): boolean { return this.fullScreen; }
  isMinimized(): boolean { return false; }
  isDestroyed(): boolean { return this.destroyCalls > 0; }
  getNormalBounds() { return { x: this.options.x ?? 10, y: this.options.y ?? 20, width: this.options.width, height: this.options.height }; }
  show(): void {}
  focus(): void {}
  restore(): void {}
}

type Handler = (...args: any[]) => any;

function makeSession() {
  const webRequest = {
    beforeRequest: null as null | { filter: { urls: string[] } | null; listener: Handler },
    headersReceived: null as Handler | null,
    onBeforeRequest(filterOrListener: { urls: string[] } | Handler, listener?: Handler) {
      this.beforeRequest = typeof filterOrListener === 'function' ? { filter: null, listener: filterOrListener } : { filter: filterOrListener, listener: listener! };
    },
    onHeadersReceived(listener: Handler) { this.headersReceived = listener; },
  };
  return Object.assign(new EventEmitter(), {
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
}
export type FakeSession = ReturnType<typeof makeSession>;

/** A minimal PDF: enough for the header check in main. */
export const FAKE_PDF = Buffer.from('%PDF-1.4\n% fake\n%%EOF\n', 'latin1');

function makeState() {
  const userData = mkdtempSync(join(tmpdir(), 'loslaten-electron-userdata-'));
  const documents = mkdtempSync(join(tmpdir(), 'loslaten-electron-documents-'));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    singleInstance: true,
    quitCalls: 0,
    sandboxEnabled: false,
    userData,
    documents,
    appPath: '/nonexistent-app-root',
    requestSingleInstanceLock(): boolean { return this.singleInstance; },
    quit(): void { this.quitCalls++; },
    enableSandbox(): void { this.sandboxEnabled = true; },
    whenReady(): Promise<void> { return Promise.resolve(); },
    getPath(name: string): string {
      if (name === 'documents') return this.documents;
      if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
      return this.userData;
    },
    getAppPath(): string { return this.appPath; },
    /** What app.getLocale() answers (the system's UI locale as Chromium sees it). */
    locale: 'en-US',
    getLocale(): string { return this.locale; },
    getName(): string { return 'Loslaten'; },
    getVersion(): string { return '0.1.0'; },
  });
  const defaultSession = makeSession();
  const partitions = new Map<string, FakeSession>();
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
  const dialog = {
    shown: [] as unknown[],
    saveDialogs: [] as unknown[][],
    openDialogs: [] as unknown[][],
    /** What the next save dialogs answer (Electron's shape). */
    saveAnswer: { canceled: true, filePath: '' } as { canceled: boolean; filePath: string },
    openAnswer: { canceled: true, filePaths: [] as string[] },
    async showMessageBox(...a: unknown[]) { this.shown.push(a); return { response: 0 }; },
    async showSaveDialog(...a: unknown[]) { this.saveDialogs.push(a); return this.saveAnswer; },
    async showOpenDialog(...a: unknown[]) { this.openDialogs.push(a); return this.openAnswer; },
  };
  const webUtils = {
    /** Paths the fake knows for File objects (a real drop gives the path Chromium keeps for each file). */
    paths: new Map<unknown, string>(),
    getPathForFile(file: unknown): string { return this.paths.get(file) ?? ''; },
  };
  return {
    app, protocol, ipcMain, Menu, contextBridge, ipcRenderer, exposed, dialog, webUtils, partitions,
    session: {
      defaultSession,
      fromPartition(name: string): FakeSession {
        if (!partitions.has(name)) partitions.set(name, makeSession());
        return partitions.get(name)!;
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    /** Behaviour of FakeBrowserWindow.loadURL after recording the URL (tests make it fail or hang). */
    loadUrl: async (_win: FakeBrowserWindow, _url: string): Promise<void> => {},
    /** Behaviour of webContents.printToPDF. */
    printToPdf: async (_wc: FakeWebContents, _options: unknown): Promise<Buffer> => FAKE_PDF,
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
    get webUtils() { return state().webUtils; },
    get ipcRenderer() { return state().ipcRenderer; },
    BrowserWindow: FakeBrowserWindow,
    MessageChannelMain: FakeMessageChannelMain,
  };
}
