// Fuzz harness pieces: a reference line splitter + decoder model written from PROTOCOL.md (ll1-spec-model.ts, no
// production parsing), and the decoder under test.
import { BoundedLineSplitter } from '../../core/device/line-splitter.ts';
import { REJECT_REASONS, type RejectReason } from '../../firmware-protocol/codec.ts';
import { Ll1Decoder, type SampleBatch } from '../../firmware-protocol/decoder.ts';
import { specLine, specSameHeader, type SpecHeader } from './ll1-spec-model.ts';

/** Sequence numbers wrap at 65536 (PROTOCOL.md). */
const SEQ_MODULO = 65536;

/** Bytes the parser may hold of an unfinished line: 256 + a `\r`. */
export const MAX_PENDING = 257;

export interface ModelCounts {
  lines: number; samples: number; headers: number; idents: number; events: number; ignored: number; lost: number;
  streams: number; rejected: Record<RejectReason, number>;
}

function zeroCounts(): ModelCounts {
  const rejected = {} as Record<RejectReason, number>;
  for (const r of REJECT_REASONS) rejected[r] = 0;
  return { lines: 0, samples: 0, headers: 0, idents: 0, events: 0, ignored: 0, lost: 0, streams: 0, rejected };
}

/**
 * The expected behaviour, computed independently of the parser and decoder: split bytes at `\n` (keeping whole lines
 * of any length), judge each line with the PROTOCOL.md model under the header in force, track streams and seq gaps.
 * Accepted samples are appended to `out` as [streamId, sampleIndex, seq, channelCount, ...raws].
 */
export class ReferenceModel {
  readonly counts = zeroCounts();
  header: SpecHeader | null = null;
  private lastSeq = -1;
  private nextIndex = 0;
  private carry = '';
  /** Flat expected samples since the last `take`. */
  out: number[] = [];

  /** Splits `bytes` [start, end) at `\n`; an unfinished tail waits for the next call. Returns the lines' records. */
  feed(bytes: Uint8Array, start: number, end: number, onLine?: (lineStart: number, type: string) => void): void {
    let s = start;
    for (let i = start; i < end; i++) {
      if (bytes[i] !== 10) continue;
      const text = this.carry + latin1(bytes, s, i);
      const lineStart = this.carry.length > 0 ? -1 : s;
      this.carry = '';
      const type = this.line(text);
      onLine?.(lineStart, type);
      s = i + 1;
    }
    if (s < end) this.carry += latin1(bytes, s, end);
  }

  /** One complete line (no `\n`); returns the record type it was judged as. */
  line(text: string): string {
    const c = this.counts;
    c.lines++;
    const r = specLine(text, this.header);
    switch (r.type) {
      case 'ignore': c.ignored++; break;
      case 'reject': c.rejected[r.reason]++; break;
      case 'ident': c.idents++; break;
      case 'event': c.events++; break;
      case 'header':
        c.headers++;
        if (!this.header || !specSameHeader(this.header, r.header)) {
          this.header = r.header;
          c.streams++;
          this.lastSeq = -1;
          this.nextIndex = 0;
        }
        break;
      case 'sample': {
        if (this.lastSeq >= 0) {
          const gap = (r.seq - this.lastSeq - 1 + SEQ_MODULO) % SEQ_MODULO;
          c.lost += gap;
          this.nextIndex += gap;
        }
        this.lastSeq = r.seq;
        this.out.push(c.streams, this.nextIndex++, r.seq, r.raws.length, ...r.raws);
        c.samples++;
        break;
      }
    }
    return r.type;
  }
}

function latin1(b: Uint8Array, s: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');
}

/** The real stack: BoundedLineSplitter → Ll1Decoder, with its output flattened like the model's. */
export class StackUnderTest {
  readonly parser = new BoundedLineSplitter();
  readonly decoder: Ll1Decoder;
  out: number[] = [];
  /** Largest pending-line size seen after any write, bytes. */
  maxPending = 0;
  /** Largest number of parsed lines waiting in the stream's buffer after a write (0 = delivered synchronously). */
  maxQueued = 0;

  constructor(maxBatchSamples?: number) {
    this.decoder = new Ll1Decoder({ onBatch: (b) => this.onBatch(b) }, { maxBatchSamples });
    this.parser.on('data', (l: Buffer) => this.decoder.pushLine(l, l.length, 0));
  }

  private onBatch(b: SampleBatch): void {
    const n = b.channels.length;
    for (let i = 0; i < b.count; i++) {
      this.out.push(b.streamId, b.firstSampleIndex + i, (b.firstSeq + i) % SEQ_MODULO, n);
      for (let c = 0; c < n; c++) this.out.push(b.channels[c]![i]!);
    }
  }

  /** Writes `bytes` [start, end) in one chunk and records the parser's buffering. */
  write(bytes: Uint8Array, start: number, end: number): void {
    this.parser.write(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start));
    const pending = (this.parser as unknown as { pendingLen: number }).pendingLen;
    if (pending > this.maxPending) this.maxPending = pending;
    if (this.parser.readableLength > this.maxQueued) this.maxQueued = this.parser.readableLength;
  }
}

/** Index of the first difference between two flat sample lists, or -1 when equal. */
export function firstDifference(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** The decoder's counters in the model's shape (streams = current stream id). */
export function decoderCounts(d: Ll1Decoder): ModelCounts {
  const c = d.counters;
  return {
    lines: c.lines, samples: c.samples, headers: c.headers, idents: c.idents, events: c.events, ignored: c.ignored, lost: c.lost,
    streams: d.currentStreamId, rejected: { ...c.rejected },
  };
}
