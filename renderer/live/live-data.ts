// The live sample store outside React: rings filled by the intake (a worker when memory can be shared), read by rAF.
import type { LinkStatus, LoslatenApi } from '../../api/contract.ts';
import { allocStats, Intake, IntakeStats, type IntakeStatsMemory, type RingSet } from './intake.ts';
import { SampleRing } from './sample-ring.ts';

export const live = {
  streamId: -1,
  rings: [] as SampleRing[],
  /** Bumped when the rings are rebuilt (new stream): charts re-initialise. */
  layoutVersion: 0,
  stats: new IntakeStats(allocStats(false)),
  /** Where frames are decoded: a worker (shared memory, never delayed by painting) or the page itself. */
  mode: 'page' as 'page' | 'worker',
};

function applyRings(set: RingSet): void {
  live.streamId = set.streamId;
  live.rings = set.memories.map((m) => new SampleRing(m));
  live.layoutVersion++;
}

/** Connects the store to the API once. Returns a function that disconnects it. */
export function startLive(api: LoslatenApi, onStatusUi: (s: LinkStatus) => void): () => void {
  const offs: (() => void)[] = [api.onStatus(onStatusUi)];
  const laneUrl = api.frameLaneUrl?.();
  if (laneUrl && globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function') {
    live.mode = 'worker';
    const worker = new Worker(new URL('./intake.worker.ts', import.meta.url), { type: 'module', name: 'loslaten-intake' });
    worker.onmessage = (ev: MessageEvent<{ type: 'stats'; memory: IntakeStatsMemory } | { type: 'rings'; set: RingSet }>) => {
      if (ev.data.type === 'stats') live.stats = new IntakeStats(ev.data.memory);
      else applyRings(ev.data.set);
    };
    worker.postMessage({ type: 'start', url: laneUrl });
    offs.push(() => worker.terminate());
  } else {
    live.mode = 'page';
    const intake = new Intake(live.stats, false, applyRings);
    offs.push(api.onStatus((s) => intake.status(s)), api.onBatch((b) => intake.frame(b)));
  }
  (globalThis as { __loslaten?: unknown }).__loslaten = live; // read by the end-to-end tests and the latency bench
  return () => { for (const off of offs) off(); };
}
