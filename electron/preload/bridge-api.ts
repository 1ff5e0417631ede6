// The window.loslaten API built over ipcRenderer: the LoslatenApi verbs, a MessagePort batch lane, status pushes.
import type { ipcRenderer, IpcRendererEvent } from 'electron';
import { verbsFrom, type CommandName, type LinkStatus, type LoslatenApi, type Result } from '../../api/contract.ts';
import { IPC } from '../ipc-channels.ts';

/** The IPC primitives the bridge uses; ipcRenderer itself is never handed to the page. */
export type BridgeIpc = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'send'>;

type BatchCallback = (frame: ArrayBuffer) => void;
type StatusCallback = (status: LinkStatus) => void;

/** Builds the API over the given IPC primitives (injected so tests can drive it without Electron). */
export function createPreloadApi(ipc: BridgeIpc): LoslatenApi {
  const batchListeners = new Set<BatchCallback>();
  const statusListeners = new Set<StatusCallback>();
  let lastStatus: LinkStatus | null = null;

  ipc.on(IPC.status, (_event: IpcRendererEvent, status: LinkStatus) => {
    lastStatus = status;
    for (const l of statusListeners) l(status);
  });
  ipc.on(IPC.batchPort, (event: IpcRendererEvent) => {
    const port = event.ports[0];
    if (!port) return;
    port.onmessage = (msg: MessageEvent) => {
      const frame: unknown = msg.data;
      if (!(frame instanceof ArrayBuffer)) return;
      for (const l of batchListeners) l(frame);
    };
    port.start();
  });
  ipc.send(IPC.openBatchPort);

  // Each verb passes only plain data across, and returns only the Result (never the event or ipcRenderer).
  const call = async (command: CommandName, req: object): Promise<Result<unknown>> => {
    try {
      return (await ipc.invoke(IPC.invoke, command, { ...req })) as Result<unknown>;
    } catch (e) {
      return { ok: false, error: { kind: 'internal', detail: e instanceof Error ? e.message.slice(0, 200) : 'ipc failed' } };
    }
  };

  return {
    ...verbsFrom(call),
    onBatch(cb) {
      batchListeners.add(cb);
      return () => { batchListeners.delete(cb); };
    },
    onStatus(cb) {
      statusListeners.add(cb);
      if (lastStatus) cb(lastStatus);
      return () => { statusListeners.delete(cb); };
    },
  };
}
