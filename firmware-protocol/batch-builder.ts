// Collects decoded samples into the reused SampleBatch on the sample clock: one per decoder, no allocation per sample.
import type { StreamHeader } from './codec.ts';
import type { SampleBatch } from './decoder.ts';

/** The counters a builder keeps (the LL1 decoder's and every device driver's have them). */
export interface BatchCounters { samples: number; batches: number; lost: number }
/** Where a builder delivers (the LL1 decoder's and every device driver's handlers). */
export interface BatchHandlers {
  onBatch?(batch: SampleBatch): void;
  onHeader?(header: StreamHeader, changed: boolean, streamId: number): void;
}

interface MutableBatch {
  streamId: number; header: StreamHeader; firstSampleIndex: number; firstSeq: number; lostBefore: number;
  count: number; channels: Int32Array[]; hostTimeMs: number;
}

/**
 * The sample clock and batch of one decoder (LL1's and every device driver's). Hot-path use per sample:
 * `const i = b.slot(seq, t); b.ch[c][i] = raw …; b.commit();` — `commit` emits the batch as soon as it is full.
 */
export class BatchBuilder {
  private batch: MutableBatch | null = null;
  private nextIndex = 0;
  private pendingLost = 0;
  private id = 0;
  /** The batch's channel arrays (write `ch[c][slot]` between `slot` and `commit`). */
  ch: Int32Array[] = [];

  constructor(
    private readonly handlers: BatchHandlers,
    private readonly counters: BatchCounters,
    private readonly maxBatch = 4096,
    streamIdBase = 0,
  ) { this.id = streamIdBase; }

  get header(): StreamHeader | null { return this.batch?.header ?? null; }
  get streamId(): number { return this.id; }
  get sampleIndex(): number { return this.nextIndex; }

  /** Starts a new stream with this header (sample clock at 0); announces it through `onHeader`. */
  begin(header: StreamHeader): void {
    this.flush();
    this.id++;
    this.nextIndex = 0;
    this.pendingLost = 0;
    this.ch = header.channels.map(() => new Int32Array(this.maxBatch));
    this.batch = { streamId: this.id, header, firstSampleIndex: 0, firstSeq: 0, lostBefore: 0, count: 0, channels: this.ch, hostTimeMs: 0 };
    this.handlers.onHeader?.(header, true, this.id);
  }

  /** `n` samples the device sent never arrived: the clock moves on and the next batch says so in `lostBefore`. */
  lose(n: number): void {
    if (n <= 0) return;
    this.flush();
    this.counters.lost += n;
    this.nextIndex += n;
    this.pendingLost += n;
  }

  /** Index in `ch[c]` for the next sample; the caller writes every channel there, then calls {@link commit}. */
  slot(seq: number, hostTimeMs: number): number {
    const b = this.batch!;
    if (b.count === 0) {
      b.firstSampleIndex = this.nextIndex;
      b.firstSeq = seq;
      b.lostBefore = this.pendingLost;
      this.pendingLost = 0;
    }
    b.hostTimeMs = hostTimeMs;
    return b.count;
  }

  commit(): void {
    const b = this.batch!;
    b.count++;
    this.nextIndex++;
    this.counters.samples++;
    if (b.count >= this.maxBatch) this.flush();
  }

  flush(): void {
    const b = this.batch;
    if (!b || b.count === 0) return;
    this.counters.batches++;
    this.handlers.onBatch?.(b);
    b.firstSampleIndex += b.count;
    b.count = 0;
    b.lostBefore = 0;
  }

  /** Forgets the stream (the next `begin` starts a new one). */
  reset(): void {
    this.flush();
    this.batch = null;
    this.pendingLost = 0;
  }
}
