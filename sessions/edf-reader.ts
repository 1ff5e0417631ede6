// EDF/EDF+/BDF/BDF+ reader: validated header, chunked record access, annotations, min/max overview. Bounded memory.
import type { Result } from '../api/contract.ts';
import * as fs from 'node:fs';
import { DIGITAL_LIMITS, isAnnotationLabel, parseFixedHeader, parseHeader, recordBytes, type EdfHeader } from './edf-header.ts';
import { AnnotationCollector, type EdfAnnotations } from './edf-annotation-scan.ts';
import { emptyMinMax, scanBySample, scanByTime, toOverview } from './edf-overview.ts';
import { errCode, errDetail, type EdfError } from './errors.ts';

export type { EdfAnnotations } from './edf-annotation-scan.ts';

/** Largest data record the reader accepts, in bytes (hostile-file guard; EDFlib uses 10 MB). */
export const MAX_READ_RECORD_BYTES = 16 * 1024 * 1024;
/** Bytes read per chunk when scanning records. */
const CHUNK_BYTES = 4 * 1024 * 1024;

export interface OpenOptions {
  /** Accept a file with records = −1 (counts complete records from the file size). Default false. */
  readonly allowUnfinished?: boolean;
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
  readAnnotations(): Result<EdfAnnotations, EdfError> {
    const col = new AnnotationCollector(this);
    const h = this.header;
    if (this.annotationSignals.length === 0) return col.result();
    // The byte span of the annotation signals inside a record; when small, read only that span of each record.
    const spanStart = Math.min(...this.annotationSignals.map((s) => this.signalOffsets[s]!));
    const spanEnd = Math.max(...this.annotationSignals.map((s) => this.signalOffsets[s]! + h.signals[s]!.samplesPerRecord * this.bytesPerSample));
    try {
      if ((spanEnd - spanStart) * 4 < this.recordBytes) {
        const buf = Buffer.alloc(spanEnd - spanStart);
        for (let r = 0; r < this.records && !col.failed; r++) {
          const pos = h.headerBytes + r * this.recordBytes + spanStart;
          if (fs.readSync(this.fd, buf, 0, buf.length, pos) !== buf.length) throw Object.assign(new Error('unexpected end of file'), { code: 'EIO' });
          col.add(buf, -spanStart, r);
        }
      } else {
        this.forEachChunk(0, this.records, (buf, first, n) => {
          for (let k = 0; k < n && !col.failed; k++) col.add(buf, k * this.recordBytes, first + k);
        });
      }
    } catch (e) {
      return { ok: false, error: { kind: 'io', path: this.path, code: errCode(e), detail: errDetail(e) } };
    }
    return col.result();
  }

  /**
   * Min/max overview of every data signal over the whole file, in physical units. Columns cover equal sample counts;
   * with `recordOnsetsS` (from {@link readAnnotations}) they cover equal time spans instead, so EDF+D gaps stay empty
   * (NaN) columns.
   */
  overview(columns: number, recordOnsetsS?: Float64Array): Overview {
    const cols = Math.max(1, Math.floor(columns));
    const mm = emptyMinMax(this.dataSignals.length, cols);
    if (recordOnsetsS && recordOnsetsS.length === this.records && this.records > 0) scanByTime(this, cols, recordOnsetsS, mm);
    else scanBySample(this, cols, mm);
    return toOverview(this, cols, mm);
  }

  /**
   * What the review screen needs on open: annotations and an overview, in one pass over the file for EDF+C (two for
   * EDF+D, whose overview is laid out by time).
   */
  review(columns: number): Result<{ annotations: EdfAnnotations; overview: Overview }, EdfError> {
    const cols = Math.max(1, Math.floor(columns));
    try {
      if (this.header.discontinuous) {
        const a = this.readAnnotations();
        if (!a.ok) return a;
        return { ok: true, value: { annotations: a.value, overview: this.overview(cols, a.value.recordOnsetsS) } };
      }
      const col = new AnnotationCollector(this);
      const mm = emptyMinMax(this.dataSignals.length, cols);
      scanBySample(this, cols, mm, (buf, first, n) => { for (let k = 0; k < n && !col.failed; k++) col.add(buf, k * this.recordBytes, first + k); });
      const a = col.result();
      if (!a.ok) return a;
      return { ok: true, value: { annotations: a.value, overview: toOverview(this, cols, mm) } };
    } catch (e) {
      return { ok: false, error: { kind: 'io', path: this.path, code: errCode(e), detail: errDetail(e) } };
    }
  }
}

/** Opens and validates an EDF/BDF file. Sizes are checked against the file size before anything is allocated. */
export function openEdf(path: string, opts: OpenOptions = {}): Result<EdfReader, EdfError> {
  let fd: number;
  try { fd = fs.openSync(path, 'r'); } catch (e) { return { ok: false, error: { kind: 'io', path, code: errCode(e), detail: errDetail(e) } }; }
  const fail = (error: EdfError): Result<EdfReader, EdfError> => { try { fs.closeSync(fd); } catch { /* ignore */ } return { ok: false, error }; };
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
