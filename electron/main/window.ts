// The main window: hardened webPreferences, remembered geometry, shown when ready, loaded from app:// only.
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from '../ipc-channels.ts';
import { MIN_WINDOW_SIZE, type WindowState } from './window-state.ts';

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (dist-electron/preload.cjs). */
  readonly preloadPath: string;
  readonly state: WindowState;
  /** Developer tools allowed (unpackaged builds only). Default false. */
  readonly devTools?: boolean;
}

/**
 * Creates the one app window. The renderer is untrusted as far as the main process is concerned: it runs sandboxed,
 * context-isolated, without Node, and reaches the core only through the preload's narrow verbs.
 */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const { state } = opts;
  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Loslaten',
    show: false,
    backgroundColor: '#f6f7f4',
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle click must not open a new window (Electron security checklist, "disable auxclick").
      disableBlinkFeatures: 'Auxclick',
      devTools: opts.devTools ?? false,
    },
  });
  // Shown once painted: maximize() and setFullScreen() show a hidden window at once (a blank frame), so they wait too.
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    if (state.fullScreen) win.setFullScreen(true);
    win.show();
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

export interface RendererWatchOptions {
  /** Wait before reloading a crashed renderer, ms. Default 500. */
  readonly delayMs?: number;
  /** Reloads allowed within any 60 s; beyond that the window stays down (a crash loop). Default 3. */
  readonly maxPerMinute?: number;
  /** Clock in ms (tests). Default Date.now. */
  readonly now?: () => number;
  /** Where to report; default console.error. */
  readonly log?: (message: string) => void;
}

/**
 * Reloads the page after its renderer process crashed or was killed (long sessions, memory pressure). The device link
 * and any recording live in the main process and carry on; the reloaded page asks for a new batch port.
 */
export function watchRenderer(
  wc: Pick<Electron.WebContents, 'on' | 'reload' | 'isDestroyed'>,
  opts: RendererWatchOptions = {},
): void {
  const delayMs = opts.delayMs ?? 500;
  const max = opts.maxPerMinute ?? 3;
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((m: string) => { console.error(m); });
  let recent: number[] = [];
  wc.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    const t = now();
    recent = recent.filter((r) => t - r < 60_000);
    if (recent.length >= max) {
      log(`Loslaten: the window stopped again (${details.reason}); not reloading after ${max} crashes within a minute`);
      return;
    }
    recent.push(t);
    log(`Loslaten: the window stopped (${details.reason}); reloading`);
    setTimeout(() => { if (!wc.isDestroyed()) wc.reload(); }, delayMs);
  });
}
