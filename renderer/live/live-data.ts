// The live sample store outside React: raw and processed rings filled by the intake (a worker when memory can be shared), read by rAF.
import { FRAME_PORT_MESSAGE, type LinkStatus, type LoslatenApi } from '../../api/contract.ts';
import { allocStats, Intake, IntakeStats, type IntakeStatsMemory, type RingSet } from './intake.ts';
import type { IntakeWorkerMessage } from './intake.worker.ts';
import { DEFAULT_PROCESSING, type ProcessingError, type ProcessingSettings } from './processing.ts';
import { SampleRing } from './sample-ring.ts';

export const live = {
  streamId: -1,
  /** Raw physical values per channel. */
  rings: [] as SampleRing[],
  /** Processed stream per channel, same sample clock: EMG RMS envelope (µV), pressure smoothed/tared (chosen unit). */
  processed: [] as SampleRing[],
  /** Bumped when the rings are rebuilt (new stream): charts re-initialise. */
  layoutVersion: 0,
  stats: new IntakeStats(allocStats(false)),
  /** Where frames are decoded: a worker (shared memory, never delayed by painting) or the page itself. */
  mode: 'page' as 'page' | 'worker',
  /** Settings in force in the intake. */
  processing: DEFAULT_PROCESSING as ProcessingSettings,
  /** Last processing problem (a channel fell back to defaults), or null. */
  processingError: null as ProcessingError | null,
};

type IntakeControl = { setProcessing(s: ProcessingSettings): void; tare(): void };
let control: IntakeControl | null = null;
const errorListeners = new Set<(e: ProcessingError | null) => void>();

function applyRings(set: RingSet): void {
  live.streamId = set.streamId;
  live.rings = set.memories.map((m) => new SampleRing(m));
  live.processed = set.processed.map((m) => new SampleRing(m));
  live.layoutVersion++;
}

function reportError(e: ProcessingError | null): void {
  live.processingError = e;
  for (const l of errorListeners) l(e);
}

/** Sends new processing settings to the intake (chains are rebuilt there). */
export function setProcessing(s: ProcessingSettings): void {
  live.processing = s;
  reportError(null);
  control?.setProcessing(s);
}

/** Host-side pressure zero in the intake (the device's own ZERO goes through the API). */
export function tareProcessed(): void {
  control?.tare();
}

/** Listens for processing problems (null = cleared). Returns the unsubscribe function. */
export function onProcessingError(cb: (e: ProcessingError | null) => void): () => void {
  errorListeners.add(cb);
  return () => { errorListeners.delete(cb); };
}

/** Connects the store to the API once. Returns a function that disconnects it. */
export function startLive(api: LoslatenApi, onStatusUi: (s: LinkStatus) => void, processing: ProcessingSettings = live.processing): () => void {
  live.processing = processing;
  const offs: (() => void)[] = [api.onStatus(onStatusUi)];
  const laneUrl = api.frameLaneUrl?.();
  // Both hosts serve the page cross-origin isolated; the frames reach the worker over the browser host's frame socket
  // or, in the desktop app, over the MessagePort the preload posts to this window.
  if ((laneUrl || api.openFramePort) && globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function') {
    live.mode = 'worker';
    const worker = new Worker(new URL('./intake.worker.ts', import.meta.url), { type: 'module', name: 'loslaten-intake' });
    worker.onmessage = (ev: MessageEvent<{ type: 'stats'; memory: IntakeStatsMemory } | { type: 'rings'; set: RingSet } | { type: 'processing-error'; error: ProcessingError }>) => {
      if (ev.data.type === 'stats') live.stats = new IntakeStats(ev.data.memory);
      else if (ev.data.type === 'rings') applyRings(ev.data.set);
      else reportError(ev.data.error);
    };
    const post = (m: IntakeWorkerMessage, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
    if (laneUrl) post({ type: 'start', url: laneUrl, processing });
    else {
      post({ type: 'start', url: null, processing });
      // Only a port the preload posted to this very window, once per port.
      const onPort = (ev: MessageEvent): void => {
        const port = ev.ports[0];
        if (ev.source !== window || ev.data !== FRAME_PORT_MESSAGE || !port) return;
        post({ type: 'port', port }, [port]);
      };
      window.addEventListener('message', onPort);
      offs.push(() => { window.removeEventListener('message', onPort); }, api.onStatus((s) => post({ type: 'status', status: s })));
      api.openFramePort?.();
    }
    control = { setProcessing: (s) => post({ type: 'processing', settings: s }), tare: () => post({ type: 'tare' }) };
    offs.push(() => worker.terminate());
  } else {
    live.mode = 'page';
    const intake = new Intake(live.stats, false, applyRings, reportError);
    intake.setProcessing(processing);
    control = intake;
    offs.push(api.onStatus((s) => intake.status(s)), api.onBatch((b) => intake.frame(b)));
  }
  (globalThis as { __loslaten?: unknown }).__loslaten = live; // read by the end-to-end tests and the latency bench
  return () => { control = null; for (const off of offs) off(); };
}
