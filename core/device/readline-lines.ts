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

  /**
   * Bytes [0, length) of `chunk` (which the caller may reuse once this returns: the parser copies what it keeps).
   * Runs of ordinary lines go to the parser in one write; only an overlong line is cut (and the rest of it dropped).
   */
  feed(chunk: Uint8Array, length: number): void {
    this.bytesIn += length;
    const keep = this.maxLineBytes + 1;
    let runStart = 0; // start of the bytes not yet written to the parser
    let i = 0;
    while (i < length) {
      let nl = chunk.indexOf(NL, i);
      if (nl === -1 || nl >= length) nl = length;
      const lineBytes = this.inLine + (nl - i);
      if (lineBytes > keep) {
        // Cut: the parser gets the line's first `keep` bytes (then `\n` when it ends here); the rest is dropped.
        const cutAt = i + Math.max(0, keep - this.inLine);
        this.write(chunk, runStart, cutAt);
        this.droppedBytes += nl - cutAt;
        this.inLine = keep;
        if (nl === length) return;
        runStart = nl; // the `\n` itself goes with the next run
        this.inLine = 0;
        i = nl + 1;
        continue;
      }
      if (nl === length) { this.inLine = lineBytes; break; }
      this.inLine = 0;
      i = nl + 1;
    }
    this.write(chunk, runStart, length);
  }

  private write(chunk: Uint8Array, from: number, to: number): void {
    if (to > from) this.parser.write(Buffer.from(chunk.buffer, chunk.byteOffset + from, to - from));
  }
}
