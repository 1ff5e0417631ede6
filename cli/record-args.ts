// `loslaten record` options: device, text-stream rate and columns, output file and its extension, duration; validated
// into one value or one clear message (no device is touched before the options are right).
import * as path from 'node:path';
import { MAX_CHANNELS, MAX_RATE_HZ, WIRE_UNITS, type WireUnit } from '../firmware-protocol/codec.ts';

/** What `--device` accepts: a driver, or `auto` (harmless probes pick one). */
export const RECORD_DEVICES = ['auto', 'll1', 'cyton', 'bitalino', 'text'] as const;
export type RecordDevice = (typeof RECORD_DEVICES)[number];

/** Kinds a text column may have. */
export const COLUMN_KINDS = ['emg', 'envelope', 'pressure'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

/** One column of a text stream: value = (x − offset) × scale, in `unit`. */
export interface TextColumn {
  readonly label: string;
  readonly kind: ColumnKind;
  readonly unit: WireUnit;
  readonly scale: number;
  readonly offset: number;
}

export interface RecordArgs {
  readonly port: string;
  readonly device: RecordDevice;
  readonly out: string;
  /** Wall-clock seconds to record from the first sample, or null (until Ctrl+C / SIGTERM). */
  readonly seconds: number | null;
  /** Baud rate when given; otherwise the driver's own. */
  readonly baud: number | null;
  /** Sample rate for a text stream (required) or a BITalino (1, 10, 100 or 1000), Hz. */
  readonly rateHz: number | null;
  /** Text stream columns, in the order they appear on a line. */
  readonly columns: readonly TextColumn[] | null;
  readonly protocol: string | null;
}

/** Units a kind may be given in. */
const UNITS_OF: Readonly<Record<ColumnKind, readonly WireUnit[]>> = {
  emg: ['uV'], envelope: ['uV'], pressure: ['mmHg', 'cmH2O', 'hPa'],
};
/** Rates a BITalino can be set to, Hz. */
export const BITALINO_RATES_HZ = [1, 10, 100, 1000] as const;
/** The file format each driver always writes (null: decided by the stream header, e.g. LL1's declared ranges). */
export const FORMAT_OF_DEVICE: Readonly<Record<RecordDevice, 'EDF' | 'BDF' | null>> = {
  auto: null, ll1: null, cyton: 'BDF', bitalino: 'EDF', text: null,
};

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
const bad = (message: string): { ok: false; message: string } => ({ ok: false, message });

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const LABEL_RE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * Parses `--columns label:kind:unit:scale:offset[,…]` (e.g. `PF:emg:uV:3.2227:512,P:pressure:mmHg:0.25:100`).
 * Every problem names the column and the part.
 */
export function parseColumns(spec: string): Parsed<TextColumn[]> {
  const parts = spec.split(',');
  if (spec.trim() === '') return bad('--columns is empty; give label:kind:unit:scale:offset per column, e.g. PF:emg:uV:3.2227:512');
  if (parts.length > MAX_CHANNELS) return bad(`--columns has ${parts.length} columns; at most ${MAX_CHANNELS}`);
  const out: TextColumn[] = [];
  for (const [i, raw] of parts.entries()) {
    const where = `--columns column ${i + 1} (${JSON.stringify(raw)})`;
    const f = raw.split(':');
    if (f.length !== 5) return bad(`${where}: needs 5 parts label:kind:unit:scale:offset, got ${f.length}`);
    const [label, kind, unit, scaleS, offsetS] = f.map((x) => x.trim()) as [string, string, string, string, string];
    if (!LABEL_RE.test(label) || label.length > 16) return bad(`${where}: label must be 1–16 printable ASCII characters`);
    if (out.some((c) => c.label === label)) return bad(`${where}: label ${label} is used twice`);
    if (!(COLUMN_KINDS as readonly string[]).includes(kind)) return bad(`${where}: kind ${JSON.stringify(kind)} is not one of ${COLUMN_KINDS.join(', ')}`);
    const k = kind as ColumnKind;
    if (!(WIRE_UNITS as readonly string[]).includes(unit)) return bad(`${where}: unit ${JSON.stringify(unit)} is not one of ${WIRE_UNITS.join(', ')}`);
    if (!UNITS_OF[k].includes(unit as WireUnit)) return bad(`${where}: ${k === 'pressure' ? 'a' : 'an'} ${k} column is in ${UNITS_OF[k].join(' or ')}, not ${unit}`);
    if (!NUMBER_RE.test(scaleS) || !(Number(scaleS) > 0) || !Number.isFinite(Number(scaleS))) return bad(`${where}: scale ${JSON.stringify(scaleS)} must be a number above 0 (${unit} per count)`);
    if (!NUMBER_RE.test(offsetS) || !Number.isFinite(Number(offsetS))) return bad(`${where}: offset ${JSON.stringify(offsetS)} must be a number (counts subtracted before scaling)`);
    out.push({ label, kind: k, unit: unit as WireUnit, scale: Number(scaleS), offset: Number(offsetS) });
  }
  return { ok: true, value: out };
}

/** `.edf` or `.bdf` for a format. */
export const extensionOf = (format: 'EDF' | 'BDF'): string => (format === 'EDF' ? '.edf' : '.bdf');

/**
 * Null when `out` has the extension of `format`; otherwise the message refusing it, naming the right file. A 24-bit
 * device written to `.edf` would be a BDF file under an EDF name (readers refuse it, or worse, misread it).
 */
export function extensionProblem(out: string, format: 'EDF' | 'BDF', why: string): string | null {
  const ext = path.extname(out).toLowerCase();
  if (ext === extensionOf(format)) return null;
  const right = out.slice(0, out.length - ext.length) + extensionOf(format);
  return `${why} is recorded as ${format}+, so --out must end in ${extensionOf(format)}: use --out ${right}`;
}

const WHY: Readonly<Record<RecordDevice, string>> = {
  auto: 'this stream', ll1: 'this stream', cyton: 'an OpenBCI Cyton (24-bit samples)', bitalino: 'a BITalino (10-bit samples)', text: 'this text stream',
};

/** Validates the record command's options (parsed by node:util parseArgs). */
export function parseRecordArgs(v: Record<string, string | boolean | undefined>): Parsed<RecordArgs> {
  const str = (k: string): string | null => (typeof v[k] === 'string' ? v[k] as string : null);
  const port = str('port'), out = str('out');
  if (!port) return bad('record needs --port <path>');
  if (!out) return bad('record needs --out <file.edf|file.bdf>');
  const deviceS = str('device') ?? 'auto';
  if (!(RECORD_DEVICES as readonly string[]).includes(deviceS)) return bad(`--device ${JSON.stringify(deviceS)}: use one of ${RECORD_DEVICES.join(', ')}`);
  const device = deviceS as RecordDevice;
  if (port.startsWith('demo:') && device !== 'auto' && device !== 'll1') return bad(`--port ${port} is the built-in demo sensor (LL1); leave out --device or use --device ll1`);
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.edf' && ext !== '.bdf') return bad(`--out ${out}: the file name must end in .edf or .bdf`);
  const fixed = FORMAT_OF_DEVICE[device];
  if (fixed) { const p = extensionProblem(out, fixed, WHY[device]); if (p) return bad(p); }
  const baudS = str('baud');
  const baud = baudS === null ? null : Number(baudS);
  if (baud !== null && (!Number.isInteger(baud) || baud < 1200 || baud > 4_000_000)) return bad('--baud must be an integer 1200..4000000');
  const secS = str('seconds');
  const seconds = secS === null ? null : Number(secS);
  if (seconds !== null && (!NUMBER_RE.test(secS!) || !(seconds > 0 && seconds <= 86_400 * 7))) return bad('--seconds must be a number of seconds above 0 (at most a week)');
  const rateS = str('rate'), colS = str('columns');
  let rateHz: number | null = null;
  if (rateS !== null) {
    rateHz = Number(rateS);
    if (!/^\d+$/.test(rateS) || !(rateHz >= 1 && rateHz <= MAX_RATE_HZ)) return bad(`--rate ${JSON.stringify(rateS)}: a whole number of Hz, 1..${MAX_RATE_HZ}`);
  }
  let columns: TextColumn[] | null = null;
  if (device === 'text') {
    if (rateHz === null) return bad('--device text needs --rate <Hz> (the rate the device prints lines at; a text stream has no clock of its own)');
    if (colS === null) return bad('--device text needs --columns label:kind:unit:scale:offset[,…], e.g. PF:emg:uV:3.2227:512,P:pressure:mmHg:0.25:100');
    const c = parseColumns(colS);
    if (!c.ok) return c;
    columns = c.value;
  } else {
    if (colS !== null) return bad('--columns goes with --device text');
    if (rateHz !== null && device !== 'bitalino') return bad(`--rate goes with --device text or bitalino${device === 'cyton' ? ' (a Cyton always streams at 250 Hz)' : ''}`);
    if (rateHz !== null && !(BITALINO_RATES_HZ as readonly number[]).includes(rateHz)) return bad(`--rate ${rateHz}: a BITalino runs at ${BITALINO_RATES_HZ.join(', ')} Hz`);
  }
  return { ok: true, value: { port, device, out, seconds, baud, rateHz, columns, protocol: str('protocol') } };
}
