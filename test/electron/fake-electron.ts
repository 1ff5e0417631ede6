// A recording stand-in for the 'electron' module: enough of app, BrowserWindow, session, protocol, ipcMain and ports.
// It fails where Electron fails (Electron 45 docs and source): the app becomes ready only after the code that ran
// before `whenReady()` resolved; `protocol.registerSchemesAsPrivileged` and `app.enableSandbox` throw once it is ready,
// windows, sessions, `protocol.handle` and `screen` throw before; a second `ipcMain.handle` for a channel throws;
// what crosses IPC and MessagePorts is structured-cloned and what crosses `contextBridge` is copied as Electron
// copies it (functions proxied, class instances lose their prototype, symbols refused), so a function or a class
// instance where only data may go is caught. A MessagePortMain sees its peer close only after `start()`.
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

/** Throws Electron's error when the fake app is not ready yet (APIs that exist only after `ready`). */
function requireReady(what: string): void {
  if (!store().state.app.ready) throw new Error(`${what} cannot be used before the app is ready`);
}

/** Structured clone as IPC and MessagePorts do it (throws DataCloneError for functions, symbols, class-less objects keep data only). */
export function ipcClone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * What the other world receives when `value` crosses contextBridge (Electron docs, "Parameter / Error / Return Type
 * support"): functions are proxied (their arguments and results cross again), promises are proxied, plain objects and
 * arrays are copied member by member, class instances arrive as plain objects without their prototype (methods lost),
 * Errors arrive as Errors with the message only, symbols cannot be sent, other cloneable values are cloned.
 */
export function bridgeCopy(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof value === 'symbol') throw new Error('Symbols cannot be sent over the context bridge');
  if (typeof value === 'function') {
    const f = value as (...a: unknown[]) => unknown;
    return (...args: unknown[]) => bridgeCopy(f(...args.map((a) => bridgeCopy(a))));
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Promise) return value.then((v) => bridgeCopy(v), (e) => { throw bridgeCopy(e); });
  if (value instanceof Error) return new Error(value.message);
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(bridgeCopy(v, seen));
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [k, v] of Object.entries(value)) out[k] = bridgeCopy(v, seen);
    return out;
  }
  // ArrayBuffer, typed arrays, Date, Map, Set, Blob...: cloned; anything else (a class instance) loses its prototype.
  try { return structuredClone(value); } catch { /* not cloneable as a whole: copy its own data */ }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) out[k] = bridgeCopy(v, seen);
  return out;
}

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
  send(channel: string, ...args: unknown[]): void { this.sent.push({ channel, args: ipcClone(args) }); }
  postMessage(channel: string, message: unknown, transfer: unknown[] = []): void { this.posted.push({ channel, message: ipcClone(message), transfer }); }
  isDestroyed(): boolean { return this.destroyed; }
  reload(): void { this.reloads++; }
  /** Scripts main ran in the page (main runs none: events go on the shell-event lane). */
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

/**
 * One end of a MessageChannelMain. `messages` records what was posted on it (structured-cloned). As in Electron, a
 * port delivers events only once started: its peer's close reaches it as 'close' after `start()`, never before.
 */
export class FakePort extends EventEmitter {
  readonly messages: unknown[] = [];
  closed = false;
  started = false;
  peer: FakePort | null = null;
  private peerClosed = false;
  postMessage(m: unknown): void { if (!this.closed) this.messages.push(ipcClone(m)); }
  start(): void {
    this.started = true;
    if (this.peerClosed) this.emit('close');
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.peer?.peerGone();
  }
  private peerGone(): void {
    if (this.peerClosed) return;
    this.peerClosed = true;
    if (this.started) this.emit('close');
  }
}

export class FakeMessageChannelMain {
  readonly port1 = new FakePort();
  readonly port2 = new FakePort();
  constructor() {
    this.port1.peer = this.port2;
    this.port2.peer = this.port1;
    store().channels.push(this);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  loadedUrl: string | null = null;
  maximized = false;
  fullScreen = false;
  /** On screen (show(), or maximize()/setFullScreen(), which show a hidden window as Electron documents). */
  visible = false;
  /** Set when the window became visible before its first paint ('ready-to-show'): a blank flash. */
  shownBeforePaint = false;
  painted = false;
  constructor(public readonly options: Record<string, any>) {
    super();
    requireReady('BrowserWindow');
    this.visible = options.show !== false;
    this.on('ready-to-show', () => { this.painted = true; });
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
  private becomeVisible(): void {
    if (!this.visible && !this.painted) this.shownBeforePaint = true;
    this.visible = true;
  }
  maximize(): void { this.maximized = true; this.becomeVisible(); }
  setFullScreen(v: boolean): void { this.fullScreen = v; if (v) this.becomeVisible(); }
  isMaximized(): boolean { return this.maximized; }
  isFullScreen(): boolean { return this.fullScreen; }
  isMinimized(): boolean { return false; }
  isDestroyed(): boolean { return this.destroyCalls > 0; }
  getNormalBounds() { return { x: this.options.x ?? 10, y: this.options.y ?? 20, width: this.options.width, height: this.options.height }; }
  show(): void { this.becomeVisible(); }
  isVisible(): boolean { return this.visible; }
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

function requireReadyOf(app: { ready: boolean }, what: string): void {
  if (!app.ready) throw new Error(`${what} cannot be used before the app is ready`);
}

function makeState() {
  const userData = mkdtempSync(join(tmpdir(), 'loslaten-electron-userdata-'));
  const documents = mkdtempSync(join(tmpdir(), 'loslaten-electron-documents-'));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    singleInstance: true,
    quitCalls: 0,
    sandboxEnabled: false,
    /** True once `whenReady()` resolved (or a test called markReady()). */
    ready: false,
    readyPromise: null as Promise<void> | null,
    userData,
    documents,
    appPath: '/nonexistent-app-root',
    requestSingleInstanceLock(): boolean { return this.singleInstance; },
    quit(): void { this.quitCalls++; },
    enableSandbox(): void {
      if (this.ready) throw new Error('app.enableSandbox() can only be called before app is ready');
      this.sandboxEnabled = true;
    },
    /** Ready after the current task: what main ran synchronously before (and right after) asking came first. */
    whenReady(): Promise<void> {
      this.readyPromise ??= new Promise<void>((resolve) => { setImmediate(() => { this.markReady(); resolve(); }); });
      return this.readyPromise;
    },
    isReady(): boolean { return this.ready; },
    /** For tests that use window or session code without main.ts: the app is ready now. */
    markReady(): void {
      if (this.ready) return;
      this.ready = true;
      (this as unknown as EventEmitter).emit('ready');
    },
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
    registerSchemesAsPrivileged(schemes: unknown[]) {
      if (app.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
      this.privileged.push(...schemes);
    },
    handle(scheme: string, h: Handler) {
      requireReadyOf(app, 'protocol.handle');
      if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
      this.handlers.set(scheme, h);
    },
  };
  const ipcMain = {
    handlers: new Map<string, Handler>(),
    listeners: new Map<string, Handler>(),
    handle(channel: string, h: Handler) {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, h);
    },
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
  /** What the page sees: the value as it arrives in the main world (copied and proxied by the bridge). */
  const contextBridge = {
    exposeInMainWorld(key: string, value: unknown) {
      if (exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object`);
      exposed.set(key, bridgeCopy(value));
    },
  };
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoked: [] as unknown[][],
    sentToMain: [] as unknown[][],
    /** Structured-clones the arguments (a function or symbol throws, as in Electron). */
    async invoke(...args: unknown[]) { const a = ipcClone(args); this.invoked.push(a); return { ok: true, value: a }; },
    send(...args: unknown[]) { this.sentToMain.push(ipcClone(args)); },
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
      get defaultSession(): FakeSession { requireReadyOf(app, 'session'); return defaultSession; },
      fromPartition(name: string): FakeSession {
        requireReadyOf(app, 'session');
        if (!partitions.has(name)) partitions.set(name, makeSession());
        return partitions.get(name)!;
      },
    },
    screen: {
      getAllDisplays: () => {
        requireReadyOf(app, "The 'screen' module");
        return [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
      },
    },
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
