// Text lines for the text-stream driver, split by @serialport/parser-readline itself, with a bound in front of it.
import { ReadlineParser } from '@serialport/parser-readline';

const NL = 10;

/**
 * The real `ReadlineParser` (it buffers everything up to the next `\n`), behind a guard that keeps memory bounded: of
 * a line longer than `maxLineBytes` only the first `maxLineBytes + 1` bytes reach the parser, the rest is dropped
 * until the next `\n`. The driver then sees an overlong line and rejects it (`too-long`); a device that never sends a
 * newline costs at most `maxLineBytes + 1` bytes. Lines reach `sink` synchronously, inside {@link feed}.
 */
export class ReadlineLines {
  readonly parser: ReadlineParser;
  /** Bytes of the current (unfinished) line that went to the parser. */
  private inLine = 0;
  bytesIn = 0;
  /** Bytes dropped from overlong lines. */
  droppedBytes = 0;

  constructor(private readonly maxLineBytes: number, sink: (line: Uint8Array, length: number) => void) {
    this.parser = new ReadlineParser({ delimiter: '\n', encoding: undefined as unknown as BufferEncoding });
    this.parser.on('data', (line: Buffer) => sink(line, line.length));
  }

  /** Bytes [0, length) of `chunk` (which the caller may reuse once this returns). */
  feed(chunk: Uint8Array, length: number): void {
    this.bytesIn += length;
    const keep = this.maxLineBytes + 1;
    let from = 0;
    while (from < length) {
      let nl = chunk.indexOf(NL, from);
      if (nl === -1 || nl >= length) nl = -1;
      const end = nl === -1 ? length : nl; // the line's bytes in this chunk: [from, end)
      const room = Math.max(0, keep - this.inLine);
      const take = Math.min(room, end - from);
      this.droppedBytes += end - from - take;
      // Buffer.from over the same memory: the parser copies what it keeps (Buffer.concat), so nothing aliases later.
      if (nl === -1) {
        if (take > 0) this.parser.write(Buffer.from(chunk.buffer, chunk.byteOffset + from, take));
        this.inLine += take;
        return;
      }
      const piece = Buffer.allocUnsafe(take + 1);
      piece.set(chunk.subarray(from, from + take));
      piece[take] = NL;
      this.parser.write(piece);
      this.inLine = 0;
      from = nl + 1;
    }
  }
}
