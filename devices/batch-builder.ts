// Collects decoded samples into the reused SampleBatch on the sample clock: one per driver, no allocation per sample.
import type { StreamHeader } from '../firmware-protocol/codec.ts';
import type { SampleBatch } from '../firmware-protocol/decoder.ts';
import type { DeviceCounters, DriverHandlers } from './driver.ts';

interface MutableBatch {
  streamId: number; header: StreamHeader; firstSampleIndex: number; firstSeq: number; lostBefore: number;
  count: number; channels: Int32Array[]; hostTimeMs: number;
}

/**
 * The sample clock and batch of one driver. Hot-path use per sample:
 * `const i = b.slot(seq, t); b.ch[c][i] = raw …; b.commit();` — `slot` flushes first when the batch is full.
 */
export class BatchBuilder {
  private batch: MutableBatch | null = null;
  private nextIndex = 0;
  private pendingLost = 0;
  private id = 0;
  /** The batch's channel arrays (write `ch[c][slot]` between `slot` and `commit`). */
  ch: Int32Array[] = [];

  constructor(
    private readonly handlers: DriverHandlers,
    private readonly counters: DeviceCounters,
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
    if (b.count >= this.maxBatch) this.flush();
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
    this.batch!.count++;
    this.nextIndex++;
    this.counters.samples++;
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
