// The Electron IPC vocabulary shared by main and preload: channel names, the app:// origin and the batch-port handshake.

import type { ShellEvent } from '../api/shell-events.ts';

/** Custom scheme the renderer is served from (never `file://`). */
export const APP_SCHEME = 'app';
/** The only host of the app scheme; `app://loslaten/index.html` is the UI. */
export const APP_HOST = 'loslaten';
/** The renderer's entry URL. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Every channel the preload may use. One invoke channel carries all commands as `(command, req)`; the main process
 * validates the sender first, then AppCore validates the command name and the request with the zod schemas.
 */
export const IPC = {
  /**
   * renderer → main, invoke: `(command, req)` → `Result`: the core's commands and the desktop-only ones
   * (`desktopCommandSchemas` in api/contract.ts), in one table.
   */
  invoke: 'loslaten:invoke',
  /** renderer → main, send (no payload): asks for a fresh MessagePort that will carry sample frames. */
  openBatchPort: 'loslaten:open-batch-port',
  /** main → renderer, postMessage with one transferred port: the batch lane (ArrayBuffer frames). */
  batchPort: 'loslaten:batch-port',
  /** main → renderer, send: `LinkStatus` pushes (low rate). */
  status: 'loslaten:status',
  /** main → renderer, send: one {@link ShellEvent} (menu item, recording opened from the OS); the preload validates it. */
  shellEvent: 'loslaten:shell-event',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];
