// OpenBCI Cyton driver: 33-byte packets (0xA0 … stop byte 0xC0–0xC6), 8 × 24-bit channels at 250 Hz, resync by framing.
import type { ChannelSpec, StreamHeader } from '../firmware-protocol/codec.ts';
import { BatchBuilder } from '../firmware-protocol/batch-builder.ts';
import {
  ascii, newDeviceCounters, zeroDeviceCounters,
  type DeviceCounters, type DeviceDriver, type DriverDescription, type DriverHandlers, type HandshakeStep,
} from './driver.ts';
import { ReplyCollector, sequenceGap } from './wire.ts';

export const CYTON_PACKET_BYTES = 33;
export const CYTON_HEADER = 0xa0;
export const CYTON_CHANNELS = 8;
export const CYTON_RATE_HZ = 250;
/** ADS1299 gain after `d` (channel defaults). */
export const CYTON_GAIN = 24;
/** µV per count: 4.5 V reference / gain / (2^23 − 1) × 10^6 (OpenBCI Cyton data format). */
export const CYTON_UV_PER_COUNT = (4.5 / CYTON_GAIN / (2 ** 23 - 1)) * 1e6;

/**
 * Bad packets by reason: `stop-byte` (a 0xA0 was not followed 32 bytes later by 0xC0–0xC6: a torn packet or a 0xA0
 * in junk), `unconfirmed` (a packet found while resynchronising whose next byte was not 0xA0: not trusted).
 */
export const CYTON_REJECT_REASONS = ['stop-byte', 'unconfirmed'] as const;

export const CYTON_DESCRIPTION: DriverDescription = {
  id: 'cyton',
  name: 'OpenBCI Cyton',
  baudRate: 115200,
  lossDetectable: true,
  rejectReasons: CYTON_REJECT_REASONS,
  rates: [CYTON_RATE_HZ],
  framing: 'bytes',
};

/** What a Cyton input is used for (names its channel: PF, ABD, CHn); every input is recorded and shown whatever its role. */
export type ChannelRole = 'pelvic-floor' | 'abdominal' | 'unused';

export interface CytonChannelSetting {
  readonly role: ChannelRole;
  /** Label in the live view and the file (1–16 of A–Z a–z 0–9 _ . -); default from the role and input number. */
  readonly name?: string;
}

/** Default roles: input 1 pelvic floor, input 2 abdominal, the rest unused (recorded all the same). */
export const CYTON_DEFAULT_CHANNELS: readonly CytonChannelSetting[] = [
  { role: 'pelvic-floor' }, { role: 'abdominal' }, ...Array.from({ length: 6 }, () => ({ role: 'unused' as const })),
];

const LABEL_RE = /^[A-Za-z0-9_.-]{1,16}$/;

/** The channel label a setting gives input `i` (0-based). */
export function roleLabel(s: CytonChannelSetting | undefined, i: number): string {
  if (s?.name && LABEL_RE.test(s.name)) return s.name;
  if (s?.role === 'pelvic-floor') return i === 0 ? 'PF' : `PF${i + 1}`;
  if (s?.role === 'abdominal') return i === 1 ? 'ABD' : `ABD${i + 1}`;
  return `CH${i + 1}`;
}

/** The stream a Cyton sends after `d`: 8 EMG channels in µV, 24-bit raw counts, 250 Hz. */
export function cytonHeader(settings: readonly CytonChannelSetting[] = CYTON_DEFAULT_CHANNELS): StreamHeader {
  const channels: ChannelSpec[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < CYTON_CHANNELS; i++) {
    let label = roleLabel(settings[i], i);
    if (seen.has(label)) label = `CH${i + 1}`;
    seen.add(label);
    channels.push({ label, kind: 'emg', unit: 'uV', scale: CYTON_UV_PER_COUNT, rawMin: -8388608, rawMax: 8388607 });
  }
  return { rateHz: CYTON_RATE_HZ, channels };
}

/** Largest counter step after which a packet followed by a 0xA0 is taken without waiting for its successor. */
const MAX_QUICK_GAP = 3;
/** Bytes a held-back packet waits for its successor (junk of up to ~60 bytes between the two). */
const HOLD_BYTES = 2 * CYTON_PACKET_BYTES + 64;

/** Cyton stop bytes 0xC0–0xC6 (the low nibble says what the aux bytes hold). */
function isStop(b: number): boolean { return b >= 0xc0 && b <= 0xc6; }

/**
 * Cyton packets from a byte stream.
 *
 * Framing: a packet is `0xA0`, the sample counter (0–255), 8 × 3 bytes big-endian two's complement, 6 aux bytes, a
 * stop byte 0xC0–0xC6. While locked (packets back to back), a packet is accepted at once when its stop byte is right
 * and its counter is the next one. Anything else (a wrong stop byte, a byte between packets, a counter jump, the
 * start) unlocks the decoder. Then a packet is taken when the byte after it is the next 0xA0 and its counter is at
 * most 3 past the last one, or when the next packet with a right stop byte carries the counter after it; junk that
 * happens to hold 0xA0 … 0xC0 32 bytes apart (7 in 256 per 0xA0 in junk) is refused unless one of those also holds
 * by chance (about 1 in 16000 or 1 in 256 × 256). A counter jump is counted as lost samples (the clock moves
 * on), a bad packet is dropped (its sample shows up as a counter jump), and decoding resumes at the next 0xA0 inside what was read, so a lost or extra byte
 * costs one packet.
 */
export class CytonDriver implements DeviceDriver {
  readonly description = CYTON_DESCRIPTION;
  readonly counters: DeviceCounters = newDeviceCounters(CYTON_REJECT_REASONS);
  private readonly builder: BatchBuilder;
  private readonly streamHeader: StreamHeader;
  /** Packet being assembled (33 bytes, plus the byte after it while unlocked). */
  private readonly pkt = new Uint8Array(CYTON_PACKET_BYTES + 1);
  private have = 0;
  private locked = false;
  private lastCounter = -1;
  /** Estimated send time of the last packet taken, ms (host clock; see `accept`). */
  private lastHostMs = 0;
  /** Bytes read after the packet being taken (in this read): they say how long ago it was sent. */
  private afterBytes = 0;
  /** `counters.skippedBytes` when the last packet was taken (bytes skipped since bound a long gap from below). */
  private skippedAtAccept = 0;
  private mode: 'reply' | 'stream' | 'idle' = 'stream';
  private readonly reply = new ReplyCollector('$$$');
  /** A packet found while unlocked and followed by junk: accepted if its successor turns up (see `candidate`). */
  private readonly held = new Uint8Array(CYTON_PACKET_BYTES);
  private heldValid = false;
  private heldAge = 0;

  constructor(private readonly handlers: DriverHandlers, settings: readonly CytonChannelSetting[] = CYTON_DEFAULT_CHANNELS, maxBatchSamples = 4096, streamIdBase = 0) {
    this.builder = new BatchBuilder(handlers, this.counters, maxBatchSamples, streamIdBase);
    this.streamHeader = cytonHeader(settings);
  }

  get header(): StreamHeader | null { return this.builder.header; }
  get streamId(): number { return this.builder.streamId; }
  get sampleIndex(): number { return this.builder.sampleIndex; }

  setMode(mode: 'reply' | 'stream' | 'idle'): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.reply.clear();
    if (mode === 'stream') { this.have = 0; this.locked = false; this.heldValid = false; }
  }

  pushLine(): void { throw new Error('the Cyton driver takes bytes (push)'); }

  push(chunk: Uint8Array, length: number, hostTimeMs: number): void {
    this.counters.bytes += length;
    if (this.mode === 'reply') { this.reply.feed(chunk, 0, length, (t) => this.onReplyText(t)); return; }
    if (this.mode === 'idle') return;
    const pkt = this.pkt;
    let i = 0;
    while (i < length) {
      // Fast path: locked, between packets, a whole packet in the chunk: decode in place.
      if (this.have === 0 && this.locked && i + CYTON_PACKET_BYTES <= length && chunk[i] === CYTON_HEADER) {
        if (isStop(chunk[i + 32]!) && chunk[i + 1] === ((this.lastCounter + 1) & 0xff)) {
          this.afterBytes = length - i - CYTON_PACKET_BYTES;
          this.accept(chunk, i, hostTimeMs);
          i += CYTON_PACKET_BYTES;
          continue;
        }
      }
      const b = chunk[i++]!;
      this.afterBytes = length - i;
      if (this.have === 0) {
        if (b !== CYTON_HEADER) { this.counters.skippedBytes++; this.locked = false; continue; }
        pkt[0] = b;
        this.have = 1;
        continue;
      }
      pkt[this.have++] = b;
      if (this.have === CYTON_PACKET_BYTES) {
        if (!isStop(pkt[32]!)) { this.bad('stop-byte'); continue; }
        if (this.locked && pkt[1] === ((this.lastCounter + 1) & 0xff)) { this.accept(pkt, 0, hostTimeMs); this.have = 0; }
        else { this.locked = false; this.candidate(hostTimeMs); } // a counter jump, or after junk: confirm first
      } else if (this.have === CYTON_PACKET_BYTES + 1) this.confirm(hostTimeMs);
      if (this.heldValid && ++this.heldAge > HOLD_BYTES) this.dropHeld();
    }
  }

  /**
   * Unlocked, pkt[0..33) has a right stop byte. Taken with the packet held back before it when it is that packet's
   * successor (counter + 1); otherwise it waits for the byte after it (see `confirm`).
   */
  private candidate(hostTimeMs: number): void {
    const pkt = this.pkt;
    if (this.heldValid && pkt[1] === ((this.held[1]! + 1) & 0xff)) {
      this.heldValid = false;
      const after = this.afterBytes;
      this.afterBytes = after + CYTON_PACKET_BYTES; // the held packet came one packet earlier
      this.accept(this.held, 0, hostTimeMs);
      this.afterBytes = after;
      this.accept(pkt, 0, hostTimeMs);
      this.locked = true;
      this.have = 0;
    }
  }

  /**
   * Unlocked, pkt[0..33) has a right stop byte and pkt[33] is the byte after it. Taken at once when that byte starts
   * the next packet and the counter is at most MAX_QUICK_GAP after the last one taken; otherwise held back until its
   * successor shows up (at most one packet is held; the search goes on inside its bytes, in case they were junk).
   */
  private confirm(hostTimeMs: number): void {
    const pkt = this.pkt;
    if (pkt[33] === CYTON_HEADER && this.lastCounter >= 0 && ((pkt[1]! - this.lastCounter - 1) & 0xff) <= MAX_QUICK_GAP) {
      if (this.heldValid) this.dropHeld();
      this.accept(pkt, 0, hostTimeMs);
      this.locked = true;
      pkt[0] = CYTON_HEADER;
      this.have = 1;
      return;
    }
    if (this.heldValid) this.dropHeld();
    this.held.set(pkt.subarray(0, CYTON_PACKET_BYTES));
    this.heldValid = true;
    this.heldAge = 0;
    this.shift(false);
  }

  private dropHeld(): void {
    this.heldValid = false;
    this.counters.frames++;
    this.counters.rejected['unconfirmed']!++;
    this.counters.skippedBytes += CYTON_PACKET_BYTES;
    this.handlers.onReject?.('unconfirmed');
  }

  /** Drops the packet start at pkt[0] and resumes at the next 0xA0 inside what was read. */
  private bad(reason: (typeof CYTON_REJECT_REASONS)[number]): void {
    this.counters.frames++;
    this.counters.rejected[reason]!++;
    this.handlers.onReject?.(reason);
    this.shift(true);
  }

  private shift(countSkipped: boolean): void {
    this.locked = false;
    const pkt = this.pkt;
    const n = this.have;
    let k = 1;
    while (k < n && pkt[k] !== CYTON_HEADER) k++;
    if (countSkipped) this.counters.skippedBytes += k;
    for (let j = k; j < n; j++) pkt[j - k] = pkt[j]!;
    this.have = n - k;
    // The shifted bytes may already hold a whole candidate (never more: at least one byte went).
    if (this.have === CYTON_PACKET_BYTES && !isStop(pkt[32]!)) this.bad('stop-byte');
  }

  private accept(src: Uint8Array, at: number, hostTimeMs: number): void {
    const b = this.builder;
    // When the device sent it, about: the read arrived at hostTimeMs, and the packets read after it took their time.
    const sentMs = hostTimeMs - (this.afterBytes / CYTON_PACKET_BYTES) * (1000 / CYTON_RATE_HZ);
    if (b.header === null) b.begin(this.streamHeader);
    this.counters.frames++;
    const counter = src[at + 1]!;
    if (this.lastCounter >= 0) {
      const framesSkipped = Math.floor((this.counters.skippedBytes - this.skippedAtAccept) / CYTON_PACKET_BYTES);
      b.lose(sequenceGap(this.lastCounter, counter, 256, sentMs - this.lastHostMs, CYTON_RATE_HZ, 150, framesSkipped));
    }
    this.lastCounter = counter;
    this.lastHostMs = sentMs;
    this.skippedAtAccept = this.counters.skippedBytes;
    const slot = b.slot(counter, hostTimeMs);
    const ch = b.ch;
    let p = at + 2;
    for (let c = 0; c < CYTON_CHANNELS; c++, p += 3) {
      ch[c]![slot] = (((src[p]! << 16) | (src[p + 1]! << 8) | src[p + 2]!) << 8) >> 8;
    }
    b.commit();
  }

  private onReplyText(text: string): void {
    const fw = /Firmware:\s*(v[0-9.]+)/i.exec(text);
    if (/OpenBCI/i.test(text)) this.handlers.onIdent?.({ vendor: 'OpenBCI', model: 'Cyton', serial: '-', firmware: fw?.[1] ?? '-' });
    this.handlers.onReply?.(text);
  }

  flush(): void { this.builder.flush(); }

  reset(): void {
    this.builder.reset();
    this.have = 0;
    this.locked = false;
    this.heldValid = false;
    this.lastCounter = -1;
    this.reply.clear();
  }

  resetCounters(): void { zeroDeviceCounters(this.counters); }

  /**
   * `s` stop (a board left streaming goes quiet), `v` soft reset (answer ends `$$$`, names the firmware), `d`
   * channel defaults (gain 24, answer ends `$$$`), `b` start streaming. Only these four Cyton commands are sent.
   */
  startSteps(): readonly HandshakeStep[] {
    return [
      { send: ascii('s'), awaitReply: 'none', timeoutMs: 100 },
      { send: ascii('v'), awaitReply: 'reply', timeoutMs: 3000, replyMustContain: 'OpenBCI' },
      { send: ascii('d'), awaitReply: 'reply', timeoutMs: 2000 },
      { send: ascii('b'), awaitReply: 'stream', timeoutMs: 2000, retryMs: 700 },
    ];
  }

  stopCommand(): Uint8Array { return ascii('s'); }

  command(): Uint8Array | null { return null; }
}
