// Renderer API over the local WebSocket host: JSON commands with replies, binary sample frames, status pushes.
import { UPLOAD_PATH, verbsFrom, type AppError, type CommandName, type ImportedFile, type LinkStatus, type LoslatenApi, type Result } from '../../api/contract.ts';
import { WS_PATH, type WsServerMessage } from '../../api/ws-messages.ts';

/** Reconnect delay after the host connection drops, ms. */
const RETRY_MS = 1000;

/**
 * @param separateFrames when true, this socket carries commands and status only and `frameLaneUrl()` names the
 * socket for sample frames (taken in by a worker).
 */
export function createWsApi(token: string, separateFrames: boolean): LoslatenApi {
  const url = (lane: string) => `ws://${location.host}${WS_PATH}?token=${encodeURIComponent(token)}&lane=${lane}`;
  const batchListeners = new Set<(frame: ArrayBuffer) => void>();
  const statusListeners = new Set<(s: LinkStatus) => void>();
  const hostListeners = new Set<(connected: boolean) => void>();
  const pending = new Map<number, (r: Result<unknown>) => void>();
  /** Calls waiting for the socket while it is (re)connecting. */
  const waiting: ((s: WebSocket) => void)[] = [];
  let nextId = 1;
  let ws: WebSocket | null = null;
  /** True after the host connection dropped, until it is back. */
  let lost = false;

  function open(): void {
    {
      const sock = new WebSocket(url(separateFrames ? 'control' : 'all'));
      sock.binaryType = 'arraybuffer';
      sock.onopen = () => {
        ws = sock;
        for (const w of waiting.splice(0)) w(sock);
        if (lost) { lost = false; for (const l of hostListeners) l(true); }
      };
      sock.onmessage = (ev: MessageEvent) => {
        if (ev.data instanceof ArrayBuffer) { for (const l of batchListeners) l(ev.data); return; }
        let msg: WsServerMessage;
        try { msg = JSON.parse(String(ev.data)) as WsServerMessage; } catch { return; }
        if (msg.type === 'status') for (const l of statusListeners) l(msg.status);
        else if (msg.type === 'reply') { pending.get(msg.id)?.(msg.result); pending.delete(msg.id); }
      };
      // Closed by the host going away (or a failed retry): say so at once and keep trying every second.
      sock.onclose = () => {
        if (ws === sock) ws = null;
        for (const [, done] of pending) done({ ok: false, error: { kind: 'internal', detail: 'host connection lost' } });
        pending.clear();
        if (!lost) { lost = true; for (const l of hostListeners) l(false); }
        setTimeout(open, RETRY_MS);
      };
    }
  }
  open();

  async function call(cmd: CommandName, req: object): Promise<Result<unknown>> {
    const sock = ws ?? await new Promise<WebSocket>((r) => { waiting.push(r); });
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      sock.send(JSON.stringify({ id, cmd, req }));
    });
  }

  return {
    ...verbsFrom(call),
    onBatch(cb) { batchListeners.add(cb); return () => { batchListeners.delete(cb); }; },
    onStatus(cb) { statusListeners.add(cb); return () => { statusListeners.delete(cb); }; },
    // A browser cannot name a file path: the recording's bytes go to the host's upload route (same checks as import).
    async uploadSessionFile(file, profileId) {
      const q = `token=${encodeURIComponent(token)}&profileId=${encodeURIComponent(profileId)}&name=${encodeURIComponent(file.name)}`;
      try {
        const r = await fetch(`${UPLOAD_PATH}?${q}`, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
        const body = await r.json() as ImportedFile | { error: AppError };
        return 'file' in body ? body : { file: file.name, ok: false, error: body.error };
      } catch {
        return { file: file.name, ok: false, error: { kind: 'file-error', problem: 'upload', path: file.name, detail: '' } };
      }
    },
    onHostConnection(cb) { hostListeners.add(cb); return () => { hostListeners.delete(cb); }; },
    ...(separateFrames ? { frameLaneUrl: () => url('frames') } : {}),
  };
}
