// Types for launcher.mjs (plain JS so scripts can import it without a build step).

/** Why no Electron window can open: the binary was never downloaded, or there is no graphical display. */
export type ElectronBinaryStatus =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly reason: 'missing-binary' | 'no-display'; readonly message: string };

export interface ElectronBinaryStatusOptions {
  /** Project folder; default: the folder above electron/. */
  readonly root?: string;
  /** Environment; default process.env. */
  readonly env?: Record<string, string | undefined>;
  /** Platform; default process.platform. */
  readonly platform?: string;
  /** Require DISPLAY or WAYLAND_DISPLAY on Linux; default true (false when packaging). */
  readonly needDisplay?: boolean;
}

/** The executable's path inside node_modules/electron/dist for a platform. */
export function electronPlatformPath(platform?: string): string;
/** Finds the Electron binary without loading the 'electron' package (which would try to download it). */
export function electronBinaryStatus(opts?: ElectronBinaryStatusOptions): ElectronBinaryStatus;

/** Where @electron/get downloads from (ELECTRON_MIRROR and its npm_config_* forms, else GitHub). */
export function electronMirror(env?: Record<string, string | undefined>): string;

/** One line saying why Electron's installer failed. */
export function downloadFailureReason(r: { stderr: string; code: number | null; signal: string | null; stalledMs: number | null; mirror: string }): string;

export interface DownloadElectronOptions {
  readonly root?: string;
  readonly env?: Record<string, string | undefined>;
  /** Node that runs the installer; default process.execPath. */
  readonly execPath?: string;
  readonly spawn?: typeof import('node:child_process').spawn;
  /** Where the progress line goes; default console.log. */
  readonly log?: (line: string) => void;
  /** Called with the bytes seen so far; default: a counter on a terminal, nothing otherwise. */
  readonly progress?: ((bytes: number) => void) | null;
  /** Give up when nothing arrived for this long, ms. Default 60 000. */
  readonly stallMs?: number;
  /** How often the watchdog looks, ms. Default 500. */
  readonly pollMs?: number;
  /** End of the progress line after the host. */
  readonly what?: string;
}

/** Runs Electron's own installer (install.js, its `install-electron` bin) with this Node; never throws. */
export function downloadElectron(opts?: DownloadElectronOptions): Promise<{ ok: true; path: string } | { ok: false; message: string }>;

/** What Chromium prints when Linux does not let its sandbox start. */
export declare const SANDBOX_FAILURE: RegExp;

/** One line: the exact commands that let the sandbox start for this copy (the sandbox is never turned off). */
export function sandboxAdvice(binaryPath: string): string;
