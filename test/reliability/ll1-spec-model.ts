// An LL1 line decoder written from firmware-protocol/PROTOCOL.md alone — no import from the codec or decoder — so a
// value or classification bug shared with the production code cannot hide behind it (the fuzzer's reference).
// Strings and regular expressions, allocation be damned: clarity over speed.

export interface SpecChannel { readonly label: string; readonly kind: string; readonly unit: string; readonly scale: number; readonly rawMin: number; readonly rawMax: number }
export interface SpecHeader { rateHz: number; channels: SpecChannel[] }
export type SpecRecord =
  | { type: 'ignore' }
  | { type: 'reject'; reason: 'no-header' | 'checksum' | 'syntax' | 'channels' | 'range' | 'too-long' }
  | { type: 'header'; header: SpecHeader }
  | { type: 'ident'; fields: string[] }
  | { type: 'event'; name: string; args: string[] }
  | { type: 'sample'; seq: number; raws: number[] };

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
// "printable ASCII without `,` and `*`, at most 64" (PROTOCOL.md, ident and event fields)
const FIELD = /^[\x20-\x29\x2B\x2D-\x7E]{0,64}$/;

function xor(s: string): number {
  let x = 0;
  for (let i = 0; i < s.length; i++) x ^= s.charCodeAt(i);
  return x;
}

/** PROTOCOL.md "Channel fields". */
function channel(f: string): SpecChannel | null {
  const p = f.split(':');
  if (p.length !== 6) return null;
  const [label, kind, unit, scale, min, max] = p as [string, string, string, string, string, string];
  if (!/^[A-Za-z0-9_.-]{1,16}$/.test(label)) return null;
  if (kind === 'emg') { if (unit !== 'uV') return null; } else if (kind === 'pressure') { if (!['mmHg', 'cmH2O', 'hPa'].includes(unit)) return null; } else return null;
  if (!/^\d{1,12}(\.\d{1,12})?([eE]-?\d{1,3})?$/.test(scale)) return null;
  if (!/^-?\d{1,10}$/.test(min) || !/^-?\d{1,10}$/.test(max)) return null;
  const s = parseFloat(scale), lo = parseInt(min, 10), hi = parseInt(max, 10);
  if (!(s > 0) || !isFinite(s) || lo < INT32_MIN || hi > INT32_MAX || lo > hi) return null;
  return { label, kind, unit, scale: s, rawMin: lo, rawMax: hi };
}

/** One line as the readline hands it over (no `\n`, maybe a `\r`), under the header in force. */
export function specLine(line: string, header: SpecHeader | null): SpecRecord {
  const t = line.endsWith('\r') ? line.slice(0, -1) : line; // "A single \r before the \n is ignored"
  if (t === '') return { type: 'ignore' };
  if (t.length > 256) return { type: 'reject', reason: 'too-long' };
  const m = /^([\s\S]*)\*([0-9A-F]{2})$/.exec(t); // "*" and two uppercase hex digits
  if (!m || m[1]!.length === 0) return { type: 'reject', reason: 'syntax' };
  const body = m[1]!;
  if (xor(body) !== parseInt(m[2]!, 16)) return { type: 'reject', reason: 'checksum' };
  const c = body[0]!;
  if (c >= '0' && c <= '9') {
    if (!header) return { type: 'reject', reason: 'no-header' };
    const parts = body.split(',');
    // seq: decimal 0–65535 (at most 5 digits)
    if (!/^\d{1,5}$/.test(parts[0]!) || parseInt(parts[0]!, 10) > 65535) return { type: 'reject', reason: 'syntax' };
    // Values are read left to right and the first problem decides (PROTOCOL.md, "Order of checks"): a value that is
    // not a signed decimal integer of at most 10 digits → syntax; one value more than the header has → channels; a
    // value outside int32 → range. Then: fewer values than channels → channels; outside [rawmin, rawmax] → range.
    const values: number[] = [];
    for (let k = 1; k < parts.length; k++) {
      if (!/^-?\d{1,10}$/.test(parts[k]!)) return { type: 'reject', reason: 'syntax' };
      if (values.length >= header.channels.length) return { type: 'reject', reason: 'channels' };
      const v = parseInt(parts[k]!, 10) + 0; // + 0: "-0 is 0"
      if (v < INT32_MIN || v > INT32_MAX) return { type: 'reject', reason: 'range' };
      values.push(v);
    }
    if (values.length !== header.channels.length) return { type: 'reject', reason: 'channels' };
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < header.channels[i]!.rawMin || v > header.channels[i]!.rawMax) return { type: 'reject', reason: 'range' };
    }
    return { type: 'sample', seq: parseInt(parts[0]!, 10), raws: values };
  }
  if (c === '#') {
    const f = body.split(',');
    if (f[0] !== '#LL1' || f.length < 3 || f.length > 18 || !/^\d{1,6}$/.test(f[1]!)) return { type: 'reject', reason: 'syntax' };
    const rate = parseInt(f[1]!, 10);
    if (rate < 1 || rate > 20000) return { type: 'reject', reason: 'syntax' };
    const chans = f.slice(2).map(channel);
    if (chans.some((x) => x === null)) return { type: 'reject', reason: 'syntax' };
    return { type: 'header', header: { rateHz: rate, channels: chans as SpecChannel[] } };
  }
  if (c === '@') {
    const f = body.slice(1).split(',');
    if (f.length !== 4 || !f.every((x) => x.length > 0 && FIELD.test(x))) return { type: 'reject', reason: 'syntax' };
    return { type: 'ident', fields: f };
  }
  if (c === '!') {
    const f = body.slice(1).split(',');
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(f[0]!) || f.length - 1 > 8 || !f.slice(1).every((x) => FIELD.test(x))) return { type: 'reject', reason: 'syntax' };
    return { type: 'event', name: f[0]!, args: f.slice(1) };
  }
  return { type: 'reject', reason: 'syntax' };
}

/** "A repeated identical header changes nothing. A different header starts a new stream." */
export function specSameHeader(a: SpecHeader, b: { rateHz: number; channels: readonly SpecChannel[] }): boolean {
  if (a.rateHz !== b.rateHz || a.channels.length !== b.channels.length) return false;
  return a.channels.every((x, i) => {
    const y = b.channels[i]!;
    return x.label === y.label && x.kind === y.kind && x.unit === y.unit && x.scale === y.scale && x.rawMin === y.rawMin && x.rawMax === y.rawMax;
  });
}
