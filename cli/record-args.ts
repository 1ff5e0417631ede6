// `loslaten record` options: device, text-stream rate and columns, output file and its extension, duration; validated
// into one value or one clear message (no device is touched before the options are right).
import * as path from 'node:path';
import { BITALINO_DEFAULTS, BITALINO_RATES } from '../devices/bitalino.ts';
import { defaultDeviceSettings, deviceSettingsSchema, expectedHeader, type DeviceSettings } from '../devices/registry.ts';
import { parseTextColumns } from '../devices/text-columns.ts';
import { recordableRawRange, TEXT_MAX_RATE_HZ, textSettingsProblem, type TextColumn } from '../devices/text-stream.ts';
import { fitsEdf } from '../sessions/edf-layout.ts';

/** What `--device` accepts: a driver, or `auto` (harmless probes pick one). */
export const RECORD_DEVICES = ['auto', 'll1', 'cyton', 'bitalino', 'text'] as const;
export type RecordDevice = (typeof RECORD_DEVICES)[number];

export interface RecordArgs {
  readonly port: string;
  readonly device: RecordDevice;
  /** The driver and its settings; null for `auto` (decided by the probes). */
  readonly settings: DeviceSettings | null;
  /** For `auto`: the text-stream settings to use if the probes find a text stream (`--rate` and `--columns`). */
  readonly textIfFound: DeviceSettings | null;
  readonly out: string;
  /** Wall-clock seconds to record from the first sample, or null (until Ctrl+C / SIGTERM). */
  readonly seconds: number | null;
  /** Baud rate when given; otherwise the driver's own. */
  readonly baud: number | null;
  readonly protocol: string | null;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
const bad = (message: string): { ok: false; message: string } => ({ ok: false, message });

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Printed values a text column accepts. A text stream does not say its resolution, so the file name chooses: `.edf`
 * keeps offset − 32768 … offset + 32767 (any ADC of up to 16 bits around its offset), `.bdf` 24 bits (e.g. an HX711);
 * both within what the header's 8-character physical fields can say at this scale. Values outside are refused as
 * `range`, counted and noted in the recording.
 */
function printedRange(format: 'EDF' | 'BDF', offset: number, decimals: number, scale: number): { min: number; max: number } {
  const p = 10 ** decimals;
  const o = Math.round(offset * p);
  const [rlo, rhi] = recordableRawRange(scale, decimals);
  const lo = Math.max(format === 'EDF' ? -32768 : -8388608, rlo), hi = Math.min(format === 'EDF' ? 32767 : 8388607, rhi);
  return { min: (o + lo) / p, max: (o + hi) / p };
}

/**
 * Parses `--columns label:kind:unit:scale:offset[,…]` (e.g. `PF:emg:uV:3.2227:512,P:pressure:mmHg:0.25:100`) with
 * the settings form's parser (the offset's decimals are the decimals a column keeps), then gives each column the
 * printed range `format` holds (see {@link printedRange}).
 */
export function parseColumns(spec: string, format: 'EDF' | 'BDF' = 'EDF'): Parsed<TextColumn[]> {
  const r = parseTextColumns(spec);
  if (!r.ok) return bad(`--columns: ${r.message}`);
  const out = r.value.map((c) => ({ ...c, decimals: c.decimals ?? 0, ...printedRange(format, c.offset, c.decimals ?? 0, c.scale) }));
  const p = textSettingsProblem({ rateHz: 1, columns: out });
  return p ? bad(`--columns: ${p}`) : { ok: true, value: out };
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

/**
 * Null when `settings` are valid and `out` has the extension of the format their stream needs; otherwise the
 * message (LL1 declares its stream on connecting: its format is checked when the header arrives).
 */
export function settingsProblem(settings: DeviceSettings, out: string, why = WHY[settings.driver]): string | null {
  const z = deviceSettingsSchema.safeParse(settings);
  if (!z.success) return `--device ${settings.driver}: ${z.error.issues[0]?.message ?? 'invalid settings'}`;
  const h = expectedHeader(settings);
  return h ? extensionProblem(out, fitsEdf(h) ? 'EDF' : 'BDF', why) : null;
}

/** Validates the record command's options (parsed by node:util parseArgs). */
export function parseRecordArgs(v: Record<string, string | boolean | undefined>): Parsed<RecordArgs> {
  const str = (k: string): string | null => (typeof v[k] === 'string' ? v[k] as string : null);
  const port = str('port'), out = str('out');
  if (!port) return bad('record needs --port <path>');
  if (!out) return bad('record needs --out <file.edf|file.bdf>');
  // Without --device: LL1, as before drivers existed (auto-detection is asked for, since it listens first).
  const deviceS = str('device') ?? 'll1';
  if (!(RECORD_DEVICES as readonly string[]).includes(deviceS)) return bad(`--device ${JSON.stringify(deviceS)}: use one of ${RECORD_DEVICES.join(', ')}`);
  const device = deviceS as RecordDevice;
  if (port.startsWith('demo:') && device !== 'auto' && device !== 'll1') return bad(`--port ${port} is the built-in demo sensor (LL1); leave out --device or use --device ll1`);
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.edf' && ext !== '.bdf') return bad(`--out ${out}: the file name must end in .edf or .bdf`);
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
    if (!/^\d+$/.test(rateS) || !(rateHz >= 1 && rateHz <= TEXT_MAX_RATE_HZ)) return bad(`--rate ${JSON.stringify(rateS)}: a whole number of Hz, 1..${TEXT_MAX_RATE_HZ}`);
  }
  let settings: DeviceSettings | null;
  let textIfFound: DeviceSettings | null = null;
  if (device === 'auto' && (rateHz !== null || colS !== null)) {
    // Auto-detection cannot learn a text stream's rate or columns: they may be given for the case it finds one.
    if (rateHz === null || colS === null) return bad('--device auto takes --rate and --columns together (used if the device turns out to be a text stream)');
    const c = parseColumns(colS, ext === '.bdf' ? 'BDF' : 'EDF');
    if (!c.ok) return c;
    textIfFound = { driver: 'text', rateHz, columns: c.value };
    settings = null;
  } else if (device === 'text') {
    if (rateHz === null) return bad('--device text needs --rate <Hz> (the rate the device prints lines at; a text stream has no clock of its own)');
    if (colS === null) return bad('--device text needs --columns label:kind:unit:scale:offset[,…], e.g. PF:emg:uV:3.2227:512,P:pressure:mmHg:0.25:100');
    const c = parseColumns(colS, ext === '.bdf' ? 'BDF' : 'EDF');
    if (!c.ok) return c;
    settings = { driver: 'text', rateHz, columns: c.value };
  } else {
    if (colS !== null) return bad('--columns goes with --device text');
    if (rateHz !== null && device !== 'bitalino') return bad(`--rate goes with --device text or bitalino${device === 'cyton' ? ' (a Cyton always streams at 250 Hz)' : ''}`);
    if (device === 'bitalino') {
      if (rateHz !== null && !(BITALINO_RATES as readonly number[]).includes(rateHz)) return bad(`--rate ${rateHz}: a BITalino runs at ${BITALINO_RATES.join(', ')} Hz`);
      settings = { driver: 'bitalino', rateHz: (rateHz ?? BITALINO_DEFAULTS.rateHz) as typeof BITALINO_DEFAULTS.rateHz, channels: BITALINO_DEFAULTS.channels };
    } else settings = device === 'auto' ? null : defaultDeviceSettings(device);
  }
  if (settings) {
    const p = settingsProblem(settings, out, WHY[device]);
    if (p) return bad(p);
  }
  return { ok: true, value: { port, device, settings, textIfFound, out, seconds, baud, protocol: str('protocol') } };
}
