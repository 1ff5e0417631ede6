// Device emulators (Cyton, BITalino, text stream): predictable values, their commands, and faults injected on request.
//
// Pure models: bytes in (host commands), bytes out (answers and frames). core/sim/device-emulator-cli.ts puts one on a
// serial device path (a socat pty); tests and the bench drive them directly. Every sample value is a function of its
// device sample number, so a test can check that each intact sample arrived with exactly its value.
import { ascii } from './driver.ts';
import { bitalinoCrc4, bitalinoFrameBytes, BITALINO_RATES } from './bitalino.ts';
import { CYTON_HEADER, CYTON_PACKET_BYTES, CYTON_RATE_HZ } from './cyton.ts';

/**
 * Faults, each at the device samples i with i % every === phase (`every` 0 or absent: never). Faults that would hit
 * the same sample are applied in this order and only the first counts: drop, corrupt, stray, lostByte; junk (after
 * the sample) and garbage lines (before it) never spoil the sample itself.
 */
export interface FaultPlan {
  /** The frame is never sent. */
  readonly drop?: FaultAt;
  /** The frame is sent damaged in a way the format can tell (Cyton: stop byte; BITalino: a data bit; text: a letter). */
  readonly corrupt?: FaultAt;
  /** One extra byte inside the frame (binary) or an extra letter in the line (text). */
  readonly stray?: FaultAt;
  /** One byte of the frame is missing (binary only: a text line with a missing digit is still a number). */
  readonly lostByte?: FaultAt;
  /** Junk bytes between this frame and the next (binary), or a garbage line before this one (text). */
  readonly junk?: FaultAt;
}
export interface FaultAt { readonly every: number; readonly phase?: number }

type Fault = 'drop' | 'corrupt' | 'stray' | 'lostByte' | null;

function hits(f: FaultAt | undefined, i: number): boolean {
  return !!f && f.every > 0 && i % f.every === (f.phase ?? 0) % f.every;
}

/** The fault that spoils sample `i` under `plan`, or null when it is sent intact. */
export function faultAt(plan: FaultPlan, i: number, binary: boolean): Fault {
  if (hits(plan.drop, i)) return 'drop';
  if (hits(plan.corrupt, i)) return 'corrupt';
  if (hits(plan.stray, i)) return 'stray';
  if (binary && hits(plan.lostByte, i)) return 'lostByte';
  return null;
}

/** Deterministic junk: bytes of a 32-bit LCG. */
class Lcg {
  constructor(private s: number) {}
  next(): number { this.s = (Math.imul(this.s, 1664525) + 1013904223) >>> 0; return this.s >>> 24; }
}

/** What every emulator offers. */
export interface DeviceEmulator {
  /** Host bytes in; answer bytes out (or null). */
  receive(bytes: Uint8Array): Uint8Array | null;
  /** Frames due by `nowMs` (performance clock), faults applied; null when nothing is due. */
  advance(nowMs: number): Uint8Array | null;
  /** Frames for device samples up to `n` (exclusive) at once, ignoring the clock (tests, the bench). */
  produce(n: number): Uint8Array | null;
  /** Every byte the host sent, in order (tests check that probes send only what they document). */
  readonly received: number[];
  readonly streaming: boolean;
  /** Device samples produced so far (sent or faulted). */
  readonly produced: number;
}

/** Growable byte output reused between calls. */
class Out {
  buf = new Uint8Array(4096);
  n = 0;
  push(b: number): void {
    if (this.n === this.buf.length) { const g = new Uint8Array(this.buf.length * 2); g.set(this.buf); this.buf = g; }
    this.buf[this.n++] = b;
  }
  take(): Uint8Array | null {
    if (this.n === 0) return null;
    const r = this.buf.slice(0, this.n);
    this.n = 0;
    return r;
  }
}

/** Most samples one `advance` produces (a stalled timer does not make a flood). */
const MAX_BURST = 2000;

abstract class Clocked {
  readonly received: number[] = [];
  streaming = false;
  produced = 0;
  protected t0 = 0;
  protected sent = 0;
  protected readonly out = new Out();
  protected readonly junk = new Lcg(12345);

  constructor(protected rateHz: number, protected readonly plan: FaultPlan) {}

  protected startClock(nowMs: number): void { this.t0 = nowMs; this.sent = 0; this.streaming = true; }

  advance(nowMs: number): Uint8Array | null {
    if (this.streaming) {
      const due = Math.floor(((nowMs - this.t0) * this.rateHz) / 1000);
      const upto = Math.min(due, this.sent + MAX_BURST);
      for (; this.sent < upto; this.sent++) this.frame(this.produced++);
      if (due > upto) this.sent = due; // the burst cap: those samples are skipped on the device clock, like an overrun
    }
    return this.out.take();
  }

  produce(n: number): Uint8Array | null {
    while (this.produced < n) this.frame(this.produced++);
    return this.out.take();
  }

  protected abstract frame(i: number): void;
}

// ---------------------------------------------------------------------------------------------------------------
// OpenBCI Cyton

/** Raw 24-bit count of Cyton input `c` (0–7) at device sample `i`: spread over the whole signed range. */
export function cytonValue(i: number, c: number): number {
  return ((((Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca6b)) >>> 8) & 0xffffff) << 8) >> 8;
}

/** One Cyton packet: 0xA0, counter, 8 × 24-bit BE, 6 aux bytes (0), stop byte. */
export function encodeCytonPacket(counter: number, counts: ArrayLike<number>, stop = 0xc0): Uint8Array {
  const p = new Uint8Array(CYTON_PACKET_BYTES);
  p[0] = CYTON_HEADER;
  p[1] = counter & 0xff;
  for (let c = 0; c < 8; c++) {
    const v = counts[c]! & 0xffffff;
    p[2 + 3 * c] = v >> 16;
    p[3 + 3 * c] = (v >> 8) & 0xff;
    p[4 + 3 * c] = v & 0xff;
  }
  p[32] = stop;
  return p;
}

export const CYTON_BANNER = 'OpenBCI V3 8-16 channel\nOn Board ADS1299 Device ID: 0x3E\nLIS3DH Device ID: 0x33\nFirmware: v3.1.2\n$$$';

/** A Cyton (with its dongle) that answers `v`, `d`, `b`, `s`; every other byte is only logged. */
export class CytonEmulator extends Clocked implements DeviceEmulator {
  private readonly counts = new Int32Array(8);

  constructor(plan: FaultPlan = {}) { super(CYTON_RATE_HZ, plan); }

  receive(bytes: Uint8Array): Uint8Array | null {
    let reply = '';
    for (const b of bytes) {
      this.received.push(b);
      if (b === 0x76 /* v */) { this.streaming = false; reply += CYTON_BANNER; }
      else if (b === 0x64 /* d */ && !this.streaming) reply += 'updating channel settings to default$$$';
      else if (b === 0x62 /* b */ && !this.streaming) this.startClock(performance.now());
      else if (b === 0x73 /* s */) this.streaming = false;
    }
    return reply ? ascii(reply) : null;
  }

  protected frame(i: number): void {
    const fault = faultAt(this.plan, i, true);
    if (fault === 'drop') return;
    for (let c = 0; c < 8; c++) this.counts[c] = cytonValue(i, c);
    const p = encodeCytonPacket(i & 0xff, this.counts, 0xc0);
    if (fault === 'corrupt') p[32] = 0x00;
    for (let k = 0; k < p.length; k++) {
      if (fault === 'lostByte' && k === 10) continue;
      this.out.push(p[k]!);
      if (fault === 'stray' && k === 10) this.out.push(0x55);
    }
    if (hits(this.plan.junk, i)) for (let k = 0; k < 40; k++) this.out.push(this.junk.next());
  }
}

// ---------------------------------------------------------------------------------------------------------------
// BITalino

/** ADC value of the BITalino frame position `pos` (0-based among acquired inputs) at device sample `i`. */
export function bitalinoValue(i: number, pos: number): number {
  return pos < 4 ? (Math.imul(i, 37) + pos * 101 + 7) % 1024 : (Math.imul(i, 5) + pos * 7) % 64;
}

/**
 * One BITalino frame for `values` (ADC per acquired input, in input order) with sequence `seq`, laid out as the
 * BITalino API reads it (last byte: seq << 4 | CRC4), digital I/O bits 0.
 */
export function encodeBitalinoFrame(seq: number, values: ArrayLike<number>, n: number): Uint8Array {
  const L = bitalinoFrameBytes(n);
  const f = new Uint8Array(L);
  const e = L; // f[e - k] is the API's decodedData[-k]
  const v = (k: number) => values[k]! | 0;
  // A1: decodedData[-2] low nibble = v >> 6; decodedData[-3] high 6 bits = v & 0x3f.
  f[e - 2] = (v(0) >> 6) & 0x0f;
  f[e - 3] = (v(0) & 0x3f) << 2;
  if (n > 1) { f[e - 3]! |= (v(1) >> 8) & 0x03; f[e - 4] = v(1) & 0xff; }
  if (n > 2) { f[e - 5] = (v(2) >> 2) & 0xff; f[e - 6] = (v(2) & 0x03) << 6; }
  if (n > 3) { f[e - 6]! |= (v(3) >> 4) & 0x3f; f[e - 7] = (v(3) & 0x0f) << 4; }
  if (n > 4) { f[e - 7]! |= (v(4) >> 2) & 0x0f; f[e - 8] = (v(4) & 0x03) << 6; }
  if (n > 5) { f[e - 8]! |= v(5) & 0x3f; }
  f[e - 1] = (seq & 15) << 4;
  f[e - 1]! |= bitalinoCrc4(f, 0, L);
  return f;
}

export const BITALINO_VERSION_TEXT = 'BITalino_v5.2\n';

/** A BITalino (r)evolution: `0x07` version, `(code << 6) | 3` rate, `(mask << 2) | 1` start, `0x00` stop. */
export class BitalinoEmulator extends Clocked implements DeviceEmulator {
  private n = 0;
  private readonly vals = new Int32Array(6);

  constructor(plan: FaultPlan = {}) { super(1000, plan); }

  /** Inputs acquired (from the last start command). */
  get inputs(): number { return this.n; }
  get rate(): number { return this.rateHz; }

  receive(bytes: Uint8Array): Uint8Array | null {
    let reply: Uint8Array | null = null;
    for (const b of bytes) {
      this.received.push(b);
      if (this.streaming) { if (b === 0x00) this.streaming = false; continue; }
      if (b === 0x07) reply = ascii(BITALINO_VERSION_TEXT);
      else if ((b & 0x03) === 0x03) this.rateHz = BITALINO_RATES[b >> 6]!;
      else if ((b & 0x03) === 0x01) {
        const mask = b >> 2;
        this.n = 0;
        for (let k = 0; k < 6; k++) if (mask & (1 << k)) this.n++;
        if (this.n > 0) this.startClock(performance.now());
      }
    }
    return reply;
  }

  protected frame(i: number): void {
    const fault = faultAt(this.plan, i, true);
    if (fault === 'drop') return;
    for (let p = 0; p < this.n; p++) this.vals[p] = bitalinoValue(i, p);
    const f = encodeBitalinoFrame(i & 15, this.vals, this.n);
    if (fault === 'corrupt') f[0]! ^= 0x01;
    const mid = f.length >> 1;
    for (let k = 0; k < f.length; k++) {
      if (fault === 'lostByte' && k === mid) continue;
      this.out.push(f[k]!);
      if (fault === 'stray' && k === mid) this.out.push(0x55);
    }
    if (hits(this.plan.junk, i)) for (let k = 0; k < 13; k++) this.out.push(this.junk.next());
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Text stream

/** Printed value of text column `c` at device sample `i` (integers, 0–1023 like `analogRead`). */
export function textValue(i: number, c: number): number {
  return (Math.imul(i, 13) + c * 29 + 3) % 1024;
}

/**
 * An Arduino printing `a,b` (or `a b` with `separator: ' '`) per line at `rateHz`, from the moment the port opens;
 * it has no commands. Garbage lines (`junk`) and damaged lines (`corrupt`/`stray`: a letter inside) are injected.
 */
export class TextEmulator extends Clocked implements DeviceEmulator {
  /** @param constant fixed printed values per column instead of {@link textValue} (a steady sensor). */
  constructor(rateHz: number, private readonly columns: number, plan: FaultPlan = {}, private readonly separator = ',', private readonly constant?: readonly number[]) {
    super(rateHz, plan);
    this.startClock(performance.now());
  }

  receive(bytes: Uint8Array): Uint8Array | null {
    for (const b of bytes) this.received.push(b);
    return null;
  }

  protected frame(i: number): void {
    if (hits(this.plan.junk, i)) this.line('Starting... MyoWare ready');
    const fault = faultAt(this.plan, i, false);
    if (fault === 'drop') return;
    let s = '';
    for (let c = 0; c < this.columns; c++) s += (c ? this.separator : '') + String(this.constant?.[c] ?? textValue(i, c));
    if (fault === 'corrupt') s = s.slice(0, 1) + 'x' + s.slice(1);
    if (fault === 'stray') s = s + 'Q';
    this.line(s);
  }

  private line(s: string): void {
    for (let k = 0; k < s.length; k++) this.out.push(s.charCodeAt(k));
    this.out.push(13);
    this.out.push(10);
  }
}
