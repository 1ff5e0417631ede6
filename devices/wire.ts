// Pieces the binary drivers share: wrap-around sequence gaps, and the bounded collector for a command's text answer.
import { MAX_REPLY_CHARS } from './driver.ts';

/**
 * Samples missing between two frames whose sequence counters (modulo `modulo`) are `last` and `seq`.
 *
 * A counter of 4 or 8 bits wraps quickly (BITalino: every 16 ms at 1000 Hz; Cyton: every ~1 s), so a dropout of a
 * whole wrap or more looks like a small gap. When the host clock says much more time passed than the counter gap
 * explains (more than half a wrap plus `jitterMs` of USB/Bluetooth delivery jitter), whole wraps are added back so
 * the sample clock stays in step with the device. `elapsedMs` is between the frames' estimated send times (the
 * drivers subtract the time the frames read after a frame took), so a reader that stalled is not a dropout. Shorter dropouts are counted modulo the counter (the best the wire
 * allows). `framesSkipped` (bytes thrown away while resynchronising, in frames) bounds the gap from below the same
 * way.
 */
export function sequenceGap(last: number, seq: number, modulo: number, elapsedMs: number, rateHz: number, jitterMs = 150, framesSkipped = 0): number {
  let gap = (seq - last - 1 + modulo) % modulo;
  // Frames' worth of bytes the decoder read but could not use (resynchronising) also bound the gap from below; junk
  // inflates that estimate, so only a surplus of more than 3/4 of a wrap counts.
  if (framesSkipped - gap > (3 * modulo) / 4) gap += modulo * Math.round((framesSkipped - gap) / modulo);
  const jitterSamples = (jitterMs * rateHz) / 1000;
  const unexplained = (elapsedMs * rateHz) / 1000 - 1 - gap;
  // Whole wraps only when the clock leaves more than half a wrap (plus jitter) unexplained; then the nearest count.
  if (unexplained <= modulo / 2 + jitterSamples) return gap;
  return gap + modulo * Math.round(unexplained / modulo);
}

/**
 * Collects a command's printable-ASCII answer (bounded to MAX_REPLY_CHARS) until a terminator; non-printable bytes
 * (stray binary from a stream that was still running) are dropped. Allocates only when an answer completes.
 */
export class ReplyCollector {
  private readonly buf = new Uint8Array(MAX_REPLY_CHARS);
  private len = 0;
  private matched = 0;

  /** @param end the answer's last characters (e.g. `$$$`, `\n`). */
  constructor(private readonly end: string) {}

  clear(): void { this.len = 0; this.matched = 0; }

  /** Feeds bytes [from, to) of `chunk`; calls `done` with the text (terminator excluded) each time one ends. */
  feed(chunk: Uint8Array, from: number, to: number, done: (text: string) => void): void {
    const end = this.end;
    for (let i = from; i < to; i++) {
      const b = chunk[i]!;
      if (b === end.charCodeAt(this.matched)) {
        this.matched++;
        if (this.matched === end.length) {
          let text = '';
          for (let k = 0; k < this.len; k++) text += String.fromCharCode(this.buf[k]!);
          this.clear();
          done(text);
        }
        continue;
      }
      // A partial terminator that did not complete is ordinary text.
      for (let k = 0; k < this.matched; k++) this.keep(end.charCodeAt(k));
      this.matched = b === end.charCodeAt(0) ? 1 : 0;
      if (this.matched === 0) this.keep(b);
    }
  }

  private keep(b: number): void {
    if (b === 10 || b === 13 || (b >= 32 && b < 127)) {
      if (this.len < this.buf.length) this.buf[this.len++] = b;
    }
  }
}
