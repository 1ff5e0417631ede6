// Frame intake shared by the page and the intake worker: decodes frames into rings and keeps the arrival log.
import { decodeBatchFrame } from '../../api/batch-frame.ts';
import type { LinkStatus } from '../../api/contract.ts';
import { allocRing, SampleRing, type RingMemory } from './sample-ring.ts';

/** How many recent frame arrivals are kept for latency measurement. */
export const ARRIVAL_SLOTS = 4096;

/** Counters and arrival log; in shared memory when the intake runs in a worker. */
export interface IntakeStatsMemory {
  /** Float64 × 4: frames, samples, badFrames, arrivalCount. */
  readonly counts: ArrayBufferLike;
  /** Float64 × ARRIVAL_SLOTS: sample-clock index just past each frame's last sample. */
  readonly arrivalEndIndex: ArrayBufferLike;
  /** Float64 × ARRIVAL_SLOTS: arrival time, ms since epoch. */
  readonly arrivalMs: ArrayBufferLike;
  /** Float64 × ARRIVAL_SLOTS: when the core sent each frame, ms since epoch (splits latency into core and transport). */
  readonly sentMs: ArrayBufferLike;
}

export function allocStats(shared: boolean): IntakeStatsMemory {
  const Buf = shared ? SharedArrayBuffer : ArrayBuffer;
  return { counts: new Buf(32), arrivalEndIndex: new Buf(ARRIVAL_SLOTS * 8), arrivalMs: new Buf(ARRIVAL_SLOTS * 8), sentMs: new Buf(ARRIVAL_SLOTS * 8) };
}

/** Typed views on the stats memory. */
export class IntakeStats {
  readonly counts: Float64Array;
  readonly arrivalEndIndex: Float64Array;
  readonly arrivalMs: Float64Array;
  readonly sentMs: Float64Array;
  constructor(readonly memory: IntakeStatsMemory) {
    this.counts = new Float64Array(memory.counts);
    this.arrivalEndIndex = new Float64Array(memory.arrivalEndIndex);
    this.arrivalMs = new Float64Array(memory.arrivalMs);
    this.sentMs = new Float64Array(memory.sentMs);
  }
  get frames(): number { return this.counts[0]!; }
  get samples(): number { return this.counts[1]!; }
  get badFrames(): number { return this.counts[2]!; }
  get arrivalCount(): number { return this.counts[3]!; }
}

export interface RingSet { readonly streamId: number; readonly memories: readonly RingMemory[] }

/** Tracks the stream in force and writes frames of that stream into its rings. */
export class Intake {
  streamId = -1;
  rings: SampleRing[] = [];

  constructor(readonly stats: IntakeStats, private readonly shared: boolean, private readonly onRings: (set: RingSet) => void) {}

  /** A status message: a new stream gets new rings. */
  status(s: LinkStatus): void {
    if (s.streamId === this.streamId && (s.header === null) === (this.rings.length === 0)) return;
    this.streamId = s.streamId;
    const h = s.header;
    const memories = h ? h.channels.map((c) => allocRing(h.rateHz, c.scale, this.shared)) : [];
    this.rings = memories.map((m) => new SampleRing(m));
    this.onRings({ streamId: s.streamId, memories });
  }

  frame(buf: ArrayBuffer): void {
    const f = decodeBatchFrame(buf);
    const c = this.stats.counts;
    if (!f || f.streamId !== this.streamId || f.channels.length !== this.rings.length) { c[2] = c[2]! + 1; return; }
    for (let ch = 0; ch < f.channels.length; ch++) this.rings[ch]!.push(f.channels[ch]!, f.firstSampleIndex);
    c[0] = c[0]! + 1;
    c[1] = c[1]! + f.count;
    const n = c[3]!;
    const slot = n % ARRIVAL_SLOTS;
    this.stats.arrivalEndIndex[slot] = f.firstSampleIndex + f.count;
    this.stats.arrivalMs[slot] = Date.now();
    this.stats.sentMs[slot] = f.sentTimeMs;
    c[3] = n + 1;
  }
}
