// ReadlineParser with a maximum line length: overlong lines are cut off and never buffered further.
import { ReadlineParser } from '@serialport/parser-readline';
import type { TransformCallback } from 'node:stream';
import { MAX_LINE_BYTES } from '../../firmware-protocol/codec.ts';

/** Bytes kept of a line: the limit plus one for a `\r` before the `\n`. */
const KEEP = MAX_LINE_BYTES + 1;
/** Handed downstream in place of a line that grew past the limit; the decoder rejects it as `too-long`. */
const TOO_LONG = Buffer.alloc(KEEP + 1, 0x21);
const NL = 10;

/**
 * Splits a byte stream at `\n` and pushes each line (without `\n`) as a Buffer view, in object mode so lines are never
 * coalesced. Holds at most 257 bytes of an unfinished line: anything longer is dropped and reported as one
 * overlong line. Counts bytes seen (`bytesIn`).
 */
export class BoundedReadlineParser extends ReadlineParser {
  bytesIn = 0;
  private readonly pending = Buffer.alloc(KEEP);
  private pendingLen = 0;
  private skipping = false;

  constructor() {
    super({ delimiter: '\n', encoding: undefined as unknown as BufferEncoding, readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytesIn += chunk.length;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl === -1) break;
      if (this.skipping) {
        this.skipping = false;
        this.push(TOO_LONG);
      } else if (this.pendingLen > 0) {
        const take = nl - start;
        if (this.pendingLen + take > KEEP) this.push(TOO_LONG);
        else {
          chunk.copy(this.pending, this.pendingLen, start, nl);
          this.push(Buffer.from(this.pending.subarray(0, this.pendingLen + take)));
        }
        this.pendingLen = 0;
      } else if (nl - start > KEEP) {
        this.push(TOO_LONG);
      } else {
        this.push(chunk.subarray(start, nl));
      }
      start = nl + 1;
    }
    const rest = chunk.length - start;
    if (rest > 0 && !this.skipping) {
      if (this.pendingLen + rest > KEEP) {
        this.pendingLen = 0;
        this.skipping = true; // the line is already too long: drop what we have and what follows until `\n`
      } else {
        chunk.copy(this.pending, this.pendingLen, start);
        this.pendingLen += rest;
      }
    }
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.pendingLen = 0;
    this.skipping = false;
    cb();
  }
}
