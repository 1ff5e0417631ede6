// EDF+/BDF+ header model: field layout, ASCII field formatting, header encoding and strict header parsing.
import type { EdfError } from './errors.ts';

/** Bytes of the fixed header part and of each signal's header part. */
export const FIXED_HEADER_BYTES = 256;
export const SIGNAL_HEADER_BYTES = 256;
/** Offset of the 8-byte "number of data records" field. */
export const RECORDS_FIELD_OFFSET = 236;
/** Offset of the 44-byte reserved field (`EDF+C` / `EDF+D`). */
export const RESERVED_FIELD_OFFSET = 192;
/** Offset of start date (8 bytes) followed by start time (8 bytes). */
export const START_DATE_OFFSET = 168;
/** Largest recommended data record in bytes (EDF spec). */
export const MAX_RECORD_BYTES_RECOMMENDED = 61_440;
/** Most signals the reader accepts (hostile-file guard; the app writes at most 17). */
export const MAX_SIGNALS = 512;

export type EdfFormat = 'EDF' | 'BDF';

/** Digital value range of one sample in each format. */
export const DIGITAL_LIMITS: Record<EdfFormat, { readonly min: number; readonly max: number; readonly bytes: number }> = {
  EDF: { min: -32768, max: 32767, bytes: 2 },
  BDF: { min: -8388608, max: 8388607, bytes: 3 },
};

export interface EdfSignalHeader {
  readonly label: string;
  readonly transducer: string;
  /** Physical dimension, e.g. `uV`, `mmHg`; empty for the annotation signal. */
  readonly physicalDimension: string;
  readonly physicalMin: number;
  readonly physicalMax: number;
  readonly digitalMin: number;
  readonly digitalMax: number;
  readonly prefiltering: string;
  /** Samples of this signal in each data record. */
  readonly samplesPerRecord: number;
}

export interface EdfHeader {
  readonly format: EdfFormat;
  /** True when the reserved field starts with `EDF+`/`BDF+`. */
  readonly plus: boolean;
  /** EDF+D / BDF+D: records are not necessarily contiguous. */
  readonly discontinuous: boolean;
  readonly patient: string;
  readonly recording: string;
  /** `dd.mm.yy` and `hh.mm.ss` as stored. */
  readonly startDate: string;
  readonly startTime: string;
  readonly headerBytes: number;
  /** −1 while a recording is unfinished. */
  readonly records: number;
  /** Seconds per data record. */
  readonly recordDurationS: number;
  readonly signals: readonly EdfSignalHeader[];
}

/** Bytes of one data record. */
export function recordBytes(h: Pick<EdfHeader, 'format' | 'signals'>): number {
  let n = 0;
  for (const s of h.signals) n += s.samplesPerRecord;
  return n * DIGITAL_LIMITS[h.format].bytes;
}

/** True for the EDF+/BDF+ annotation signal label. */
export function isAnnotationLabel(label: string): boolean {
  return label === 'EDF Annotations' || label === 'BDF Annotations';
}

/** Left-justified, space-padded printable ASCII of exactly `width` bytes (non-ASCII replaced by `_`). */
export function asciiField(s: string, width: number): string {
  let out = '';
  for (let i = 0; i < s.length && out.length < width; i++) {
    const c = s.charCodeAt(i);
    out += c >= 32 && c <= 126 ? s[i] : '_';
  }
  return out.padEnd(width, ' ');
}

/**
 * Formats a number into at most `width` characters with as many significant digits as fit (no exponent).
 * Returns null when even the integer part does not fit.
 */
export function numberField(x: number, width = 8): string | null {
  if (!Number.isFinite(x)) return null;
  if (Number.isInteger(x)) {
    const s = String(x);
    return s.length <= width ? s : null;
  }
  for (let decimals = width; decimals >= 0; decimals--) {
    let s = x.toFixed(decimals);
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
    if (s === '-0') s = '0';
    if (s.length <= width) return s;
  }
  return null;
}

/** Encodes the full header (fixed part + signal parts) as bytes. Numeric fields that do not fit throw a RangeError. */
export function encodeHeader(h: EdfHeader): Buffer {
  const ns = h.signals.length;
  const parts: string[] = [];
  const num = (x: number, w: number, what: string): string => {
    const s = numberField(x, w);
    if (s === null) throw new RangeError(`EDF header field ${what} cannot hold ${x}`);
    return asciiField(s, w);
  };
  parts.push(h.format === 'EDF' ? '0       ' : 'xBIOSEMI');
  parts.push(asciiField(h.patient, 80), asciiField(h.recording, 80));
  parts.push(asciiField(h.startDate, 8), asciiField(h.startTime, 8));
  parts.push(num(FIXED_HEADER_BYTES + SIGNAL_HEADER_BYTES * ns, 8, 'header bytes'));
  const reserved = h.plus ? `${h.format}+${h.discontinuous ? 'D' : 'C'}` : h.format === 'BDF' ? '24BIT' : '';
  parts.push(asciiField(reserved, 44));
  parts.push(num(h.records, 8, 'records'), num(h.recordDurationS, 8, 'record duration'), num(ns, 4, 'signal count'));
  const col = (f: (s: EdfSignalHeader) => string): void => { for (const s of h.signals) parts.push(f(s)); };
  col((s) => asciiField(s.label, 16));
  col((s) => asciiField(s.transducer, 80));
  col((s) => asciiField(s.physicalDimension, 8));
  col((s) => num(s.physicalMin, 8, 'physical minimum'));
  col((s) => num(s.physicalMax, 8, 'physical maximum'));
  col((s) => num(s.digitalMin, 8, 'digital minimum'));
  col((s) => num(s.digitalMax, 8, 'digital maximum'));
  col((s) => asciiField(s.prefiltering, 80));
  col((s) => num(s.samplesPerRecord, 8, 'samples per record'));
  col(() => asciiField('', 32));
  const buf = Buffer.from(parts.join(''), 'latin1');
  if (h.format === 'BDF') buf[0] = 0xff;
  return buf;
}

/** `dd.mm.yy` and `hh.mm.ss` of a local date. */
export function startFields(d: Date): { startDate: string; startTime: string } {
  const p = (n: number): string => String(n).padStart(2, '0');
  return {
    startDate: `${p(d.getDate())}.${p(d.getMonth() + 1)}.${p(d.getFullYear() % 100)}`,
    startTime: `${p(d.getHours())}.${p(d.getMinutes())}.${p(d.getSeconds())}`,
  };
}

/**
 * Parses `dd.mm.yy` + `hh.mm.ss` (local time; yy 85–99 → 19yy, 00–84 → 20yy, the EDF rule) into a Date, or null when
 * the fields are not a real date and time (31.02., 25.61.00).
 */
export function parseStart(date: string, time: string): Date | null {
  const d = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(date.trim());
  const t = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(time.trim());
  if (!d || !t) return null;
  const [day, month, yy, hh, mm, ss] = [d[1], d[2], d[3], t[1], t[2], t[3]].map(Number) as [number, number, number, number, number, number];
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const out = new Date(yy >= 85 ? 1900 + yy : 2000 + yy, month - 1, day, hh, mm, ss);
  return out.getDate() === day && out.getMonth() === month - 1 ? out : null;
}

const INT_RE = /^[+-]?\d+$/;
const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses and validates the fixed header (first 256 bytes). `fileBytes` bounds the signal count before the caller
 * reads the signal headers. Returns the signal count and header bytes, or an error value.
 */
export function parseFixedHeader(b: Uint8Array, fileBytes: number):
  { ok: true; format: EdfFormat; ns: number; headerBytes: number } | { ok: false; error: EdfError } {
  if (b.length < FIXED_HEADER_BYTES || fileBytes < FIXED_HEADER_BYTES) return { ok: false, error: { kind: 'too-small', bytes: fileBytes } };
  let format: EdfFormat;
  const v = Buffer.from(b.subarray(0, 8)).toString('latin1');
  if (v === '0       ') format = 'EDF';
  else if (b[0] === 0xff && v.slice(1) === 'BIOSEMI') format = 'BDF';
  else return { ok: false, error: { kind: 'not-edf', detail: 'version field is neither "0" (EDF) nor 0xFF "BIOSEMI" (BDF)' } };
  for (let i = 8; i < FIXED_HEADER_BYTES; i++) {
    if (b[i]! < 32 || b[i]! > 126) return { ok: false, error: { kind: 'bad-field', field: 'header text', detail: `byte ${i} is not printable ASCII` } };
  }
  const text = Buffer.from(b.subarray(0, FIXED_HEADER_BYTES)).toString('latin1');
  const nsS = text.slice(252, 256).trim();
  if (!INT_RE.test(nsS)) return { ok: false, error: { kind: 'bad-field', field: 'signal count', detail: JSON.stringify(nsS) } };
  const ns = Number(nsS);
  if (ns < 1 || ns > MAX_SIGNALS) return { ok: false, error: { kind: 'bad-signal-count', count: ns } };
  const headerBytes = FIXED_HEADER_BYTES + SIGNAL_HEADER_BYTES * ns;
  const hbS = text.slice(184, 192).trim();
  if (!INT_RE.test(hbS) || Number(hbS) !== headerBytes) {
    return { ok: false, error: { kind: 'bad-field', field: 'header bytes', detail: `declares ${JSON.stringify(hbS)}, ${ns} signals need ${headerBytes}` } };
  }
  if (headerBytes > fileBytes) return { ok: false, error: { kind: 'truncated', detail: `header needs ${headerBytes} bytes, file has ${fileBytes}` } };
  return { ok: true, format, ns, headerBytes };
}

/** Parses and validates the whole header (`b` holds at least `headerBytes` bytes). */
export function parseHeader(b: Uint8Array, format: EdfFormat, ns: number, headerBytes: number): { ok: true; header: EdfHeader } | { ok: false; error: EdfError } {
  for (let i = FIXED_HEADER_BYTES; i < headerBytes; i++) {
    if (b[i]! < 32 || b[i]! > 126) return { ok: false, error: { kind: 'bad-field', field: 'signal header text', detail: `byte ${i} is not printable ASCII` } };
  }
  const text = Buffer.from(b.subarray(0, headerBytes)).toString('latin1');
  const bad = (field: string, detail: string): { ok: false; error: EdfError } => ({ ok: false, error: { kind: 'bad-field', field, detail } });
  const reserved = text.slice(192, 236).trim();
  const plus = reserved.startsWith(`${format}+`) || reserved.startsWith('EDF+');
  const discontinuous = plus && reserved.charAt(4) === 'D';
  const recS = text.slice(236, 244).trim();
  if (!INT_RE.test(recS)) return bad('number of data records', JSON.stringify(recS));
  const records = Number(recS);
  if (records < -1) return bad('number of data records', `negative (${records})`);
  const durS = text.slice(244, 252).trim();
  if (!NUM_RE.test(durS) || !(Number(durS) >= 0) || !Number.isFinite(Number(durS))) return bad('record duration', JSON.stringify(durS));
  let off = FIXED_HEADER_BYTES;
  const column = (w: number): string[] => {
    const out: string[] = [];
    for (let i = 0; i < ns; i++) { out.push(text.slice(off, off + w).trimEnd()); off += w; }
    return out;
  };
  const labels = column(16), transducers = column(80), dims = column(8);
  const pmin = column(8), pmax = column(8), dmin = column(8), dmax = column(8), pref = column(80), spr = column(8);
  const lim = DIGITAL_LIMITS[format];
  const signals: EdfSignalHeader[] = [];
  for (let i = 0; i < ns; i++) {
    const label = labels[i]!.trim();
    const where = (f: string): string => `signal ${i + 1} (${JSON.stringify(label)}) ${f}`;
    for (const [name, v, re] of [['physical minimum', pmin[i]!, NUM_RE], ['physical maximum', pmax[i]!, NUM_RE], ['digital minimum', dmin[i]!, INT_RE], ['digital maximum', dmax[i]!, INT_RE], ['samples per record', spr[i]!, INT_RE]] as const) {
      if (!re.test(v.trim())) return bad(where(name), JSON.stringify(v.trim()));
    }
    const s: EdfSignalHeader = {
      label, transducer: transducers[i]!.trim(), physicalDimension: dims[i]!.trim(),
      physicalMin: Number(pmin[i]), physicalMax: Number(pmax[i]), digitalMin: Number(dmin[i]), digitalMax: Number(dmax[i]),
      prefiltering: pref[i]!.trim(), samplesPerRecord: Number(spr[i]),
    };
    if (s.digitalMin < lim.min || s.digitalMax > lim.max || s.digitalMin >= s.digitalMax) return bad(where('digital range'), `[${s.digitalMin}, ${s.digitalMax}] invalid for ${format}`);
    if (s.physicalMin === s.physicalMax) return bad(where('physical range'), 'minimum equals maximum');
    if (s.samplesPerRecord < 1) return bad(where('samples per record'), String(s.samplesPerRecord));
    signals.push(s);
  }
  const header: EdfHeader = {
    format, plus, discontinuous, patient: text.slice(8, 88).trimEnd(), recording: text.slice(88, 168).trimEnd(),
    startDate: text.slice(168, 176), startTime: text.slice(176, 184), headerBytes, records, recordDurationS: Number(durS), signals,
  };
  if (plus && !signals.some((s) => isAnnotationLabel(s.label))) return bad('signals', `${format}+ file without an annotation signal`);
  return { ok: true, header };
}
