// The live sample store outside React: frames from the API land in per-channel rings; the draw loop reads them.
import { decodeBatchFrame } from '../../api/batch-frame.ts';
import type { LinkStatus, LoslatenApi } from '../../api/contract.ts';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';
import { SampleRing } from './sample-ring.ts';

/** How many recent frame arrivals are kept for latency measurement. */
const ARRIVAL_SLOTS = 4096;

export interface LiveStats {
  frames: number;
  samples: number;
  /** Frames dropped because they were malformed or belonged to an old stream. */
  badFrames: number;
  /** For latency measurement: sample-clock index just past each frame's last sample, and its arrival (ms epoch). */
  readonly arrivalEndIndex: Float64Array;
  readonly arrivalMs: Float64Array;
  arrivalCount: number;
}

export const live = {
  streamId: -1,
  header: null as StreamHeader | null,
  rings: [] as SampleRing[],
  /** Bumped when the rings are rebuilt (new stream): charts re-initialise. */
  layoutVersion: 0,
  stats: {
    frames: 0, samples: 0, badFrames: 0,
    arrivalEndIndex: new Float64Array(ARRIVAL_SLOTS), arrivalMs: new Float64Array(ARRIVAL_SLOTS), arrivalCount: 0,
  } as LiveStats,
};

function onStatus(s: LinkStatus): void {
  if (s.streamId !== live.streamId || s.header !== null && live.header === null) {
    live.streamId = s.streamId;
    live.header = s.header;
    live.rings = s.header ? s.header.channels.map((c) => new SampleRing(s.header!.rateHz, c.scale)) : [];
    live.layoutVersion++;
  }
}

function onFrame(buf: ArrayBuffer): void {
  const f = decodeBatchFrame(buf);
  const st = live.stats;
  if (!f || f.streamId !== live.streamId || f.channels.length !== live.rings.length) { st.badFrames++; return; }
  for (let c = 0; c < f.channels.length; c++) live.rings[c]!.push(f.channels[c]!, f.firstSampleIndex);
  st.frames++;
  st.samples += f.count;
  const slot = st.arrivalCount % ARRIVAL_SLOTS;
  st.arrivalEndIndex[slot] = f.firstSampleIndex + f.count;
  st.arrivalMs[slot] = Date.now();
  st.arrivalCount++;
}

/** Connects the store to the API once. Returns a function that disconnects it. */
export function startLive(api: LoslatenApi, onStatusUi: (s: LinkStatus) => void): () => void {
  const offBatch = api.onBatch(onFrame);
  const offStatus = api.onStatus((s) => { onStatus(s); onStatusUi(s); });
  (globalThis as { __loslaten?: unknown }).__loslaten = live; // read by the end-to-end tests and the latency bench
  return () => { offBatch(); offStatus(); };
}
