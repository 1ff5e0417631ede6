// BITalino (r)evolution driver: fixed-length frames, 4-bit sequence + CRC4, resynchronised on CRC and sequence together.
import type { ChannelSpec, StreamHeader } from '../firmware-protocol/codec.ts';
import { BatchBuilder } from '../firmware-protocol/batch-builder.ts';
import {
  newDeviceCounters, zeroDeviceCounters,
  type DeviceCounters, type DeviceDriver, type DriverDescription, type DriverHandlers, type HandshakeStep,
} from './driver.ts';
import type { ChannelRole } from './cyton.ts';
import { ReplyCollector, sequenceGap } from './wire.ts';

/** Rates the device offers, in Hz, by rate code 0–3 (command `(code << 6) | 0x03`). */
export const BITALINO_RATES = [1, 10, 100, 1000] as const;
export type BitalinoRate = (typeof BITALINO_RATES)[number];

/**
 * Bad frames by reason: `crc` (CRC4 wrong: corrupt, skipped in place when the next frame proves the stream still
 * aligned), `sync` (alignment lost: a lost or extra byte; the decoder searched for the frame start again).
 */
export const BITALINO_REJECT_REASONS = ['crc', 'sync'] as const;

export const BITALINO_DESCRIPTION: DriverDescription = {
  id: 'bitalino',
  name: 'BITalino (r)evolution',
  baudRate: 115200,
  lossDetectable: true,
  rejectReasons: BITALINO_REJECT_REASONS,
  rates: BITALINO_RATES,
  framing: 'bytes',
};

/** One analog input: A1–A6 (`input` 1–6) and its role; A5 and A6 are 6-bit, A1–A4 10-bit. */
export interface BitalinoChannelSetting {
  readonly input: 1 | 2 | 3 | 4 | 5 | 6;
  readonly role: ChannelRole;
  readonly name?: string;
}

export interface BitalinoSettings {
  readonly rateHz: BitalinoRate;
  /** Inputs to acquire, any order (frames carry them in input order); unused ones are not acquired. */
  readonly channels: readonly BitalinoChannelSetting[];
}

/** Default: the EMG sensor on A1 (pelvic floor) and A2 (abdominal) at 1000 Hz. */
export const BITALINO_DEFAULTS: BitalinoSettings = {
  rateHz: 1000,
  channels: [{ input: 1, role: 'pelvic-floor' }, { input: 2, role: 'abdominal' }],
};

/** Frame bytes for `n` acquired inputs (BITalino API: ⌈(12 + 10n)/8⌉ up to 4 inputs, ⌈(52 + 6(n − 4))/8⌉ above). */
export function bitalinoFrameBytes(n: number): number {
  return n <= 4 ? Math.ceil((12 + 10 * n) / 8) : Math.ceil((52 + 6 * (n - 4)) / 8);
}

/**
 * CRC4 of a frame as the device computes it: over every byte, MSB first, with the last byte's low nibble (the CRC
 * itself) taken as 0; polynomial x⁴ + x + 1 (x <<= 1; if x & 0x10: x ^= 3; x ^= bit).
 */
export function bitalinoCrc4(frame: Uint8Array, at: number, len: number): number {
  let x = 0;
  const last = at + len - 1;
  for (let i = at; i < last; i++) x = CRC_STEP[(x << 8) | frame[i]!]!;
  return CRC_STEP[(x << 8) | (frame[last]! & 0xf0)]!;
}

/** CRC_STEP[(crc << 8) | byte]: the CRC4 after shifting in one byte MSB first (16 × 256 entries, built once). */
const CRC_STEP = (() => {
  const t = new Uint8Array(16 * 256);
  for (let crc = 0; crc < 16; crc++) {
    for (let byte = 0; byte < 256; byte++) {
      let x = crc;
      for (let bit = 7; bit >= 0; bit--) {
        x <<= 1;
        if (x & 0x10) x ^= 0x03;
        x ^= (byte >> bit) & 1;
      }
      t[(crc << 8) | byte] = x & 0x0f;
    }
  }
  return t;
})();

/** EMG sensor transfer function, µV per ADC step: 3.3 V / 1009 (gain) / 2^bits × 10^6. */
export function bitalinoEmgScale(bits: 10 | 6): number {
  return (3.3 / 1009 / 2 ** bits) * 1e6;
}

function inputsOf(s: BitalinoSettings): BitalinoChannelSetting[] {
  const seen = new Set<number>();
  return [...s.channels].filter((c) => c.input >= 1 && c.input <= 6 && !seen.has(c.input) && (seen.add(c.input), true)).sort((a, b) => a.input - b.input);
}

const LABEL_RE = /^[A-Za-z0-9_.-]{1,16}$/;

/**
 * The stream a BITalino sends for these settings. Raw values are ADC − mid-scale (512 for 10-bit, 32 for 6-bit
 * positions), so µV = raw × scale = (ADC/2^bits − 0.5) × 3.3/1009 × 10^6, the EMG sensor's transfer function.
 */
export function bitalinoHeader(s: BitalinoSettings = BITALINO_DEFAULTS): StreamHeader {
  const inputs = inputsOf(s);
  const channels: ChannelSpec[] = inputs.map((c, pos) => {
    const bits = pos >= 4 ? 6 : 10;
    const mid = bits === 10 ? 512 : 32;
    const fallback = c.role === 'pelvic-floor' ? 'PF' : c.role === 'abdominal' ? 'ABD' : `A${c.input}`;
    const label = c.name && LABEL_RE.test(c.name) ? c.name : fallback;
    return { label, kind: 'emg', unit: 'uV', scale: bitalinoEmgScale(bits), rawMin: -mid, rawMax: mid - 1 };
  });
  const seen = new Set<string>();
  const unique = channels.map((c, i) => {
    const label = seen.has(c.label) ? `A${inputs[i]!.input}` : c.label;
    seen.add(label);
    return label === c.label ? c : { ...c, label };
  });
  return { rateHz: s.rateHz, channels: unique };
}

/** Frames checked in a row (CRC right, sequence consecutive) before the decoder trusts an alignment after a loss. */
const LOCK_FRAMES = 4;
/**
 * Frames at the start of such a run that are not delivered. A window straddling a frame damaged by a lost or extra
 * byte can end on that frame's genuine sequence byte, so only its 4-bit CRC speaks for it; two such windows can
 * precede the first clean one (seen with 3-byte frames). Their samples are counted lost by the sequence gap.
 */
const DISTRUST_FRAMES = 2;
/** Window of unprocessed bytes, in frames: decisions need at most LOCK_FRAMES; more amortises the compaction. */
const WINDOW_FRAMES = 64;

/**
 * BITalino frames from a byte stream.
 *
 * A frame has no start byte: its last byte holds a 4-bit sequence number (high nibble) and a CRC4 (low nibble). CRC4
 * alone passes one window in 16, so:
 * - locked, a frame is taken when it and the frame after it have right CRCs and continue the sequence;
 * - otherwise the frames after it decide (a sequence jump must be confirmed by two good frames in step after it): a bad-CRC frame followed by a good frame with the sequence after it was a
 *   corrupt frame in an aligned stream (skipped, its sample counted lost); a good-CRC frame with a sequence jump
 *   followed by its successor is a real loss (the jump is counted); anything else means alignment is lost;
 * - unlocked, the decoder looks for an offset where LOCK_FRAMES frames in a row have right CRCs and consecutive
 *   sequences (a false lock needs 1 in 16^7 luck per offset); the first two frames of that run are not delivered (a
 *   window straddling a damaged frame can end on its genuine sequence byte, so only the CRC speaks for it) and are
 *   counted lost.
 * Memory: one window of WINDOW_FRAMES frames. Each frame is confirmed by its successor before it is delivered, so the
 * newest frame waits for the next one (1 ms at 1000 Hz).
 */
export class BitalinoDriver implements DeviceDriver {
  readonly description = BITALINO_DESCRIPTION;
  readonly counters: DeviceCounters = newDeviceCounters(BITALINO_REJECT_REASONS);
  private readonly builder: BatchBuilder;
  private readonly streamHeader: StreamHeader;
  private readonly n: number;
  private readonly len: number;
  private readonly mask: number;
  private readonly rateCode: number;
  /** Unprocessed bytes (at most LOCK_FRAMES frames: decisions never need more). */
  private readonly win: Uint8Array;
  private have = 0;
  private locked = false;
  /** No byte skipped since the stream (re)started: the first run's first frame needs no extra caution. */
  private pristine = true;
  private lastSeq = -1;
  /** Estimated send time of the last frame taken, ms (host clock; see `accept`). */
  private lastHostMs = 0;
  /** Bytes of the current read not yet copied into the window. */
  private chunkLeft = 0;
  /** Bytes consumed without a frame delivered since the last delivered frame (resync, rejected frames). */
  private bytesSince = 0;
  private mode: 'reply' | 'stream' | 'idle' = 'stream';
  private readonly reply = new ReplyCollector('\n');

  constructor(private readonly handlers: DriverHandlers, settings: BitalinoSettings = BITALINO_DEFAULTS, maxBatchSamples = 4096, streamIdBase = 0) {
    this.builder = new BatchBuilder(handlers, this.counters, maxBatchSamples, streamIdBase);
    this.streamHeader = bitalinoHeader(settings);
    const inputs = inputsOf(settings);
    this.n = inputs.length;
    if (this.n === 0) throw new RangeError('BITalino: choose at least one input');
    this.len = bitalinoFrameBytes(this.n);
    this.mask = inputs.reduce((m, c) => m | (1 << (c.input - 1)), 0);
    this.rateCode = Math.max(0, BITALINO_RATES.indexOf(settings.rateHz));
    this.win = new Uint8Array(this.len * WINDOW_FRAMES);
  }

  get header(): StreamHeader | null { return this.builder.header; }
  get streamId(): number { return this.builder.streamId; }
  get sampleIndex(): number { return this.builder.sampleIndex; }
  /** Frame length in bytes for the chosen inputs. */
  get frameBytes(): number { return this.len; }

  setMode(mode: 'reply' | 'stream' | 'idle'): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.reply.clear();
    if (mode === 'stream') { this.have = 0; this.locked = false; this.pristine = true; }
  }

  pushLine(): void { throw new Error('the BITalino driver takes bytes (push)'); }

  push(chunk: Uint8Array, length: number, hostTimeMs: number): void {
    this.counters.bytes += length;
    if (this.mode === 'reply') { this.reply.feed(chunk, 0, length, (t) => this.onReplyText(t)); return; }
    if (this.mode === 'idle') return;
    const win = this.win;
    let i = 0;
    while (i < length) {
      const end = Math.min(i + win.length - this.have, length);
      let h = this.have;
      while (i < end) win[h++] = chunk[i++]!;
      this.have = h;
      this.chunkLeft = length - i;
      this.drain(hostTimeMs);
    }
  }

  private crcOk(at: number): boolean {
    const L = this.len;
    return (this.win[at + L - 1]! & 0x0f) === bitalinoCrc4(this.win, at, L);
  }

  private seqAt(at: number): number { return this.win[at + this.len - 1]! >> 4; }

  /** Decides about the frames in the window as far as its contents allow; keeps the undecided rest. */
  private drain(hostTimeMs: number): void {
    const L = this.len;
    let p = 0;
    for (;;) {
      const avail = this.have - p;
      if (this.locked) {
        // Every frame is confirmed by the one after it (a misaligned window passes CRC and sequence 1 time in 256;
        // two in a row, 1 in 65536), so the newest frame waits for its successor.
        if (avail < 2 * L) break;
        const okF = this.crcOk(p);
        const okG = this.crcOk(p + L);
        const seqF = this.seqAt(p);
        const seqG = this.seqAt(p + L);
        const expect = (this.lastSeq + 1) & 15;
        // In step and confirmed by the next frame (junk passes this 1 time in 65536).
        if (okF && okG && seqF === expect && seqG === ((expect + 1) & 15)) { this.accept(this.win, p, hostTimeMs); p += L; continue; }
        // Corrupt in place: the next frame carries the sequence after it. Skipped, alignment kept, counted lost.
        if (!okF && okG && seqG === ((expect + 1) & 15)) { this.reject('crc'); this.bytesSince += L; p += L; continue; }
        // The rest needs a third frame H: a jump at F (F, G, H consecutive), a jump at G (G, H consecutive), or a
        // corrupt G with H two after F.
        if (avail < 3 * L) { if (okF) break; } else if (okF) {
          const okH = this.crcOk(p + 2 * L);
          const seqH = this.seqAt(p + 2 * L);
          if (okH && ((okG && seqG === ((seqF + 1) & 15) && seqH === ((seqF + 2) & 15))
            || (okG && seqF === expect && seqH === ((seqG + 1) & 15))
            || (!okG && seqF === expect && seqH === ((expect + 2) & 15)))) {
            this.accept(this.win, p, hostTimeMs); // sequenceGap counts any jump
            p += L;
            continue;
          }
        }
        // Alignment lost (a lost or extra byte): the frame is not trusted; search again from the next byte.
        this.reject('sync');
        this.locked = false;
        this.pristine = false;
        this.counters.skippedBytes++;
        this.bytesSince++;
        p += 1;
        continue;
      }
      // Unlocked: need LOCK_FRAMES frames at p.
      if (avail < LOCK_FRAMES * L) break;
      let good = this.crcOk(p);
      for (let k = 1; good && k < LOCK_FRAMES; k++) {
        good = this.crcOk(p + k * L) && this.seqAt(p + k * L) === ((this.seqAt(p + (k - 1) * L) + 1) & 15);
      }
      if (good) {
        // Aligned again; the first DISTRUST_FRAMES frames of the run are not delivered (see there).
        this.locked = true;
        if (this.pristine) { this.accept(this.win, p, hostTimeMs); p += L; continue; } // nothing damaged before it
        this.counters.skippedBytes += DISTRUST_FRAMES * L;
        this.bytesSince += DISTRUST_FRAMES * L;
        p += DISTRUST_FRAMES * L;
        continue;
      }
      this.pristine = false;
      this.counters.skippedBytes++;
      this.bytesSince++;
      p += 1;
    }
    if (p > 0) {
      this.win.copyWithin(0, p, this.have);
      this.have -= p;
    }
  }

  private reject(reason: (typeof BITALINO_REJECT_REASONS)[number]): void {
    this.counters.frames++;
    this.counters.rejected[reason]!++;
    this.handlers.onReject?.(reason);
  }

  private accept(src: Uint8Array, at: number, hostTimeMs: number): void {
    const b = this.builder;
    if (b.header === null) b.begin(this.streamHeader);
    this.counters.frames++;
    const L = this.len;
    const e = at + L; // index one past the frame: the API's decodedData[-k] is src[e - k]
    const seq = src[e - 1]! >> 4;
    // When the device sent it, about: the read arrived at hostTimeMs, and the frames read after it took their time (a
    // reader that stalled gets a burst of contiguous frames: their send times, not the burst's, show no dropout).
    const after = src === this.win ? this.have - at - L + this.chunkLeft : 0;
    const sentMs = hostTimeMs - (after / L) * (1000 / this.streamHeader.rateHz);
    if (this.lastSeq >= 0) b.lose(sequenceGap(this.lastSeq, seq, 16, sentMs - this.lastHostMs, this.streamHeader.rateHz, 150, Math.floor(this.bytesSince / L)));
    this.bytesSince = 0;
    this.lastSeq = seq;
    this.lastHostMs = sentMs;
    const slot = b.slot(seq, hostTimeMs);
    const ch = b.ch;
    const n = this.n;
    // Positions as in the BITalino API's read(); raw = ADC − mid-scale.
    ch[0]![slot] = (((src[e - 2]! & 0x0f) << 6) | (src[e - 3]! >> 2)) - 512;
    if (n > 1) ch[1]![slot] = (((src[e - 3]! & 0x03) << 8) | src[e - 4]!) - 512;
    if (n > 2) ch[2]![slot] = ((src[e - 5]! << 2) | (src[e - 6]! >> 6)) - 512;
    if (n > 3) ch[3]![slot] = (((src[e - 6]! & 0x3f) << 4) | (src[e - 7]! >> 4)) - 512;
    if (n > 4) ch[4]![slot] = (((src[e - 7]! & 0x0f) << 2) | (src[e - 8]! >> 6)) - 32;
    if (n > 5) ch[5]![slot] = (src[e - 8]! & 0x3f) - 32;
    b.commit();
  }

  private onReplyText(text: string): void {
    const m = /BITalino[_ ]?v?([0-9][0-9.]*)/i.exec(text);
    if (m) this.handlers.onIdent?.({ vendor: 'PLUX', model: 'BITalino', serial: '-', firmware: m[1]! });
    this.handlers.onReply?.(text.trim());
  }

  flush(): void { this.builder.flush(); }

  reset(): void {
    this.builder.reset();
    this.have = 0;
    this.locked = false;
    this.pristine = true;
    this.lastSeq = -1;
    this.bytesSince = 0;
    this.reply.clear();
  }

  resetCounters(): void { zeroDeviceCounters(this.counters); }

  /**
   * `0x00` stop (a device left streaming goes idle; an idle one takes it as "battery warning threshold 0", a
   * setting that only lights the low-battery LED later), `0x07` version (answer ends `\n`, must contain `BITalino`),
   * the rate `(code << 6) | 0x03`, then start live `(mask << 2) | 0x01`.
   */
  startSteps(): readonly HandshakeStep[] {
    return [
      { send: Uint8Array.of(0x00), awaitReply: 'none', timeoutMs: 100 },
      { send: Uint8Array.of(0x07), awaitReply: 'reply', timeoutMs: 2000, retryMs: 500, replyMustContain: 'BITalino' },
      { send: Uint8Array.of((this.rateCode << 6) | 0x03), awaitReply: 'none', timeoutMs: 50 },
      { send: Uint8Array.of(((this.mask << 2) | 0x01) & 0xff), awaitReply: 'stream', timeoutMs: 2000 },
    ];
  }

  stopCommand(): Uint8Array { return Uint8Array.of(0x00); }

  command(): Uint8Array | null { return null; }
}
