// Min/max decimation of EDF/BDF data signals into columns: by equal sample counts (fast path) or by time (EDF+D).
import type { Overview } from './edf-reader.ts';
import type { EdfReader } from './edf-reader.ts';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface MinMax { readonly mins: Int32Array[]; readonly maxs: Int32Array[] }

export function emptyMinMax(signals: number, cols: number): MinMax {
  return {
    mins: Array.from({ length: signals }, () => new Int32Array(cols).fill(2147483647)),
    maxs: Array.from({ length: signals }, () => new Int32Array(cols).fill(-2147483648)),
  };
}

function sampleAt(buf: Uint8Array, p: number, bps: number): number {
  return bps === 2 ? ((buf[p]! | (buf[p + 1]! << 8)) << 16) >> 16 : buf[p]! | (buf[p + 1]! << 8) | ((buf[p + 2]! << 24) >> 8);
}

/**
 * One pass over all records; column k of a signal with `total` samples covers samples
 * [⌊k·total/cols⌋, ⌊(k+1)·total/cols⌋). `onChunk` sees each chunk too (e.g. to collect annotations in the same pass).
 */
export function scanBySample(r: EdfReader, cols: number, mm: MinMax, onChunk?: (buf: Buffer, first: number, n: number) => void): void {
  const h = r.header;
  const sigs = r.dataSignals;
  const totals = sigs.map((s) => r.records * h.signals[s]!.samplesPerRecord);
  const pos = sigs.map(() => 0);
  const col = sigs.map(() => 0);
  const colEnd = sigs.map((_, i) => Math.max(1, Math.floor(totals[i]! / cols)));
  const bps = r.bytesPerSample;
  r.forEachChunk(0, r.records, (buf, first, n) => {
    onChunk?.(buf, first, n);
    const i16 = LITTLE_ENDIAN && bps === 2 && buf.byteOffset % 2 === 0 ? new Int16Array(buf.buffer, buf.byteOffset, buf.length >> 1) : null;
    sigs.forEach((sig, si) => {
      const spr = h.signals[sig]!.samplesPerRecord;
      const mn = mm.mins[si]!, mx = mm.maxs[si]!;
      let g = pos[si]!, k = col[si]!, ce = colEnd[si]!;
      const total = totals[si]!;
      for (let rec = 0; rec < n; rec++) {
        const base = rec * r.recordBytes + r.signalOffsets[sig]!;
        let j = 0;
        while (j < spr) {
          if (g >= ce) {
            if (k < cols - 1) k++;
            ce = Math.max(g + 1, Math.floor(((k + 1) * total) / cols));
          }
          const stop = Math.min(spr, j + (ce - g)); // samples of this record in column k
          let lo = mn[k]!, hi = mx[k]!;
          if (i16) {
            const o = base >> 1;
            for (let q = j; q < stop; q++) { const v = i16[o + q]!; if (v < lo) lo = v; if (v > hi) hi = v; }
          } else {
            for (let q = j; q < stop; q++) { const v = sampleAt(buf, base + q * bps, bps); if (v < lo) lo = v; if (v > hi) hi = v; }
          }
          mn[k] = lo; mx[k] = hi;
          g += stop - j;
          j = stop;
        }
      }
      pos[si] = g; col[si] = k; colEnd[si] = ce;
    });
  });
}

/** Columns of equal time over [first record start, last record end); records placed by their onsets. */
export function scanByTime(r: EdfReader, cols: number, on: Float64Array, mm: MinMax): void {
  const h = r.header;
  const t0 = on[0]!;
  const span = Math.max(on[r.records - 1]! + h.recordDurationS - t0, 1e-9);
  const perS = cols / span;
  const bps = r.bytesPerSample;
  r.forEachChunk(0, r.records, (buf, first, n) => {
    r.dataSignals.forEach((sig, si) => {
      const spr = h.signals[sig]!.samplesPerRecord;
      const dt = h.recordDurationS / spr;
      const mn = mm.mins[si]!, mx = mm.maxs[si]!;
      for (let rec = 0; rec < n; rec++) {
        const base = rec * r.recordBytes + r.signalOffsets[sig]!;
        const tr = on[first + rec]! - t0;
        for (let j = 0; j < spr; j++) {
          const c = Math.min(cols - 1, Math.floor((tr + j * dt) * perS));
          const v = sampleAt(buf, base + j * bps, bps);
          if (v < mn[c]!) mn[c] = v;
          if (v > mx[c]!) mx[c] = v;
        }
      }
    });
  });
}

/** Converts digital min/max to physical units (empty columns → NaN). */
export function toOverview(r: EdfReader, cols: number, mm: MinMax): Overview {
  const h = r.header;
  return {
    columns: cols,
    signals: r.dataSignals.map((sig, si) => {
      const { gain, offset } = r.gain(sig);
      const min = new Float32Array(cols), max = new Float32Array(cols);
      for (let k = 0; k < cols; k++) {
        const a = mm.mins[si]![k]!, b = mm.maxs[si]![k]!;
        min[k] = a > b ? NaN : offset + a * gain;
        max[k] = a > b ? NaN : offset + b * gain;
      }
      return { label: h.signals[sig]!.label, unit: h.signals[sig]!.physicalDimension, min, max };
    }),
  };
}
