// Encodes one EDF/BDF data record: little-endian 16/24-bit samples (clamped to the digital range) and packed TALs.
import type { EdfLayout } from './edf-layout.ts';
import { encodeTal, type Annotation } from './edf-tal.ts';

/**
 * Writes `spr` samples of every channel buffer into `rec` from offset 0, clamping to the layout's digital range.
 * Returns the number of clamped values. Allocation-free.
 */
export function encodeSamples(rec: Uint8Array, bufs: readonly Int32Array[], spr: number, L: EdfLayout): number {
  const bytes = L.format === 'EDF' ? 2 : 3;
  let off = 0;
  let clipped = 0;
  for (let c = 0; c < bufs.length; c++) {
    const buf = bufs[c]!;
    const lo = L.digitalMin[c]!;
    const hi = L.digitalMax[c]!;
    for (let j = 0; j < spr; j++) {
      let v = buf[j]!;
      if (v < lo) { v = lo; clipped++; } else if (v > hi) { v = hi; clipped++; }
      rec[off] = v & 0xff;
      rec[off + 1] = (v >> 8) & 0xff;
      if (bytes === 3) rec[off + 2] = (v >> 16) & 0xff;
      off += bytes;
    }
  }
  return clipped;
}

/**
 * Moves TALs from the front of `queue` into `rec[off, end)` while they fit (keeping one terminating zero byte).
 * A TAL never spans records. Returns the new offset and how many annotations were packed.
 */
export function packTals(rec: Uint8Array, off: number, end: number, queue: Annotation[]): { off: number; packed: number } {
  let packed = 0;
  while (queue.length > 0) {
    const tal = encodeTal(queue[0]!);
    if (off + tal.length > end - 1) break;
    rec.set(tal, off);
    off += tal.length;
    queue.shift();
    packed++;
  }
  return { off, packed };
}
