// The device-driver contract: bytes from a serial port in, the app's SampleBatch out, plus the device's commands.
//
// Every device the app can use (LL1, OpenBCI Cyton, BITalino, a text stream) is one DeviceDriver. The link, the
// recorder, the DSP and the UI only see what this file describes: a StreamHeader (rate + channel descriptions),
// SampleBatches on the sample clock, counters, and device events. Pure TypeScript: no Node, no DOM.
import type { ChannelKind, ChannelSpec, DeviceEvent, DeviceIdent, StreamHeader, WireUnit } from '../firmware-protocol/codec.ts';
import type { SampleBatch } from '../firmware-protocol/decoder.ts';

export type { ChannelKind, ChannelSpec, DeviceEvent, DeviceIdent, SampleBatch, StreamHeader, WireUnit };

/** The drivers the app has. `ll1` is the app's own line protocol (firmware-protocol/PROTOCOL.md). */
export const DRIVER_IDS = ['ll1', 'cyton', 'bitalino', 'text'] as const;
export type DriverId = (typeof DRIVER_IDS)[number];

/**
 * Serial Studio-style counters, mutated in place by the driver; read them at UI rate (the link copies them into the
 * status). All counts run from the last `resetCounters()` (a new connection) and never wrap (JS numbers, exact to
 * 2^53).
 */
export interface DeviceCounters {
  /** Bytes handed to the driver (for line drivers: bytes before splitting, counted by the link's splitter). */
  bytes: number;
  /** Frames seen, good and bad: lines for LL1 and text streams, packets for Cyton and BITalino. */
  frames: number;
  /** Samples delivered (per channel: one sample = one value on every channel). */
  samples: number;
  /** Batches emitted. */
  batches: number;
  /**
   * Samples the device sent but the app never got, from the device's own sequence numbers (wrap-around aware).
   * Always 0 for drivers whose `lossDetectable` is false (a text stream has no sequence).
   */
  lost: number;
  /** Bytes thrown away while looking for the start of the next frame (junk, a torn frame's remains). */
  skippedBytes: number;
  /**
   * Bad frames by reason (keys are the driver's {@link DriverDescription.rejectReasons}, every key present from the
   * start). A rejected frame delivers no sample; when the device numbers its samples, the gap it leaves is also
   * counted in `lost`.
   */
  rejected: Record<string, number>;
}

/** Fresh counters with every reason of the driver at 0. */
export function newDeviceCounters(reasons: readonly string[]): DeviceCounters {
  const rejected: Record<string, number> = {};
  for (const r of reasons) rejected[r] = 0;
  return { bytes: 0, frames: 0, samples: 0, batches: 0, lost: 0, skippedBytes: 0, rejected };
}

/** Zeroes counters in place (their object identity is kept: the UI and recorder may hold them). */
export function zeroDeviceCounters(c: DeviceCounters): void {
  c.bytes = c.frames = c.samples = c.batches = c.lost = c.skippedBytes = 0;
  for (const k of Object.keys(c.rejected)) c.rejected[k] = 0;
}

/** Sum of the bad frames of every reason. */
export function totalBadFrames(c: DeviceCounters): number {
  let n = 0;
  for (const k in c.rejected) n += c.rejected[k]!;
  return n;
}

/** Callbacks a driver makes while decoding. All run synchronously inside `push`/`pushLine`/`flush`. */
export interface DriverHandlers {
  /** A run of consecutive samples. The batch is owned by the driver and reused: copy what you keep. */
  onBatch?(batch: SampleBatch): void;
  /**
   * The stream description took effect (`changed`) or was repeated (LL1's periodic header, `changed` false).
   * Binary drivers announce their (configured) header when the first valid frame arrives: that is the moment the
   * link knows the device streams.
   */
  onHeader?(header: StreamHeader, changed: boolean, streamId: number): void;
  /** Who the device says it is (LL1 `@…` line, Cyton's `v` banner, BITalino's version text). */
  onIdent?(ident: DeviceIdent): void;
  /** A device event; `sampleIndex` is the sample-clock position of the next sample. */
  onEvent?(event: DeviceEvent, sampleIndex: number): void;
  /** A bad frame, by reason (also counted in `counters.rejected`). */
  onReject?(reason: string): void;
  /**
   * A command's text answer is complete (see {@link HandshakeStep.awaitReply}); `text` is its printable ASCII,
   * at most {@link MAX_REPLY_CHARS} characters.
   */
  onReply?(text: string): void;
}

/** Longest command answer a driver keeps (Cyton's `v` banner is ~150 bytes). Longer answers are cut. */
export const MAX_REPLY_CHARS = 1024;

/**
 * One step of starting a device. The link writes `send`, then waits for what `awaitReply` says, at most `timeoutMs`,
 * re-sending every `retryMs` when given (an Arduino that resets when the port opens misses the first request).
 * A step that times out fails the connection (the device is left stopped: the link sends the stop command).
 */
export interface HandshakeStep {
  /** Bytes written to the device (may be empty: only wait). */
  readonly send: Uint8Array;
  /**
   * `reply`: the driver saw the end of a text answer (e.g. Cyton's `$$$`, BITalino's `\n`): `onReply` fired.
   * `stream`: the first valid frame arrived (`onHeader`). `none`: go on after `timeoutMs` (a pause).
   */
  readonly awaitReply: 'reply' | 'stream' | 'none';
  readonly timeoutMs: number;
  readonly retryMs?: number;
  /** For `reply` steps: the answer is accepted only when it contains this text (e.g. `BITalino`). */
  readonly replyMustContain?: string;
}

/** Static facts about a driver, shown in the UI and used by the link. */
export interface DriverDescription {
  readonly id: DriverId;
  /** Product name, e.g. `OpenBCI Cyton` (not translated). */
  readonly name: string;
  /** Serial speed the device expects, in baud. */
  readonly baudRate: number;
  /**
   * Whether the wire format numbers its samples, so a missing sample is noticed and counted in `lost`. False for a
   * text stream: a line that never arrived cannot be told from one that was never sent (the UI says so).
   */
  readonly lossDetectable: boolean;
  /** Every key of `counters.rejected`, in display order. */
  readonly rejectReasons: readonly string[];
  /** Sample rates in Hz the device can be set to (empty: the rate is fixed by the device or by the user's setting). */
  readonly rates: readonly number[];
  /** Whether frames are bytes (`push`) or text lines the link splits with a bounded line splitter (`pushLine`). */
  readonly framing: 'bytes' | 'lines';
  /** For line framing: longest line kept in bytes (without `\n`); longer lines are cut and rejected. */
  readonly maxLineBytes?: number;
}

/**
 * A device driver: owns one device's bytes and commands and nothing else.
 *
 * Contract, for every driver:
 * - Decoding is pure (no Node, no DOM), allocates nothing per sample, and holds bounded memory whatever arrives.
 * - It resynchronises by itself after garbage, a lost byte or an extra byte, and counts what it threw away.
 * - `SampleBatch.channels[c][i]` is an integer with physical value = raw × header.channels[c].scale in the channel's
 *   unit; any offset the device needs (text columns, BITalino's mid-scale) is folded into the raw value by the
 *   driver, so no consumer needs to know which driver fed it.
 * - The sample clock (`firstSampleIndex`) counts every sample the device sent, lost ones included (`lostBefore`),
 *   so time = index / rateHz s from the stream start, never from arrival.
 * - Nothing is invented: a driver never fills in samples; gaps are reported as `lostBefore` and counted.
 */
export interface DeviceDriver {
  readonly description: DriverDescription;
  readonly counters: DeviceCounters;
  /** The stream description in force (rate + channels), or null before the device streams. */
  readonly header: StreamHeader | null;
  /** Increments each time a different header takes effect. */
  readonly streamId: number;
  /** Sample-clock index the next sample will get. */
  readonly sampleIndex: number;
  /** Bytes from the device: bytes [0, length) of `chunk` (reusable by the caller after return). Byte framing only. */
  push(chunk: Uint8Array, length: number, hostTimeMs: number): void;
  /** One line without its `\n` (a view, valid during the call). Line framing only. */
  pushLine(line: Uint8Array, length: number, hostTimeMs: number): void;
  /** Emits the batch collected so far (the link calls this at display rate). */
  flush(): void;
  /** Forgets stream and sequence state (a reconnect, maybe to other hardware); counters stay. */
  reset(): void;
  /** Zeroes the counters in place (a new connection). */
  resetCounters(): void;
  /** What to send, in order, to bring the device from unknown state to streaming. */
  startSteps(): readonly HandshakeStep[];
  /**
   * What the bytes that arrive from now on are, set by the link before each handshake step and to `stream` once the
   * device streams: `reply` (a command's text answer: collected, `onReply` on its end), `stream` (frames: decoded),
   * `idle` (left over from before a stop command: dropped uncounted). Line drivers may ignore it (LL1's replies are
   * lines of their own). Drivers start in `stream`.
   */
  setMode(mode: 'reply' | 'stream' | 'idle'): void;
  /** Bytes that stop the stream (also sent before closing, and after a failed handshake). Empty when there is none. */
  stopCommand(): Uint8Array;
  /** Bytes for a named host command (`zero`: pressure tare), or null when the device has no such command. */
  command(name: 'zero'): Uint8Array | null;
}

/** Bytes of an ASCII string (commands are ASCII). */
export function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0x7f;
  return out;
}
