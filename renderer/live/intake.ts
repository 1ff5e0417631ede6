// Frame intake shared by the page and the intake worker: decodes frames into raw and processed rings, keeps the arrival log.
import { decodeBatchFrame } from '../../api/batch-frame.ts';
import type { LinkStatus } from '../../api/contract.ts';
import type { ChannelSpec } from '../../firmware-protocol/codec.ts';
import { allocRing, pushValues, SampleRing, type RingMemory } from './sample-ring.ts';
import { ChannelProcessor, DEFAULT_PROCESSING, type ProcessingError, type ProcessingSettings } from './processing.ts';

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
  /** Float64 × ARRIVAL_SLOTS: when the core read the frame's newest line from the device, ms since epoch. */
  readonly readMs: ArrayBufferLike;
}

export function allocStats(shared: boolean): IntakeStatsMemory {
  const Buf = shared ? SharedArrayBuffer : ArrayBuffer;
  return { counts: new Buf(32), arrivalEndIndex: new Buf(ARRIVAL_SLOTS * 8), arrivalMs: new Buf(ARRIVAL_SLOTS * 8), sentMs: new Buf(ARRIVAL_SLOTS * 8), readMs: new Buf(ARRIVAL_SLOTS * 8) };
}

/** Typed views on the stats memory. */
export class IntakeStats {
  readonly counts: Float64Array;
  readonly arrivalEndIndex: Float64Array;
  readonly arrivalMs: Float64Array;
  readonly sentMs: Float64Array;
  readonly readMs: Float64Array;
  constructor(readonly memory: IntakeStatsMemory) {
    this.counts = new Float64Array(memory.counts);
    this.arrivalEndIndex = new Float64Array(memory.arrivalEndIndex);
    this.arrivalMs = new Float64Array(memory.arrivalMs);
    this.sentMs = new Float64Array(memory.sentMs);
    this.readMs = new Float64Array(memory.readMs);
  }
  get frames(): number { return this.counts[0]!; }
  get samples(): number { return this.counts[1]!; }
  get badFrames(): number { return this.counts[2]!; }
  get arrivalCount(): number { return this.counts[3]!; }
}

/**
 * The rings of one stream: raw physical values per channel, and the processed stream per channel on the same
 * sample clock (EMG: RMS envelope in µV; pressure: smoothed, tared, in the chosen unit).
 */
export interface RingSet { readonly streamId: number; readonly memories: readonly RingMemory[]; readonly processed: readonly RingMemory[] }

/** Tracks the stream in force and writes frames of that stream into its rings. */
export class Intake {
  streamId = -1;
  rings: SampleRing[] = [];
  processed: SampleRing[] = [];
  private processors: ChannelProcessor[] = [];
  private settings: ProcessingSettings = DEFAULT_PROCESSING;
  private rateHz = 0;
  private channels: readonly ChannelSpec[] = [];

  constructor(readonly stats: IntakeStats, private readonly shared: boolean, private readonly onRings: (set: RingSet) => void,
    private readonly onProcessingError: (e: ProcessingError) => void = () => {}) {}

  /** New processing settings: chains are rebuilt (pressure keeps its tare); processed history is marked lost when units change. */
  setProcessing(s: ProcessingSettings): void {
    const unitChanged = s.pressure.outputUnit !== this.settings.pressure.outputUnit;
    this.settings = s;
    this.buildProcessors();
    if (unitChanged) for (let i = 0; i < this.processed.length; i++) if (this.channels[i]?.kind === 'pressure') this.processed[i]!.clear();
  }

  /** Host-side pressure zero on every pressure channel. */
  tare(): void {
    for (const p of this.processors) p.tare();
  }

  private buildProcessors(): void {
    const old = this.processors;
    this.processors = this.channels.map((c, i) => {
      const p = new ChannelProcessor(c, this.rateHz, this.settings, this.onProcessingError);
      const off = old[i]?.channel.label === c.label ? old[i]!.tareOffset() : null;
      if (off !== null) p.setTareOffset(off);
      return p;
    });
  }

  /** A status message: a new stream gets new rings. */
  status(s: LinkStatus): void {
    if (s.streamId === this.streamId && (s.header === null) === (this.rings.length === 0)) return;
    this.streamId = s.streamId;
    const h = s.header;
    const memories = h ? h.channels.map((c) => allocRing(h.rateHz, c.scale, this.shared)) : [];
    const processed = h ? h.channels.map(() => allocRing(h.rateHz, 1, this.shared)) : [];
    this.rings = memories.map((m) => new SampleRing(m));
    this.processed = processed.map((m) => new SampleRing(m));
    this.rateHz = h?.rateHz ?? 0;
    this.channels = h ? h.channels : [];
    this.processors = [];
    this.buildProcessors();
    this.onRings({ streamId: s.streamId, memories, processed });
  }

  frame(buf: ArrayBuffer): void {
    const f = decodeBatchFrame(buf);
    const c = this.stats.counts;
    if (!f || f.streamId !== this.streamId || f.channels.length !== this.rings.length) { c[2] = c[2]! + 1; return; }
    for (let ch = 0; ch < f.channels.length; ch++) {
      const raw = f.channels[ch]!;
      const p = this.processors[ch];
      // Processed first: when the page sees the raw ring move, the envelope for those samples is already there.
      if (p && p.process(raw, f.firstSampleIndex)) pushValues(this.processed[ch]!, p.out, raw.length, f.firstSampleIndex);
      this.rings[ch]!.push(raw, f.firstSampleIndex);
    }
    c[0] = c[0]! + 1;
    c[1] = c[1]! + f.count;
    const n = c[3]!;
    const slot = n % ARRIVAL_SLOTS;
    this.stats.arrivalEndIndex[slot] = f.firstSampleIndex + f.count;
    this.stats.arrivalMs[slot] = Date.now();
    this.stats.sentMs[slot] = f.sentTimeMs;
    this.stats.readMs[slot] = f.hostTimeMs;
    c[3] = n + 1;
  }
}
