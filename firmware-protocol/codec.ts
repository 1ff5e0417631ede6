// LL1 protocol v1 codec: one line ⇄ one typed record. Pure TypeScript (no Node, no DOM); see PROTOCOL.md.

/** Longest accepted line in bytes, excluding the `\n` (and a `\r` before it). Longer lines are rejected as `too-long`. */
export const MAX_LINE_BYTES = 256;
/** Sequence numbers run 0..65535 and wrap. */
export const SEQ_MODULO = 65536;
/** Most channels a header may declare (EDF+ files and the UI are sized for this). */
export const MAX_CHANNELS = 16;
/** Highest sample rate a header may declare, in Hz. */
export const MAX_RATE_HZ = 20000;

/** Channel kinds an LL1 header may declare on the wire. */
export const CHANNEL_KINDS = ['emg', 'pressure'] as const;
/**
 * Channel kinds a stream may carry, whatever driver fed it: LL1's two plus `envelope`, an EMG the device already
 * rectified and smoothed (MyoWare's ENV output on a text stream): shown and analysed as is, never band-passed.
 */
export const STREAM_CHANNEL_KINDS = ['emg', 'envelope', 'pressure'] as const;
export type ChannelKind = (typeof STREAM_CHANNEL_KINDS)[number];
/** Units on the wire. `uV` is written µV in the UI. */
export const WIRE_UNITS = ['uV', 'mmHg', 'cmH2O', 'hPa'] as const;
export type WireUnit = (typeof WIRE_UNITS)[number];

export const REJECT_REASONS = ['no-header', 'checksum', 'syntax', 'channels', 'range', 'too-long'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** One channel as declared in a header. Physical value = raw × scale, in `unit`. */
export interface ChannelSpec {
  readonly label: string;
  readonly kind: ChannelKind;
  readonly unit: WireUnit;
  /** Physical units per raw count (e.g. 0.1 µV/count). Always > 0. */
  readonly scale: number;
  readonly rawMin: number;
  readonly rawMax: number;
}

/** The stream description sent on START and once per second. */
export interface StreamHeader {
  /** Samples per second per channel, in Hz. */
  readonly rateHz: number;
  readonly channels: readonly ChannelSpec[];
}

export interface DeviceIdent {
  readonly vendor: string;
  readonly model: string;
  readonly serial: string;
  readonly firmware: string;
}

export interface DeviceEvent {
  /** e.g. `lead-off`, `lead-on`, `battery`, `error`. */
  readonly name: string;
  readonly args: readonly string[];
}

export type Ll1Record =
  | { readonly type: 'header'; readonly header: StreamHeader }
  | { readonly type: 'ident'; readonly ident: DeviceIdent }
  | { readonly type: 'event'; readonly event: DeviceEvent }
  | { readonly type: 'sample'; readonly seq: number; readonly raws: readonly number[] }
  | { readonly type: 'ignore' }
  | { readonly type: 'reject'; readonly reason: RejectReason };

const STAR = 42;
const CR = 13;
const COMMA = 44;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/** XOR of bytes [start, end) of `line`. */
export function xorChecksum(line: Uint8Array, start: number, end: number): number {
  let cs = 0;
  for (let i = start; i < end; i++) cs ^= line[i]!;
  return cs;
}

function hexUpperValue(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  if (c >= 65 && c <= 70) return c - 55; // 'A'..'F'; lowercase is a syntax error by spec
  return -1;
}

/**
 * Validates framing of one line (without `\n`) in bytes [0, length): strips one trailing `\r`, enforces the
 * length limit and the `*HH` checksum suffix. Returns the payload end (index of `*`, ≥ 1) on success, or a negative
 * code for {@link frameFailure}: -1 empty, -2 too long, -3 syntax, -4 checksum.
 */
export function checkFrame(line: Uint8Array, length: number): number {
  let end = length;
  if (end > 0 && line[end - 1] === CR) end--;
  if (end === 0) return -1;
  if (end > MAX_LINE_BYTES) return -2;
  if (end < 4 || line[end - 3] !== STAR) return -3;
  const hi = hexUpperValue(line[end - 2]!);
  const lo = hexUpperValue(line[end - 1]!);
  if (hi < 0 || lo < 0) return -3;
  if (xorChecksum(line, 0, end - 3) !== ((hi << 4) | lo)) return -4;
  return end - 3;
}

/** Maps a negative {@link checkFrame} code to what the decoder does with the line. */
export function frameFailure(code: number): RejectReason | 'ignore' {
  switch (code) {
    case -1: return 'ignore';
    case -2: return 'too-long';
    case -4: return 'checksum';
    default: return 'syntax';
  }
}

/**
 * Parses a sample payload `<seq>,<raw>...` in bytes [0, payloadEnd) into `out` (raws) without allocating.
 * Returns the seq (0..65535) or a negative code: -1 syntax, -2 channel count, -3 a raw outside int32 (range).
 * The caller checks raws against the header's [rawMin, rawMax].
 */
export function parseSampleInto(line: Uint8Array, payloadEnd: number, channelCount: number, out: Int32Array): number {
  let i = 0;
  let seq = 0;
  let digits = 0;
  while (i < payloadEnd) {
    const c = line[i]!;
    if (c === COMMA) break;
    if (c < ZERO || c > NINE || digits >= 5) return -1;
    seq = seq * 10 + (c - ZERO);
    digits++;
    i++;
  }
  if (digits === 0 || seq >= SEQ_MODULO) return -1;
  let ch = 0;
  while (i < payloadEnd) {
    i++; // skip comma
    let neg = false;
    if (i < payloadEnd && line[i] === MINUS) { neg = true; i++; }
    let v = 0;
    digits = 0;
    while (i < payloadEnd) {
      const c = line[i]!;
      if (c === COMMA) break;
      if (c < ZERO || c > NINE || digits >= 10) return -1;
      v = v * 10 + (c - ZERO);
      digits++;
      i++;
    }
    if (digits === 0) return -1;
    if (ch >= channelCount) return -2;
    if (v > 2147483647 + (neg ? 1 : 0)) return -3; // would wrap in the Int32Array: out of any declarable range
    out[ch++] = neg ? -v : v;
  }
  if (ch !== channelCount) return -2;
  return seq;
}

const LABEL_RE = /^[A-Za-z0-9_.-]{1,16}$/;
const INT_RE = /^-?\d{1,10}$/;
const SCALE_RE = /^\d{1,12}(\.\d{1,12})?([eE]-?\d{1,3})?$/;
const FIELD_RE = /^[\x20-\x29\x2B\x2D-\x7E]{0,64}$/; // printable ASCII without ',' and '*'
const EVENT_NAME_RE = /^[a-z][a-z0-9-]{0,31}$/;

function parseChannel(field: string): ChannelSpec | null {
  const p = field.split(':');
  if (p.length !== 6) return null;
  const [label, kind, unit, scaleS, minS, maxS] = p as [string, string, string, string, string, string];
  if (!LABEL_RE.test(label)) return null;
  if (!(CHANNEL_KINDS as readonly string[]).includes(kind)) return null;
  if (!(WIRE_UNITS as readonly string[]).includes(unit)) return null;
  if (kind === 'emg' && unit !== 'uV') return null;
  if (kind === 'pressure' && unit === 'uV') return null;
  if (!SCALE_RE.test(scaleS) || !INT_RE.test(minS) || !INT_RE.test(maxS)) return null;
  const scale = Number(scaleS);
  const rawMin = Number(minS);
  const rawMax = Number(maxS);
  if (!(scale > 0) || !Number.isFinite(scale)) return null;
  if (rawMin < -2147483648 || rawMax > 2147483647 || rawMin > rawMax) return null;
  return { label, kind: kind as ChannelKind, unit: unit as WireUnit, scale, rawMin, rawMax };
}

/** Parses a header payload (without `*CS`). Returns null on any syntax error. */
export function parseHeaderPayload(payload: string): StreamHeader | null {
  const fields = payload.split(',');
  if (fields[0] !== '#LL1' || fields.length < 3 || fields.length - 2 > MAX_CHANNELS) return null;
  const rateS = fields[1]!;
  if (!/^\d{1,6}$/.test(rateS)) return null;
  const rateHz = Number(rateS);
  if (rateHz < 1 || rateHz > MAX_RATE_HZ) return null;
  const channels: ChannelSpec[] = [];
  for (let i = 2; i < fields.length; i++) {
    const ch = parseChannel(fields[i]!);
    if (!ch) return null;
    channels.push(ch);
  }
  return { rateHz, channels };
}

function latin1(line: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(line[i]!);
  return s;
}

/**
 * Parses one non-sample payload (header, ident, event) in bytes [0, payloadEnd). Allocates: these lines are rare.
 */
export function parseControlPayload(line: Uint8Array, payloadEnd: number): Ll1Record {
  const payload = latin1(line, 0, payloadEnd);
  const first = payload.charCodeAt(0);
  if (first === 35 /* # */) {
    const header = parseHeaderPayload(payload);
    return header ? { type: 'header', header } : { type: 'reject', reason: 'syntax' };
  }
  if (first === 64 /* @ */) {
    const f = payload.slice(1).split(',');
    if (f.length !== 4 || !f.every((x) => x.length > 0 && FIELD_RE.test(x))) return { type: 'reject', reason: 'syntax' };
    const [vendor, model, serial, firmware] = f as [string, string, string, string];
    return { type: 'ident', ident: { vendor, model, serial, firmware } };
  }
  if (first === 33 /* ! */) {
    const f = payload.slice(1).split(',');
    const name = f[0]!;
    const args = f.slice(1);
    if (!EVENT_NAME_RE.test(name) || args.length > 8 || !args.every((x) => FIELD_RE.test(x))) return { type: 'reject', reason: 'syntax' };
    return { type: 'event', event: { name, args } };
  }
  return { type: 'reject', reason: 'syntax' };
}

/**
 * Parses one complete line (as the readline parser hands it over: no `\n`, maybe a trailing `\r`) into a record,
 * given the header currently in force (or null). Convenience for tests and tools; the streaming decoder uses the
 * allocation-free pieces above directly.
 */
export function parseLine(text: string, header: StreamHeader | null): Ll1Record {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) { const c = text.charCodeAt(i); bytes[i] = c > 255 ? 0x3f : c; }
  const frame = checkFrame(bytes, bytes.length);
  if (frame < 0) {
    const f = frameFailure(frame);
    return f === 'ignore' ? { type: 'ignore' } : { type: 'reject', reason: f };
  }
  const payloadEnd = frame;
  const first = bytes[0]!;
  if (first >= ZERO && first <= NINE) {
    if (!header) return { type: 'reject', reason: 'no-header' };
    const out = new Int32Array(header.channels.length);
    const seq = parseSampleInto(bytes, payloadEnd, header.channels.length, out);
    if (seq === -1) return { type: 'reject', reason: 'syntax' };
    if (seq === -2) return { type: 'reject', reason: 'channels' };
    if (seq === -3) return { type: 'reject', reason: 'range' };
    for (let c = 0; c < out.length; c++) {
      const spec = header.channels[c]!;
      if (out[c]! < spec.rawMin || out[c]! > spec.rawMax) return { type: 'reject', reason: 'range' };
    }
    return { type: 'sample', seq, raws: Array.from(out) };
  }
  return parseControlPayload(bytes, payloadEnd);
}

// ---- encoding (simulator, tests, firmware reference) ----

function hex2(n: number): string {
  return (n < 16 ? '0' : '') + n.toString(16).toUpperCase();
}

/** Appends `*HH` (XOR checksum) to an ASCII payload. No line terminator is added. */
export function withChecksum(payload: string): string {
  let cs = 0;
  for (let i = 0; i < payload.length; i++) cs ^= payload.charCodeAt(i);
  return payload + '*' + hex2(cs);
}

/** Formats a number for a header's scale field without exponent noise (e.g. 0.1, 0.000125). */
function formatScale(scale: number): string {
  const s = String(scale);
  return s.includes('e') ? scale.toFixed(12).replace(/0+$/, '').replace(/\.$/, '') : s;
}

export function encodeHeader(h: StreamHeader): string {
  const chans = h.channels.map((c) => `${c.label}:${c.kind}:${c.unit}:${formatScale(c.scale)}:${c.rawMin}:${c.rawMax}`);
  return withChecksum(`#LL1,${h.rateHz},${chans.join(',')}`);
}

export function encodeSample(seq: number, raws: ArrayLike<number>): string {
  let p = String(seq & 0xffff);
  for (let i = 0; i < raws.length; i++) p += ',' + String(raws[i]);
  return withChecksum(p);
}

export function encodeIdent(id: DeviceIdent): string {
  return withChecksum(`@${id.vendor},${id.model},${id.serial},${id.firmware}`);
}

export function encodeEvent(ev: DeviceEvent): string {
  return withChecksum(`!${[ev.name, ...ev.args].join(',')}`);
}

/** Host→device commands. `RATE` carries a rate in Hz. */
export type HostCommand = 'INFO' | 'START' | 'STOP' | 'ZERO' | { readonly rateHz: number };

export function encodeCommand(cmd: HostCommand): string {
  return typeof cmd === 'string' ? cmd : `RATE ${Math.round(cmd.rateHz)}`;
}

/** Parses a host→device command line (trailing `\r` tolerated). Returns null for anything else. */
export function parseCommand(line: string): HostCommand | null {
  const t = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (t === 'INFO' || t === 'START' || t === 'STOP' || t === 'ZERO') return t;
  const m = /^RATE (\d{1,6})$/.exec(t);
  return m ? { rateHz: Number(m[1]) } : null;
}

/** True when two headers describe the same stream (a repeated header resets nothing). */
export function sameHeader(a: StreamHeader, b: StreamHeader): boolean {
  if (a.rateHz !== b.rateHz || a.channels.length !== b.channels.length) return false;
  for (let i = 0; i < a.channels.length; i++) {
    const x = a.channels[i]!;
    const y = b.channels[i]!;
    if (x.label !== y.label || x.kind !== y.kind || x.unit !== y.unit || x.scale !== y.scale || x.rawMin !== y.rawMin || x.rawMax !== y.rawMax) return false;
  }
  return true;
}
