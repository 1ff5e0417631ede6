// Electron main entry: single instance, hardened session and app:// protocol, one window, IPC to the shared AppCore.
import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, protocol, screen, session } from 'electron';
import { join } from 'node:path';
import { AppCore, APP_VERSION } from '../../core/app-core.ts';
import { buildSessionReport } from '../../core/review-commands.ts';
import { desktopHandlers } from './desktop-ipc.ts';
import { IPC } from '../ipc-channels.ts';
import { registerIpc } from './ipc.ts';
import { buildMenuTemplate } from './menu.ts';
import { importedFileOf, importSessionFiles, sessionFilesFromArgv, SESSION_FILE_EXTENSIONS } from './open-files.ts';
import type { ShellEvent } from '../../api/shell-events.ts';
import { saveReportPdf } from './report-pdf.ts';
import { ensureSessionsDir } from './paths.ts';
import { registerAppScheme, serveAppProtocol } from './protocol.ts';
import { hardenSession, hardenWebContents } from './security.ts';
import { shellLanguage, shellText, type Language } from './shell-i18n.ts';
import { createMainWindow, watchRenderer } from './window.ts';
import { loadWindowState, saveWindowState, type WindowState } from './window-state.ts';

/** Longest wait for the core (device link, recorder) to close on quit, ms. */
const QUIT_GRACE_MS = 2000;
/** Delay before geometry changes are written, ms. */
const SAVE_GEOMETRY_DELAY_MS = 1000;

/** What a started app holds; exposed for the wiring tests. */
export interface MainState {
  readonly window: BrowserWindow;
  readonly core: AppCore;
  readonly sessionsDir: string | null;
  readonly disposeIpc: () => void;
  /** The language of the menu and dialogs now (the app setting, else the system locale). */
  readonly language: () => Language;
}

// Before `ready`: the privileged scheme, sandbox for every renderer, and hardening of every web contents ever made.
registerAppScheme(protocol);
app.enableSandbox();
app.on('web-contents-created', (_event, wc) => { hardenWebContents(wc); });

let mainWindow: BrowserWindow | null = null;

function liveWindow(): BrowserWindow | null {
  return mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
}

/** The user's Documents folder (where Save as PDF starts); the user-data folder if the OS has none. */
function documentsDir(): string {
  try { return app.getPath('documents'); } catch { return app.getPath('userData'); }
}

function geometryOf(win: BrowserWindow): WindowState {
  const b = win.getNormalBounds();
  return { version: 1, x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized(), fullScreen: win.isFullScreen() };
}

function rememberGeometry(win: BrowserWindow, userData: string): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { if (!win.isDestroyed()) saveWindowState(userData, geometryOf(win)); }, SAVE_GEOMETRY_DELAY_MS);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('enter-full-screen', later);
  win.on('leave-full-screen', later);
  win.on('close', () => { if (timer) clearTimeout(timer); saveWindowState(userData, geometryOf(win)); });
}

async function start(): Promise<MainState> {
  hardenSession(session.defaultSession);
  const root = app.getAppPath();
  serveAppProtocol(protocol, join(root, 'dist', 'renderer'));
  const userData = app.getPath('userData');
  const sessions = ensureSessionsDir(userData);
  if (!sessions.ok) console.error(`Loslaten: cannot create the sessions folder (${sessions.error.detail})`);

  const core = new AppCore({ dataDir: userData });
  // A crash during a recording left its file unfinished: repair it before anything else touches the library.
  void core.recoverUnfinished().then((fixed) => { for (const f of fixed) console.log(`Loslaten: recovered ${f.path}`); });
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  // The shell speaks the app's language: the stored setting, else the system locale; the menu follows a change.
  const storedLanguage = (): Language => shellLanguage(core.settings.loadApp().value.language, app.getLocale());
  let language = storedLanguage();
  let installMenu: (() => void) | null = null;
  const languageMayHaveChanged = (): void => {
    const next = storedLanguage();
    if (next === language) return;
    language = next;
    installMenu?.();
  };
  const recordingFilters = () => [{ name: shellText(language, 'shell.recordings.filter'), extensions: SESSION_FILE_EXTENSIONS.map((e) => e.slice(1)) }];
  // The desktop-only commands, answered by main in the same command table as the core's.
  const desktop = desktopHandlers({
    saveReportPdf: (req) => saveReportPdf({
      BrowserWindow, session, dialog, parent: liveWindow, documentsDir: documentsDir(), language,
      buildReport: async (profileId, sessionId) => {
        const r = await buildSessionReport(core.sessionsDir, profileId, sessionId, APP_VERSION, language);
        return r.ok ? { ok: true, value: { html: r.value.html, patient: r.value.input.patient, startedAt: r.value.input.startedAt } } : r;
      },
    }, req),
    chooseSessionFiles: async () => {
      const w = liveWindow();
      const opts = { title: shellText(language, 'shell.import.title'), properties: ['openFile' as const, 'multiSelections' as const], filters: recordingFilters() };
      const r = await (w ? dialog.showOpenDialog(w, opts) : dialog.showOpenDialog(opts));
      if (r.canceled || r.filePaths.length === 0) return { ok: false, error: { kind: 'cancelled' } };
      return { ok: true, value: (await importSessionFiles(core, r.filePaths)).map(importedFileOf) };
    },
    importFiles: async (paths) => ({ ok: true, value: (await importSessionFiles(core, paths)).map(importedFileOf) }),
  });
  // IPC first: the preload asks for its batch port as soon as the page starts loading.
  const disposeCoreIpc = registerIpc({
    ipcMain, MessageChannelMain, core, getWindow: liveWindow, desktop,
    afterCommand: (command, result) => { if (command === 'saveSettings' && result.ok) languageMayHaveChanged(); },
  });
  const disposeIpc = (): void => { disposeCoreIpc(); };
  const win = createMainWindow({
    preloadPath: join(root, 'dist-electron', 'preload.cjs'),
    state: loadWindowState(userData, displays),
    devTools: !app.isPackaged,
  });
  mainWindow = win;
  rememberGeometry(win, userData);
  watchRenderer(win.webContents);

  const about = (): void => {
    const detail = shellText(language, 'shell.about.detail', { folder: userData });
    const w = liveWindow();
    // The message is the name and version only: no words to translate.
    const opts = { type: 'info' as const, title: shellText(language, 'shell.about.title'), message: `${app.getName()} ${app.getVersion()}`, detail, buttons: [shellText(language, 'shell.about.ok')] };
    void (w ? dialog.showMessageBox(w, opts) : dialog.showMessageBox(opts));
  };
  // Events for the page on their own typed lane (api/shell-events.ts); the preload validates and delivers them.
  const tellRenderer = (event: ShellEvent): void => {
    const wc = liveWindow()?.webContents;
    if (wc && !wc.isDestroyed()) wc.send(IPC.shellEvent, event);
  };
  openFiles = (paths: readonly string[]): void => {
    if (paths.length === 0) return;
    void importSessionFiles(core, paths).then((done) => {
      for (const f of done) {
        if (f.ok) tellRenderer({ type: 'open-session', profileId: f.profileId, sessionId: f.sessionId });
        else console.error(`Loslaten: cannot open ${f.path} (${f.detail})`);
      }
      // Files that could not be opened are listed in the window, with the same messages as Import and drop.
      const failed = done.filter((f) => !f.ok).map(importedFileOf);
      if (failed.length > 0) tellRenderer({ type: 'import-failed', files: failed.slice(0, 20) });
    });
  };
  const openRecording = (): void => {
    const w = liveWindow();
    const opts = { title: shellText(language, 'shell.open.title'), properties: ['openFile' as const, 'multiSelections' as const], filters: recordingFilters() };
    void (w ? dialog.showOpenDialog(w, opts) : dialog.showOpenDialog(opts)).then((r) => { if (!r.canceled) openFiles(r.filePaths); });
  };
  const menuActions = {
    disconnect: () => { void core.handle('disconnect', {}); },
    zeroPressure: () => { void core.handle('zero', {}); },
    about,
    safety: () => { tellRenderer({ type: 'menu', item: 'help' }); },
    openRecording,
  };
  installMenu = (): void => {
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(menuActions, { isPackaged: app.isPackaged, platform: process.platform, appName: app.getName(), language })));
  };
  installMenu();

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    disposeIpc();
    const grace = new Promise<void>((r) => setTimeout(r, QUIT_GRACE_MS));
    void Promise.race([core.dispose(), grace]).finally(() => { app.quit(); });
  });
  // Files the OS handed over at launch (Windows/Linux argv; macOS sends open-file events) open once the page is there.
  win.webContents.once('did-finish-load', () => { openFiles([...pendingFiles, ...sessionFilesFromArgv(process.argv.slice(1))]); pendingFiles.length = 0; });
  return { window: win, core, sessionsDir: sessions.ok ? sessions.path : null, disposeIpc, language: () => language };
}

/** Opens session files (set once the core exists); before that, files wait in `pendingFiles`. */
let openFiles: (paths: readonly string[]) => void = (paths) => { pendingFiles.push(...paths); };
const pendingFiles: string[] = [];
app.on('open-file', (event, path) => { event.preventDefault(); openFiles([path]); });

/** Resolves once the window exists; null when another instance already runs (this one then quits). */
export const started: Promise<MainState | null> = (() => {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve(null);
  }
  app.on('second-instance', (_event, argv, cwd) => {
    openFiles(sessionFilesFromArgv(argv.slice(1), cwd));
    const w = liveWindow();
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.focus();
  });
  app.on('window-all-closed', () => { app.quit(); });
  return app.whenReady().then(start);
})();
