// The intake worker: owns the sample lane (a WebSocket) so frames land in shared rings even while the page paints.
/// <reference lib="webworker" />
import type { WsServerMessage } from '../../api/ws-messages.ts';
import { allocStats, Intake, IntakeStats } from './intake.ts';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (ev: MessageEvent<{ type: 'start'; url: string }>) => {
  if (ev.data?.type !== 'start') return;
  const stats = new IntakeStats(allocStats(true));
  self.postMessage({ type: 'stats', memory: stats.memory });
  const intake = new Intake(stats, true, (set) => self.postMessage({ type: 'rings', set }));
  const connect = () => {
    const ws = new WebSocket(ev.data.url);
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (m: MessageEvent) => {
      if (m.data instanceof ArrayBuffer) { intake.frame(m.data); return; }
      let msg: WsServerMessage;
      try { msg = JSON.parse(String(m.data)) as WsServerMessage; } catch { return; }
      if (msg.type === 'status') intake.status(msg.status);
    };
    ws.onclose = () => setTimeout(connect, 1000);
  };
  connect();
};
