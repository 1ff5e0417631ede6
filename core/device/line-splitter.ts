// LL1's line splitter: our own (not @serialport/parser-readline), with a maximum line length and a zero-copy sink.
import { Transform, type TransformCallback } from 'node:stream';
import { MAX_LINE_BYTES } from '../../firmware-protocol/codec.ts';

/** Bytes kept of a line: the limit plus one for a `\r` before the `\n`. */
const KEEP = MAX_LINE_BYTES + 1;
/** Handed downstream in place of a line that grew past the limit; the decoder rejects it as `too-long`. */
const TOO_LONG = Buffer.alloc(KEEP + 1, 0x21);
const NL = 10;

/**
 * A line handed to a sink: a view into a buffer the parser reuses, valid only during the call, `length` bytes long
 * (no `\n`).
 */
export type LineSink = (line: Uint8Array, length: number) => void;

/**
 * Splits a byte stream at `\n` and holds at most 257 bytes of an unfinished line: anything longer is dropped and
 * reported as one overlong line. Counts bytes seen (`bytesIn`).
 *
 * It is a plain Transform of our own. It used to extend `ReadlineParser` while overriding all of its work, so it only
 * borrowed the name; the text-stream driver's lines do go through the real `@serialport/parser-readline`
 * (see readline-lines.ts). This one stays for LL1's hot path: no allocation per line with a sink.
 *
 * Two ways to use it:
 * - as the stream it is (`pipe`/`write`): each line is pushed as its own Buffer, in object mode so lines are never
 *   coalesced;
 * - with a `sink` and {@link feed}: each line is copied into one reused buffer and handed to the sink at once. That is
 *   the live path: no allocation and no stream bookkeeping per line (at 2 kHz the stream machinery alone cost about a
 *   sixth of the host's CPU).
 */
export class BoundedLineSplitter extends Transform {
  bytesIn = 0;
  private readonly pending = Buffer.alloc(KEEP);
  private pendingLen = 0;
  private skipping = false;
  private readonly line = Buffer.alloc(KEEP + 1);

  constructor(private readonly sink?: LineSink) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.feed(chunk, chunk.length);
    cb();
  }

  /**
   * Splits the first `length` bytes of `chunk` (which the caller may reuse once this returns): lines go to the sink
   * when there is one, else they are pushed downstream.
   */
  feed(chunk: Uint8Array, length: number): void {
    this.bytesIn += length;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl === -1 || nl >= length) break;
      if (this.skipping) {
        this.skipping = false;
        this.emitWhole(TOO_LONG);
      } else if (this.pendingLen > 0) {
        const take = nl - start;
        if (this.pendingLen + take > KEEP) this.emitWhole(TOO_LONG);
        else {
          this.pending.set(chunk.subarray(start, nl), this.pendingLen);
          this.emitCopy(this.pending, 0, this.pendingLen + take);
        }
        this.pendingLen = 0;
      } else if (nl - start > KEEP) {
        this.emitWhole(TOO_LONG);
      } else {
        this.emitCopy(chunk, start, nl);
      }
      start = nl + 1;
    }
    const rest = length - start;
    if (rest > 0 && !this.skipping) {
      if (this.pendingLen + rest > KEEP) {
        this.pendingLen = 0;
        this.skipping = true; // the line is already too long: drop what we have and what follows until `\n`
      } else {
        this.pending.set(chunk.subarray(start, length), this.pendingLen);
        this.pendingLen += rest;
      }
    }
  }

  private emitWhole(line: Buffer): void {
    if (this.sink) this.sink(line, line.length);
    else this.push(line);
  }

  /** Bytes [from, to) of `src` as one line: copied into the reused line buffer for the sink, or a fresh Buffer. */
  private emitCopy(src: Uint8Array, from: number, to: number): void {
    if (this.sink) {
      const line = this.line;
      // A plain loop: for ~20-byte lines it beats a native copy's call overhead.
      for (let i = from, j = 0; i < to; i++, j++) line[j] = src[i]!;
      this.sink(line, to - from);
    } else this.push(Buffer.from(src.subarray(from, to)));
  }

  override _flush(cb: TransformCallback): void {
    this.pendingLen = 0;
    this.skipping = false;
    cb();
  }
}
