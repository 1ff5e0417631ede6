// Text-stream driver: a microcontroller printing numbers per line (`512`, `512,300`, `512 300`), mapped per column.
import { STREAM_CHANNEL_KINDS, WIRE_UNITS, type ChannelKind, type ChannelSpec, type StreamHeader, type WireUnit } from '../firmware-protocol/codec.ts';
import { BatchBuilder } from '../firmware-protocol/batch-builder.ts';
import {
  newDeviceCounters, zeroDeviceCounters,
  type DeviceCounters, type DeviceDriver, type DriverDescription, type DriverHandlers, type HandshakeStep,
} from './driver.ts';

/** Longest line kept, bytes without `\n`: 16 columns of 12 characters with separators fit easily. */
export const TEXT_MAX_LINE_BYTES = 256;
export const TEXT_MAX_COLUMNS = 16;
export const TEXT_MAX_DECIMALS = 6;
export const TEXT_MIN_RATE_HZ = 1;
export const TEXT_MAX_RATE_HZ = 4000;

/**
 * Lines that do not give a sample, by reason: `syntax` (not numbers), `columns` (a different number of values than
 * columns), `precision` (more decimals than the column keeps), `range` (outside the column's range), `too-long`.
 */
export const TEXT_REJECT_REASONS = ['syntax', 'columns', 'precision', 'range', 'too-long'] as const;

export const TEXT_DESCRIPTION: DriverDescription = {
  id: 'text',
  name: 'Text stream',
  baudRate: 115200,
  lossDetectable: false,
  rejectReasons: TEXT_REJECT_REASONS,
  rates: [],
  framing: 'lines',
  maxLineBytes: TEXT_MAX_LINE_BYTES,
};

/** One printed column. The value shown and recorded is (x − offset) × scale, in `unit`. */
export interface TextColumn {
  readonly label: string;
  readonly kind: ChannelKind;
  readonly unit: WireUnit;
  /** Units per printed step, > 0 (e.g. 3.2227 µV per ADC count). */
  readonly scale: number;
  /** Printed value that means 0 (e.g. 512 for a mid-scale ADC). */
  readonly offset: number;
  /** Decimals kept of each printed value, 0–6 (default 0: integers, as `analogRead` prints). */
  readonly decimals?: number;
  /** Printed range accepted, inclusive (default ±8388607: any 24-bit ADC). Values outside are rejected (`range`). */
  readonly min?: number;
  readonly max?: number;
}

export interface TextStreamSettings {
  /** The rate the device prints at, Hz (no sequence numbers: the sample clock counts lines). */
  readonly rateHz: number;
  readonly columns: readonly TextColumn[];
}

const LABEL_RE = /^[A-Za-z0-9_.-]{1,16}$/;

/** Checks settings crossing a boundary (CLI, settings store); returns the first problem in words, or null. */
export function textSettingsProblem(s: TextStreamSettings): string | null {
  if (!Number.isFinite(s.rateHz) || s.rateHz < TEXT_MIN_RATE_HZ || s.rateHz > TEXT_MAX_RATE_HZ) return `rate must be ${TEXT_MIN_RATE_HZ}–${TEXT_MAX_RATE_HZ} Hz`;
  if (s.columns.length < 1 || s.columns.length > TEXT_MAX_COLUMNS) return `1–${TEXT_MAX_COLUMNS} columns`;
  const seen = new Set<string>();
  for (const c of s.columns) {
    if (!LABEL_RE.test(c.label) || seen.has(c.label)) return `column label "${c.label}": 1–16 of A–Z a–z 0–9 _ . -, each once`;
    seen.add(c.label);
    if (!(STREAM_CHANNEL_KINDS as readonly string[]).includes(c.kind)) return `column ${c.label}: kind must be emg, envelope or pressure`;
    if (!(WIRE_UNITS as readonly string[]).includes(c.unit)) return `column ${c.label}: unit must be one of ${WIRE_UNITS.join(', ')}`;
    if (c.kind !== 'pressure' && c.unit !== 'uV') return `column ${c.label}: ${c.kind} is in uV`;
    if (c.kind === 'pressure' && c.unit === 'uV') return `column ${c.label}: pressure needs a pressure unit`;
    if (!(c.scale > 0) || !Number.isFinite(c.scale)) return `column ${c.label}: scale must be > 0`;
    if (!Number.isFinite(c.offset)) return `column ${c.label}: offset must be a number`;
    const d = c.decimals ?? 0;
    if (!Number.isInteger(d) || d < 0 || d > TEXT_MAX_DECIMALS) return `column ${c.label}: decimals 0–${TEXT_MAX_DECIMALS}`;
    const [lo, hi] = rawRange(c);
    if (lo > hi) return `column ${c.label}: min above max`;
    if (lo < -2147483648 || hi > 2147483647) return `column ${c.label}: range too wide for ${d} decimals`;
    const [rlo, rhi] = recordableRawRange(c.scale, d);
    if (lo < rlo || hi > rhi) return `column ${c.label}: min/max too wide for a recording at this scale (printed ${c.offset + rlo / 10 ** d} to ${c.offset + rhi / 10 ** d} at most)`;
  }
  return null;
}

/**
 * Raw values (x − offset) × 10^decimals a recording can describe at this scale: a header's physical extremes
 * (raw × scale / 10^decimals) have 8 characters, so at most 99999999 and at least −9999999.
 */
export function recordableRawRange(scale: number, decimals = 0): [number, number] {
  const p = 10 ** decimals;
  return [-Math.floor((9_999_999 * p) / scale), Math.floor((99_999_999 * p) / scale)];
}

function rawRange(c: TextColumn): [number, number] {
  const p = 10 ** (c.decimals ?? 0);
  const off = Math.round(c.offset * p);
  // Without a range of its own a column takes any 24-bit value that a recording can still describe at its scale
  // (a MyoWare ENV at 4882.8 µV per step: up to 20480 steps); values beyond are refused as `range`, counted, noted.
  const [rlo, rhi] = recordableRawRange(c.scale, c.decimals ?? 0);
  const lo = c.min === undefined ? Math.max(Math.round(-8388607 * p) - off, rlo) : Math.round(c.min * p) - off;
  const hi = c.max === undefined ? Math.min(Math.round(8388607 * p) - off, rhi) : Math.round(c.max * p) - off;
  return [lo, hi];
}

/**
 * The stream these columns make: raw = (x − offset) × 10^decimals (an exact integer), scale = column scale /
 * 10^decimals, so raw × scale = (x − offset) × scale.
 */
export function textHeader(s: TextStreamSettings): StreamHeader {
  const channels: ChannelSpec[] = s.columns.map((c) => {
    const [rawMin, rawMax] = rawRange(c);
    return { label: c.label, kind: c.kind, unit: c.unit, scale: c.scale / 10 ** (c.decimals ?? 0), rawMin, rawMax };
  });
  return { rateHz: s.rateHz, channels };
}

const SPACE = 32, TAB = 9, COMMA = 44, SEMI = 59, CR = 13, MINUS = 45, PLUS = 43, DOT = 46, ZERO = 48, NINE = 57;

/**
 * Text lines to samples. Separators: comma, semicolon, spaces or tabs (any run of them). Each value is a decimal
 * number (`-12`, `3.25`); the column's `decimals` say how many places are kept exactly: a value with more is refused
 * (`precision`) rather than rounded. There is no sequence number, so a line that never arrived cannot be noticed:
 * `lost` stays 0 and the description says `lossDetectable: false`. Rejected lines are counted by reason (the
 * recorder annotates how many). The first line after a (re)start is dropped unread (it may be a torn one).
 */
export class TextStreamDriver implements DeviceDriver {
  readonly description = TEXT_DESCRIPTION;
  readonly counters: DeviceCounters = newDeviceCounters(TEXT_REJECT_REASONS);
  private readonly builder: BatchBuilder;
  private readonly streamHeader: StreamHeader;
  private readonly n: number;
  private readonly decimals: Int32Array;
  private readonly offsets: Float64Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly vals: Float64Array;
  private seq = 0;
  /** The first line after a (re)start is dropped: it may be the tail of a line the device began before the port opened. */
  private firstLine = true;

  constructor(private readonly handlers: DriverHandlers, settings: TextStreamSettings, maxBatchSamples = 4096, streamIdBase = 0) {
    const problem = textSettingsProblem(settings);
    if (problem) throw new RangeError(`text stream: ${problem}`);
    this.builder = new BatchBuilder(handlers, this.counters, maxBatchSamples, streamIdBase);
    this.streamHeader = textHeader(settings);
    this.n = settings.columns.length;
    this.decimals = Int32Array.from(settings.columns, (c) => c.decimals ?? 0);
    this.offsets = Float64Array.from(settings.columns, (c) => Math.round(c.offset * 10 ** (c.decimals ?? 0)));
    this.lo = Float64Array.from(this.streamHeader.channels, (c) => c.rawMin);
    this.hi = Float64Array.from(this.streamHeader.channels, (c) => c.rawMax);
    this.vals = new Float64Array(this.n);
  }

  get header(): StreamHeader | null { return this.builder.header; }
  get streamId(): number { return this.builder.streamId; }
  get sampleIndex(): number { return this.builder.sampleIndex; }

  setMode(): void { /* no commands, no answers: every line is data */ }

  push(): void { throw new Error('the text-stream driver is line-framed: the link splits lines and calls pushLine'); }

  pushLine(line: Uint8Array, length: number, hostTimeMs: number): void {
    if (this.firstLine) {
      // The port may have opened in the middle of a line: its tail could parse as a (wrong) number. Dropped.
      this.firstLine = false;
      this.counters.skippedBytes += length + 1;
      return;
    }
    this.counters.frames++;
    if (length > TEXT_MAX_LINE_BYTES) { this.reject('too-long'); return; }
    let end = length;
    if (end > 0 && line[end - 1] === CR) end--;
    const n = this.n;
    const vals = this.vals;
    let col = 0;
    let i = 0;
    for (;;) {
      while (i < end) { const c = line[i]!; if (c === SPACE || c === TAB || c === COMMA || c === SEMI) i++; else break; }
      if (i >= end) break;
      // One number: [+-]digits[.digits], scaled to the column's decimals.
      let neg = false;
      const c0 = line[i]!;
      if (c0 === MINUS || c0 === PLUS) { neg = c0 === MINUS; i++; }
      let v = 0;
      let digits = 0;
      while (i < end) { const c = line[i]!; if (c < ZERO || c > NINE) break; v = v * 10 + (c - ZERO); digits++; i++; }
      const d = col < n ? this.decimals[col]! : 0;
      let frac = 0;
      if (i < end && line[i] === DOT) {
        i++;
        while (i < end) {
          const c = line[i]!;
          if (c < ZERO || c > NINE) break;
          if (frac < d) v = v * 10 + (c - ZERO);
          else if (c !== ZERO) { this.reject('precision'); return; }
          frac++; digits++; i++;
        }
      }
      if (digits === 0 || digits > 15) { this.reject('syntax'); return; }
      if (i < end) { const c = line[i]!; if (c !== SPACE && c !== TAB && c !== COMMA && c !== SEMI) { this.reject('syntax'); return; } }
      for (let k = frac < d ? frac : d; k < d; k++) v *= 10;
      if (col < n) vals[col] = neg ? -v : v;
      col++;
    }
    if (col === 0 && end === 0) { this.counters.frames--; return; } // an empty line is no frame
    if (col !== n) { this.reject('columns'); return; }
    for (let c = 0; c < n; c++) {
      const raw = vals[c]! - this.offsets[c]!;
      if (raw < this.lo[c]! || raw > this.hi[c]!) { this.reject('range'); return; }
      vals[c] = raw;
    }
    const b = this.builder;
    if (b.header === null) b.begin(this.streamHeader);
    const slot = b.slot(this.seq, hostTimeMs);
    this.seq = (this.seq + 1) & 0xffff;
    for (let c = 0; c < n; c++) b.ch[c]![slot] = vals[c]!;
    b.commit();
  }

  private reject(reason: (typeof TEXT_REJECT_REASONS)[number]): void {
    this.counters.rejected[reason]!++;
    this.handlers.onReject?.(reason);
  }

  flush(): void { this.builder.flush(); }

  reset(): void {
    this.builder.reset();
    this.seq = 0;
    this.firstLine = true;
  }

  resetCounters(): void { zeroDeviceCounters(this.counters); }

  /**
   * Nothing is sent: a text stream has no commands, and any byte could mean something to a sketch. The link waits for
   * the first line that parses (an Arduino restarts when the port opens and takes ~2 s to print).
   */
  startSteps(): readonly HandshakeStep[] {
    return [{ send: new Uint8Array(0), awaitReply: 'stream', timeoutMs: 4000 }];
  }

  stopCommand(): Uint8Array { return new Uint8Array(0); }

  command(): Uint8Array | null { return null; }
}
