// EDF/EDF+/BDF/BDF+ reader: validated header, chunked record access, annotations, min/max overview. Bounded memory.
import * as fs from 'node:fs';
import { DIGITAL_LIMITS, isAnnotationLabel, parseFixedHeader, parseHeader, recordBytes, type EdfHeader } from './edf-header.ts';
import { parseRecordTals, type Annotation } from './edf-tal.ts';
import { errCode, errDetail, type EdfError, type Res } from './errors.ts';

/** Largest data record the reader accepts, in bytes (hostile-file guard; EDFlib uses 10 MB). */
export const MAX_READ_RECORD_BYTES = 16 * 1024 * 1024;
/** Bytes read per chunk when scanning records. */
const CHUNK_BYTES = 4 * 1024 * 1024;

export interface OpenOptions {
  /** Accept a file with records = −1 (counts complete records from the file size). Default false. */
  readonly allowUnfinished?: boolean;
}

export interface EdfAnnotations {
  /** Start of each data record in seconds (time-keeping TAL, or k × duration for plain EDF). */
  readonly recordOnsetsS: Float64Array;
  readonly annotations: Annotation[];
}

export interface OverviewSignal {
  readonly label: string;
  readonly unit: string;
  /** Physical min and max per column. */
  readonly min: Float32Array;
  readonly max: Float32Array;
}

/** Min/max decimation of every data signal into `columns` columns of equal sample counts. */
export interface Overview {
  readonly columns: number;
  readonly signals: OverviewSignal[];
}

/** An open EDF/BDF file. Call {@link close} when done. */
export class EdfReader {
  /** Byte offset of each signal inside a record. */
  readonly signalOffsets: number[] = [];
  /** Indices of data signals (everything except annotation signals). */
  readonly dataSignals: number[] = [];
  readonly annotationSignals: number[] = [];
  readonly recordBytes: number;
  readonly bytesPerSample: number;

  constructor(readonly path: string, private fd: number, readonly fileBytes: number, readonly header: EdfHeader, readonly records: number) {
    this.recordBytes = recordBytes(header);
    this.bytesPerSample = DIGITAL_LIMITS[header.format].bytes;
    let off = 0;
    header.signals.forEach((s, i) => {
      this.signalOffsets.push(off);
      off += s.samplesPerRecord * this.bytesPerSample;
      (header.plus && isAnnotationLabel(s.label) ? this.annotationSignals : this.dataSignals).push(i);
    });
  }

  /** Sample rate of a signal in Hz. */
  rateHz(signal: number): number {
    return this.header.signals[signal]!.samplesPerRecord / this.header.recordDurationS;
  }

  /** Physical = offset + digital × gain. */
  gain(signal: number): { gain: number; offset: number } {
    const s = this.header.signals[signal]!;
    const gain = (s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin);
    return { gain, offset: s.physicalMin - s.digitalMin * gain };
  }

  close(): void {
    if (this.fd >= 0) { try { fs.closeSync(this.fd); } catch { /* ignore */ } this.fd = -1; }
  }

  /** Calls `cb` with consecutive chunks of whole records [first, first + count). The buffer is reused. */
  forEachChunk(first: number, count: number, cb: (buf: Buffer, firstRecord: number, records: number) => void): void {
    const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / this.recordBytes));
    const buf = Buffer.allocUnsafeSlow(Math.min(perChunk, Math.max(1, count)) * this.recordBytes);
    const end = Math.min(this.records, first + count);
    for (let r = Math.max(0, first); r < end; r += perChunk) {
      const n = Math.min(perChunk, end - r);
      const len = n * this.recordBytes;
      let got = 0;
      while (got < len) {
        const k = fs.readSync(this.fd, buf, got, len - got, this.header.headerBytes + r * this.recordBytes + got);
        if (k <= 0) throw Object.assign(new Error('unexpected end of file'), { code: 'EIO' });
        got += k;
      }
      cb(buf.subarray(0, len), r, n);
    }
  }

  /** Digital values of one signal over records [first, first + count). */
  readDigital(signal: number, first = 0, count = this.records): Int32Array {
    const spr = this.header.signals[signal]!.samplesPerRecord;
    const end = Math.min(this.records, first + count);
    const out = new Int32Array(Math.max(0, end - first) * spr);
    let o = 0;
    const bps = this.bytesPerSample;
    this.forEachChunk(first, end - first, (buf, _r, n) => {
      for (let k = 0; k < n; k++) {
        let p = k * this.recordBytes + this.signalOffsets[signal]!;
        for (let j = 0; j < spr; j++, p += bps) {
          out[o++] = bps === 2 ? buf.readInt16LE(p) : (buf[p]! | (buf[p + 1]! << 8) | ((buf[p + 2]! << 24) >> 8));
        }
      }
    });
    return out;
  }

  /** Physical values of one signal over records [first, first + count). */
  readPhysical(signal: number, first = 0, count = this.records): Float64Array {
    const d = this.readDigital(signal, first, count);
    const { gain, offset } = this.gain(signal);
    const out = new Float64Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = offset + d[i]! * gain;
    return out;
  }

  /** Parses every record's annotations (strict: time-keeping TAL first, record onsets consistent with EDF+C/D). */
  readAnnotations(): Res<EdfAnnotations, EdfError> {
    const onsets = new Float64Array(this.records);
    const annotations: Annotation[] = [];
    const h = this.header;
    if (this.annotationSignals.length === 0) {
      for (let r = 0; r < this.records; r++) onsets[r] = r * h.recordDurationS;
      return { ok: true, value: { recordOnsetsS: onsets, annotations } };
    }
    let failure: EdfError | null = null;
    const check = (buf: Buffer, base: number, r: number): void => {
      this.annotationSignals.forEach((sig, idx) => {
        if (failure) return;
        const off = base + this.signalOffsets[sig]!;
        const bytes = buf.subarray(off, off + h.signals[sig]!.samplesPerRecord * this.bytesPerSample);
        const p = parseRecordTals(bytes, idx === 0);
        if (typeof p === 'string') { failure = { kind: 'bad-annotation', record: r, detail: p }; return; }
        if (idx === 0) onsets[r] = p.recordOnsetS;
        for (const a of p.annotations) annotations.push(a);
      });
      if (failure) return;
      const tol = 1e-6 + h.recordDurationS * 1e-9;
      if (!h.discontinuous && Math.abs(onsets[r]! - (onsets[0]! + r * h.recordDurationS)) > tol) {
        failure = { kind: 'bad-annotation', record: r, detail: `EDF+C record starts at ${onsets[r]} s, expected ${onsets[0]! + r * h.recordDurationS} s` };
      } else if (r > 0 && onsets[r]! < onsets[r - 1]! + h.recordDurationS - tol) {
        failure = { kind: 'bad-annotation', record: r, detail: `record starts at ${onsets[r]} s, before the previous record ends` };
      }
    };
    // The byte span of the annotation signals inside a record; when small, read only that span of each record.
    const spanStart = Math.min(...this.annotationSignals.map((s) => this.signalOffsets[s]!));
    const spanEnd = Math.max(...this.annotationSignals.map((s) => this.signalOffsets[s]! + h.signals[s]!.samplesPerRecord * this.bytesPerSample));
    try {
      if ((spanEnd - spanStart) * 4 < this.recordBytes) {
        const buf = Buffer.alloc(spanEnd - spanStart);
        for (let r = 0; r < this.records && !failure; r++) {
          const pos = h.headerBytes + r * this.recordBytes + spanStart;
          if (fs.readSync(this.fd, buf, 0, buf.length, pos) !== buf.length) throw Object.assign(new Error('unexpected end of file'), { code: 'EIO' });
          check(buf, -spanStart, r);
        }
      } else {
        this.forEachChunk(0, this.records, (buf, first, n) => {
          for (let k = 0; k < n && !failure; k++) check(buf, k * this.recordBytes, first + k);
        });
      }
    } catch (e) {
      return { ok: false, error: { kind: 'io', path: this.path, code: errCode(e), detail: errDetail(e) } };
    }
    if (failure) return { ok: false, error: failure };
    annotations.sort((a, b) => a.onsetS - b.onsetS);
    return { ok: true, value: { recordOnsetsS: onsets, annotations } };
  }

  /**
   * Min/max overview of every data signal over the whole file, in physical units. Columns cover equal sample counts;
   * with `recordOnsetsS` (from {@link readAnnotations}) they cover equal time spans instead, so EDF+D gaps stay empty
   * (NaN) columns.
   */
  overview(columns: number, recordOnsetsS?: Float64Array): Overview {
    const cols = Math.max(1, Math.floor(columns));
    const h = this.header;
    const sigs = this.dataSignals;
    const mins = sigs.map(() => new Int32Array(cols).fill(2147483647));
    const maxs = sigs.map(() => new Int32Array(cols).fill(-2147483648));
    if (recordOnsetsS && recordOnsetsS.length === this.records && this.records > 0) this.scanByTime(cols, recordOnsetsS, mins, maxs);
    else this.scanBySample(cols, mins, maxs);
    return {
      columns: cols,
      signals: sigs.map((sig, si) => {
        const { gain, offset } = this.gain(sig);
        const min = new Float32Array(cols), max = new Float32Array(cols);
        for (let k = 0; k < cols; k++) {
          const a = mins[si]![k]!, b = maxs[si]![k]!;
          min[k] = a > b ? NaN : offset + a * gain;
          max[k] = a > b ? NaN : offset + b * gain;
        }
        return { label: h.signals[sig]!.label, unit: h.signals[sig]!.physicalDimension, min, max };
      }),
    };
  }

  private sampleAt(buf: Buffer, p: number): number {
    return this.bytesPerSample === 2 ? buf.readInt16LE(p) : (buf[p]! | (buf[p + 1]! << 8) | ((buf[p + 2]! << 24) >> 8));
  }

  private scanByTime(cols: number, on: Float64Array, mins: Int32Array[], maxs: Int32Array[]): void {
    const h = this.header;
    const t0 = on[0]!;
    const span = Math.max(on[this.records - 1]! + h.recordDurationS - t0, 1e-9);
    const k = cols / span;
    const bps = this.bytesPerSample;
    this.forEachChunk(0, this.records, (buf, first, n) => {
      this.dataSignals.forEach((sig, si) => {
        const spr = h.signals[sig]!.samplesPerRecord;
        const dt = h.recordDurationS / spr;
        const mn = mins[si]!, mx = maxs[si]!;
        for (let rec = 0; rec < n; rec++) {
          const base = rec * this.recordBytes + this.signalOffsets[sig]!;
          const tr = on[first + rec]! - t0;
          for (let j = 0; j < spr; j++) {
            const c = Math.min(cols - 1, Math.floor((tr + j * dt) * k));
            const v = this.sampleAt(buf, base + j * bps);
            if (v < mn[c]!) mn[c] = v;
            if (v > mx[c]!) mx[c] = v;
          }
        }
      });
    });
  }

  private scanBySample(cols: number, mins: Int32Array[], maxs: Int32Array[]): void {
    const h = this.header;
    const sigs = this.dataSignals;
    const totals = sigs.map((s) => this.records * h.signals[s]!.samplesPerRecord);
    const pos = sigs.map(() => 0);
    const col = sigs.map(() => 0);
    const colEnd = sigs.map((_, i) => Math.max(1, Math.floor(totals[i]! / cols)));
    const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    this.forEachChunk(0, this.records, (buf, _first, n) => {
      const i16 = le && this.bytesPerSample === 2 ? new Int16Array(buf.buffer, buf.byteOffset, buf.length >> 1) : null;
      sigs.forEach((sig, si) => {
        const spr = h.signals[sig]!.samplesPerRecord;
        const mn = mins[si]!, mx = maxs[si]!;
        let g = pos[si]!, k = col[si]!, ce = colEnd[si]!;
        const total = totals[si]!;
        let lo = mn[k]!, hi = mx[k]!;
        for (let rec = 0; rec < n; rec++) {
          const base = rec * this.recordBytes + this.signalOffsets[sig]!;
          for (let j = 0; j < spr; j++, g++) {
            if (g >= ce) {
              mn[k] = lo; mx[k] = hi;
              if (k < cols - 1) k++;
              ce = Math.max(g + 1, Math.floor(((k + 1) * total) / cols));
              lo = mn[k]!; hi = mx[k]!;
            }
            let v: number;
            if (i16) v = i16[(base >> 1) + j]!;
            else if (this.bytesPerSample === 2) v = buf.readInt16LE(base + 2 * j);
            else { const p = base + 3 * j; v = buf[p]! | (buf[p + 1]! << 8) | ((buf[p + 2]! << 24) >> 8); }
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
        }
        mn[k] = lo; mx[k] = hi;
        pos[si] = g; col[si] = k; colEnd[si] = ce;
      });
    });
  }
}

/** Opens and validates an EDF/BDF file. Sizes are checked against the file size before anything is allocated. */
export function openEdf(path: string, opts: OpenOptions = {}): Res<EdfReader, EdfError> {
  let fd: number;
  try { fd = fs.openSync(path, 'r'); } catch (e) { return { ok: false, error: { kind: 'io', path, code: errCode(e), detail: errDetail(e) } }; }
  const fail = (error: EdfError): Res<EdfReader, EdfError> => { try { fs.closeSync(fd); } catch { /* ignore */ } return { ok: false, error }; };
  try {
    const size = fs.fstatSync(fd).size;
    const fixed = Buffer.alloc(Math.min(size, 256));
    fs.readSync(fd, fixed, 0, fixed.length, 0);
    const f = parseFixedHeader(fixed, size);
    if (!f.ok) return fail(f.error);
    const hb = Buffer.alloc(f.headerBytes);
    if (fs.readSync(fd, hb, 0, f.headerBytes, 0) !== f.headerBytes) return fail({ kind: 'truncated', detail: 'header cut short' });
    const p = parseHeader(hb, f.format, f.ns, f.headerBytes);
    if (!p.ok) return fail(p.error);
    const h = p.header;
    let rb = 0;
    for (const s of h.signals) {
      rb += s.samplesPerRecord * DIGITAL_LIMITS[h.format].bytes;
      if (rb > MAX_READ_RECORD_BYTES) return fail({ kind: 'record-too-large', bytes: rb, limit: MAX_READ_RECORD_BYTES });
    }
    if (h.recordDurationS === 0 && h.signals.some((s) => !(h.plus && isAnnotationLabel(s.label)))) {
      return fail({ kind: 'bad-field', field: 'record duration', detail: '0 s with data signals' });
    }
    const dataBytes = size - h.headerBytes;
    const complete = Math.floor(dataBytes / rb);
    let records = h.records;
    if (records === -1) {
      if (!opts.allowUnfinished) return fail({ kind: 'unfinished', completeRecords: complete });
      records = complete;
    } else if (records * rb > dataBytes) {
      return fail({ kind: 'truncated', detail: `header declares ${records} data records of ${rb} bytes, file holds ${complete} complete records (${dataBytes} data bytes)` });
    } else if (records * rb < dataBytes) {
      return fail({ kind: 'size-mismatch', detail: `${dataBytes - records * rb} bytes after the ${records} declared data records` });
    }
    return { ok: true, value: new EdfReader(path, fd, size, h, records) };
  } catch (e) {
    return fail({ kind: 'io', path, code: errCode(e), detail: errDetail(e) });
  }
}
