// Streaming LL1 decoder: lines in, contiguous sample batches (one Int32Array per channel) and counters out.
import { BatchBuilder } from './batch-builder.ts';
import {
  MAX_LINE_BYTES, REJECT_REASONS, SEQ_MODULO, checkFrame, frameFailure, parseControlPayload, parseSampleInto, sameHeader,
  type DeviceEvent, type DeviceIdent, type RejectReason, type StreamHeader,
} from './codec.ts';

/**
 * A run of consecutive samples on the sample clock. Owned by the decoder and reused: valid only during the
 * `onBatch` callback — copy what you keep.
 */
export interface SampleBatch {
  /** Increments each time a different header takes effect; samples of different streams never share a batch. */
  readonly streamId: number;
  readonly header: StreamHeader;
  /** Index of the first sample on the stream's sample clock (time = index / rateHz s), losses included. */
  readonly firstSampleIndex: number;
  /** Wire sequence number of the first sample (0..65535). */
  readonly firstSeq: number;
  /** Samples lost (seq gap) immediately before the first sample of this batch. */
  readonly lostBefore: number;
  /** Number of valid samples in each channel array. */
  readonly count: number;
  /** Raw device values, `channels[c][i]` for i < count. Physical = raw × header.channels[c].scale. */
  readonly channels: readonly Int32Array[];
  /** Host receive time of the newest line in the batch, ms since the Unix epoch. */
  readonly hostTimeMs: number;
}

/** Serial Studio-style counters, mutated in place; read them at UI rate. */
export interface DecoderCounters {
  /** Bytes received from the port (counted by the serial adapter). */
  bytes: number;
  /** Lines handed to the decoder, including rejected and empty ones. */
  lines: number;
  /** Accepted samples. */
  samples: number;
  /** Batches emitted. */
  batches: number;
  headers: number;
  idents: number;
  events: number;
  ignored: number;
  /** Samples missing according to sequence-number gaps (wrap-around aware). */
  lost: number;
  rejected: Record<RejectReason, number>;
}

export function newCounters(): DecoderCounters {
  const rejected = {} as Record<RejectReason, number>;
  for (const r of REJECT_REASONS) rejected[r] = 0;
  return { bytes: 0, lines: 0, samples: 0, batches: 0, headers: 0, idents: 0, events: 0, ignored: 0, lost: 0, rejected };
}

export function totalRejected(c: DecoderCounters): number {
  let n = 0;
  for (const r of REJECT_REASONS) n += c.rejected[r];
  return n;
}

export interface DecoderHandlers {
  onBatch?(batch: SampleBatch): void;
  /** A header arrived; `changed` is false for the periodic repeat of the header in force. */
  onHeader?(header: StreamHeader, changed: boolean, streamId: number): void;
  onIdent?(ident: DeviceIdent): void;
  /** Device event; `sampleIndex` is the sample-clock position of the next sample. */
  onEvent?(event: DeviceEvent, sampleIndex: number): void;
  onReject?(reason: RejectReason): void;
}

export interface DecoderOptions {
  /** Largest batch in samples per channel before it is emitted regardless of flush(). Default 4096. */
  readonly maxBatchSamples?: number;
  /** Stream ids continue after this one (a new decoder for a new connection keeps ids rising). Default 0. */
  readonly streamIdBase?: number;
}


export class Ll1Decoder {
  readonly counters: DecoderCounters = newCounters();
  private header: StreamHeader | null = null;
  private lastSeq = -1;
  private readonly scratch = new Int32Array(16);
  /** The sample clock and the reused batch (shared with every device driver). */
  private readonly builder: BatchBuilder;
  private rawMin = new Int32Array(0);
  private rawMax = new Int32Array(0);

  constructor(private readonly handlers: DecoderHandlers, opts: DecoderOptions = {}) {
    const maxBatch = Math.max(1, Math.min(opts.maxBatchSamples ?? 4096, 1 << 20));
    this.builder = new BatchBuilder(handlers, this.counters, maxBatch, opts.streamIdBase ?? 0);
  }

  /** The header in force, or null before the first one. */
  get currentHeader(): StreamHeader | null { return this.header; }
  get currentStreamId(): number { return this.builder.streamId; }
  /** Sample-clock index the next sample will get. */
  get sampleIndex(): number { return this.builder.sampleIndex; }

  /**
   * Decodes one line: bytes [0, length) of `line`, without the `\n`. Lines over 256 bytes must be passed truncated
   * to at least 257 bytes (the bounded parser does) and are rejected as `too-long`.
   */
  pushLine(line: Uint8Array, length: number, hostTimeMs: number): void {
    this.counters.lines++;
    const payloadEnd = length > MAX_LINE_BYTES + 1 ? -2 : checkFrame(line, length);
    if (payloadEnd < 0) {
      const f = frameFailure(payloadEnd);
      if (f === 'ignore') this.counters.ignored++;
      else this.reject(f);
      return;
    }
    const first = line[0]!;
    if (first >= 48 && first <= 57) {
      this.sample(line, payloadEnd, hostTimeMs);
      return;
    }
    const rec = parseControlPayload(line, payloadEnd);
    switch (rec.type) {
      case 'header': this.onHeader(rec.header); break;
      case 'ident': this.counters.idents++; this.handlers.onIdent?.(rec.ident); break;
      case 'event': this.counters.events++; this.handlers.onEvent?.(rec.event, this.builder.sampleIndex); break;
      case 'reject': this.reject(rec.reason); break;
      default: this.reject('syntax');
    }
  }

  /** Emits the batch collected so far (call at display rate, e.g. every 16–33 ms). */
  flush(): void {
    this.builder.flush();
  }

  /** Zeroes every counter in place (a new connection). */
  resetCounters(): void {
    const c = this.counters;
    c.bytes = c.lines = c.samples = c.batches = c.headers = c.idents = c.events = c.ignored = c.lost = 0;
    for (const r of REJECT_REASONS) c.rejected[r] = 0;
  }

  /** Forgets the header and sequence state (e.g. after a reconnect to possibly different hardware). */
  reset(): void {
    this.builder.reset();
    this.header = null;
    this.lastSeq = -1;
  }

  private reject(reason: RejectReason): void {
    this.counters.rejected[reason]++;
    this.handlers.onReject?.(reason);
  }

  private onHeader(h: StreamHeader): void {
    this.counters.headers++;
    if (this.header && sameHeader(this.header, h)) {
      this.handlers.onHeader?.(h, false, this.builder.streamId);
      return;
    }
    this.header = h;
    this.lastSeq = -1;
    this.rawMin = Int32Array.from(h.channels, (c) => c.rawMin);
    this.rawMax = Int32Array.from(h.channels, (c) => c.rawMax);
    this.builder.begin(h);
  }

  private sample(line: Uint8Array, payloadEnd: number, hostTimeMs: number): void {
    const h = this.header;
    if (!h) { this.reject('no-header'); return; }
    const n = h.channels.length;
    const seq = parseSampleInto(line, payloadEnd, n, this.scratch);
    if (seq === -1) { this.reject('syntax'); return; }
    if (seq === -2) { this.reject('channels'); return; }
    if (seq === -3) { this.reject('range'); return; }
    const s = this.scratch;
    for (let c = 0; c < n; c++) {
      if (s[c]! < this.rawMin[c]! || s[c]! > this.rawMax[c]!) { this.reject('range'); return; }
    }
    if (this.lastSeq >= 0) this.builder.lose((seq - this.lastSeq - 1 + SEQ_MODULO) % SEQ_MODULO);
    this.lastSeq = seq;
    const b = this.builder;
    const i = b.slot(seq, hostTimeMs);
    const ch = b.ch;
    for (let c = 0; c < n; c++) ch[c]![i] = s[c]!;
    b.commit();
  }
}
