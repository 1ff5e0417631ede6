// The intake worker: owns the sample lane (the browser host's frame socket, or the desktop app's MessagePort) so frames
// land in shared rings even while the page paints.
/// <reference lib="webworker" />
import type { LinkStatus } from '../../api/contract.ts';
import type { WsServerMessage } from '../../api/ws-messages.ts';
import { allocStats, Intake, IntakeStats } from './intake.ts';
import type { ProcessingSettings } from './processing.ts';

/** Page → worker messages. */
export type IntakeWorkerMessage =
  /** `url`: the browser host's frame socket (frames and status); null: frames come on a `port`, status from the page. */
  | { readonly type: 'start'; readonly url: string | null; readonly processing: ProcessingSettings }
  | { readonly type: 'port'; readonly port: MessagePort }
  | { readonly type: 'status'; readonly status: LinkStatus }
  | { readonly type: 'processing'; readonly settings: ProcessingSettings }
  | { readonly type: 'tare' };

declare const self: DedicatedWorkerGlobalScope;

let intake: Intake | null = null;

/** The desktop frame port in use (a reload of the lane replaces it). */
let framePort: MessagePort | null = null;

self.onmessage = (ev: MessageEvent<IntakeWorkerMessage>) => {
  if (ev.data?.type === 'processing') { intake?.setProcessing(ev.data.settings); return; }
  if (ev.data?.type === 'tare') { intake?.tare(); return; }
  if (ev.data?.type === 'status') { intake?.status(ev.data.status); return; }
  if (ev.data?.type === 'port') {
    const it = intake;
    if (!it) return;
    framePort?.close();
    framePort = ev.data.port;
    framePort.onmessage = (m: MessageEvent) => { if (m.data instanceof ArrayBuffer) it.frame(m.data); };
    framePort.start();
    return;
  }
  if (ev.data?.type !== 'start' || intake) return;
  const stats = new IntakeStats(allocStats(true));
  self.postMessage({ type: 'stats', memory: stats.memory });
  const it = new Intake(stats, true, (set) => self.postMessage({ type: 'rings', set }), (error) => self.postMessage({ type: 'processing-error', error }));
  it.setProcessing(ev.data.processing);
  intake = it;
  const url = ev.data.url;
  if (url === null) return; // desktop: frames arrive on the port the page sends next
  const connect = () => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (m: MessageEvent) => {
      if (m.data instanceof ArrayBuffer) { it.frame(m.data); return; }
      let msg: WsServerMessage;
      try { msg = JSON.parse(String(m.data)) as WsServerMessage; } catch { return; }
      if (msg.type === 'status') it.status(msg.status);
    };
    ws.onclose = () => setTimeout(connect, 1000);
  };
  connect();
};
