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
