// IPC between the window and the core: sender-checked invoke channel, a MessagePort batch lane, status pushes.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, MessageChannelMain, WebContents, WebFrameMain } from 'electron';
import { DESKTOP_COMMAND_NAMES, validateDesktopRequest, type DesktopCommandName, type LinkStatus, type Result } from '../../api/contract.ts';
import type { DesktopHandlers } from './desktop-ipc.ts';
import { errorDetail } from '../../api/error-detail.ts';
import { APP_HOST, APP_SCHEME, IPC } from '../ipc-channels.ts';

/** The slice of AppCore the IPC layer uses. */
export interface IpcCore {
  handle(command: string, req: unknown): Promise<Result<unknown>>;
  subscribe(l: { onBatch(frame: ArrayBuffer): void; onStatus(status: LinkStatus): void }): () => void;
}

/** The slice of a window the IPC layer checks senders against. */
export interface IpcWindow { readonly webContents: WebContents }

export interface IpcDeps {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'>;
  readonly MessageChannelMain: new () => MessageChannelMain;
  readonly core: IpcCore;
  /** The app window, or null while there is none. Only its own top-level frame is trusted. */
  readonly getWindow: () => IpcWindow | null;
  /**
   * Called after each command a trusted sender ran, with the core's answer (before the answer goes back), e.g. to
   * rebuild the menu once `saveSettings` changed the language. Never called for refused senders; must not throw
   * (an exception is logged and the answer still goes back).
   */
  readonly afterCommand?: (command: string, result: Result<unknown>) => void;
  /** Main's handlers of the desktop-only commands (same channel, same sender check); absent: `unknown-command`. */
  readonly desktop?: DesktopHandlers;
}

const isDesktopCommand = (name: string): name is DesktopCommandName => (DESKTOP_COMMAND_NAMES as readonly string[]).includes(name);

/** What an untrusted sender gets back (the core is never reached). */
export const REFUSED: Result<never> = { ok: false, error: { kind: 'forbidden', reason: 'untrusted-sender' } };

/** True for a frame URL on app://loslaten (any path). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/**
 * Only the app window's own top-level frame, showing app://loslaten, may talk to the core: not a subframe, not
 * another window or web contents, not a page that somehow navigated elsewhere.
 */
export function isTrustedSender(event: { readonly sender: WebContents; readonly senderFrame: WebFrameMain | null }, win: IpcWindow | null): boolean {
  if (!win) return false;
  const frame = event.senderFrame;
  const wc = win.webContents;
  if (!frame || (event.sender !== wc && event.sender.id !== wc.id)) return false;
  // Electron hands out one WebFrameMain per frame; the frame-tree id comparison only guards against a fresh wrapper.
  const main = wc.mainFrame;
  if (frame !== main && frame.frameTreeNodeId !== main.frameTreeNodeId) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/**
 * Registers the handlers; returns a function that removes them and closes the lanes. Commands arrive on one invoke
 * channel as `(command, req)`; after the sender check AppCore validates the name and the request (zod) and answers
 * with a Result, never an exception. Each page load asks for its own batch port; a new one replaces the old.
 */
async function runDesktop(handlers: DesktopHandlers, name: DesktopCommandName, req: unknown): Promise<Result<unknown>> {
  const v = validateDesktopRequest(name, req);
  if (!v.ok) return v;
  try {
    return await (handlers[name] as (r: unknown) => Promise<Result<unknown>>)(v.value);
  } catch (e) {
    return { ok: false, error: { kind: 'internal', detail: errorDetail(e) } };
  }
}

export function registerIpc(deps: IpcDeps): () => void {
  const { ipcMain, core } = deps;
  let lane: { close(): void } | null = null;

  const invoke = async (event: IpcMainInvokeEvent, command: unknown, req: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, deps.getWindow())) return REFUSED;
    const name = typeof command === 'string' ? command : '';
    const result = isDesktopCommand(name) && deps.desktop ? await runDesktop(deps.desktop, name, req) : await core.handle(name, req);
    try { deps.afterCommand?.(name, result); } catch (e) { console.error(`Loslaten: after ${name}: ${errorDetail(e, String(e))}`); }
    return result;
  };

  const openBatchPort = (event: IpcMainEvent): void => {
    if (!isTrustedSender(event, deps.getWindow())) return;
    lane?.close();
    const wc = event.sender;
    const { port1, port2 } = new deps.MessageChannelMain();
    let open = true;
    const unsubscribe = core.subscribe({
      onBatch: (frame) => { if (open) port1.postMessage(frame); },
      onStatus: (status) => { if (open && !wc.isDestroyed()) wc.send(IPC.status, status); },
    });
    const close = (): void => {
      if (!open) return;
      open = false;
      unsubscribe();
      port1.close();
      if (lane === thisLane) lane = null;
    };
    const thisLane = { close };
    lane = thisLane;
    // A MessagePortMain delivers events (the renderer's end closing when its process dies) only once started.
    port1.on('close', close);
    port1.start();
    wc.once('destroyed', close);
    event.sender.postMessage(IPC.batchPort, null, [port2]);
  };

  ipcMain.handle(IPC.invoke, invoke);
  ipcMain.on(IPC.openBatchPort, openBatchPort);
  return () => {
    ipcMain.removeHandler(IPC.invoke);
    ipcMain.removeListener(IPC.openBatchPort, openBatchPort);
    lane?.close();
  };
}
