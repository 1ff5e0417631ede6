// The window.loslaten API built over ipcRenderer: the LoslatenApi verbs, a MessagePort batch lane, status and shell events.
import { errorDetail } from '../../api/error-detail.ts';
import type { ipcRenderer, IpcRendererEvent, webUtils } from 'electron';
import { FRAME_PORT_MESSAGE, MAX_DROPPED_FILES, verbsFrom, type CommandName, type DesktopCommandName, type DesktopCommandResults, type LinkStatus, type LoslatenApi, type Result } from '../../api/contract.ts';
import { parseShellEvent, type ShellEvent, type ShellEventType } from '../../api/shell-events.ts';
import { IPC } from '../ipc-channels.ts';

/** The IPC primitives the bridge uses; ipcRenderer itself is never handed to the page. */
export type BridgeIpc = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'send'>;

type BatchCallback = (frame: ArrayBuffer) => void;
type StatusCallback = (status: LinkStatus) => void;

/** Turns a dropped File into its path on disk (Electron ≥ 32: `File.path` is gone). */
export type BridgeWebUtils = Pick<typeof webUtils, 'getPathForFile'>;

/** Posts a message with transferred ports to the page's own window (the preload passes window.postMessage). */
export type PostToPage = (message: string, transfer: MessagePort[]) => void;

/**
 * Builds the API over the given IPC primitives (injected so tests can drive it without Electron). `webUtils` resolves
 * dropped files to paths; without it `importDroppedFiles` answers with an error value. `postToPage` hands the frame
 * port to the page for its intake worker (`openFramePort`); without it frames stay on `onBatch`.
 */
export function createPreloadApi(ipc: BridgeIpc, files?: BridgeWebUtils, postToPage?: PostToPage): LoslatenApi {
  const batchListeners = new Set<BatchCallback>();
  const statusListeners = new Set<StatusCallback>();
  let lastStatus: LinkStatus | null = null;
  const shellListeners = new Map<ShellEventType, Set<(event: ShellEvent) => void>>();
  // Shell events are validated here, in the preload: a malformed one reaches no listener.
  ipc.on(IPC.shellEvent, (_event: IpcRendererEvent, raw: unknown) => {
    const ev = parseShellEvent(raw);
    if (!ev) return;
    for (const l of shellListeners.get(ev.type) ?? []) l(ev);
  });

  ipc.on(IPC.status, (_event: IpcRendererEvent, status: LinkStatus) => {
    lastStatus = status;
    for (const l of statusListeners) l(status);
  });
  // After openFramePort the next port from main goes to the page untouched (to its intake worker).
  let forwardPort = false;
  ipc.on(IPC.batchPort, (event: IpcRendererEvent) => {
    const port = event.ports[0];
    if (!port) return;
    if (forwardPort && postToPage) {
      postToPage(FRAME_PORT_MESSAGE, [port]);
      return;
    }
    port.onmessage = (msg: MessageEvent) => {
      const frame: unknown = msg.data;
      if (!(frame instanceof ArrayBuffer)) return;
      for (const l of batchListeners) l(frame);
    };
    port.start();
  });
  ipc.send(IPC.openBatchPort);

  // Each verb passes only plain data across, and returns only the Result (never the event or ipcRenderer). The
  // desktop-only commands share the channel; main answers them itself.
  const call = async (command: CommandName | DesktopCommandName, req: object): Promise<Result<unknown>> => {
    try {
      return (await ipc.invoke(IPC.invoke, command, { ...req })) as Result<unknown>;
    } catch (e) {
      return { ok: false, error: { kind: 'internal', detail: errorDetail(e, 'ipc failed') } };
    }
  };
  const desktop = <K extends DesktopCommandName>(command: K, req: object): Promise<Result<DesktopCommandResults[K]>> =>
    call(command, req) as Promise<Result<DesktopCommandResults[K]>>;

  return {
    ...verbsFrom(call),
    saveReportPdf(req) {
      return desktop('saveReportPdf', { profileId: String(req?.profileId), sessionId: String(req?.sessionId) });
    },
    chooseSessionFiles() {
      return desktop('chooseSessionFiles', {});
    },
    // Only path strings cross to main; the File objects stay in the page.
    async importDroppedFiles(list) {
      const items = Array.from(list ?? []).slice(0, MAX_DROPPED_FILES);
      const paths: string[] = [];
      for (const f of items) {
        let p = '';
        try { p = files ? files.getPathForFile(f) : ''; } catch { p = ''; }
        if (!p) return { ok: false, error: { kind: 'invalid-request', command: 'importDroppedFiles', detail: 'a dropped item is not a file on this computer' } };
        paths.push(p);
      }
      return desktop('importDroppedFiles', { paths });
    },
    ...(postToPage ? {
      openFramePort() {
        forwardPort = true;
        ipc.send(IPC.openBatchPort);
      },
    } : {}),
    onBatch(cb) {
      batchListeners.add(cb);
      return () => { batchListeners.delete(cb); };
    },
    onShellEvent(type, cb) {
      let set = shellListeners.get(type);
      if (!set) shellListeners.set(type, (set = new Set()));
      const l = cb as (event: ShellEvent) => void;
      set.add(l);
      return () => { set.delete(l); };
    },
    onStatus(cb) {
      statusListeners.add(cb);
      if (lastStatus) cb(lastStatus);
      return () => { statusListeners.delete(cb); };
    },
  };
}
