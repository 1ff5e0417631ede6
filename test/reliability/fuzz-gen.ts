// Fast seeded generator of hostile LL1 byte streams: valid lines from the codec's encoders mixed with damaged ones.
import { encodeEvent, encodeHeader, encodeIdent, encodeSample, withChecksum, type StreamHeader } from '../../firmware-protocol/codec.ts';
import { Prng } from '../../firmware-protocol/prng.ts';

export const HEADER_A: StreamHeader = {
  rateHz: 2000,
  channels: ['PF', 'ABD'].map((label) => ({ label, kind: 'emg' as const, unit: 'uV' as const, scale: 0.1, rawMin: -32768, rawMax: 32767 })),
};
export const HEADER_B: StreamHeader = {
  rateHz: 100,
  channels: [{ label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: 0, rawMax: 30000 }],
};

/** What the generator emitted, by kind of unit (a unit is one intended line). */
export const UNIT_KINDS = [
  'valid-sample', 'valid-header', 'valid-ident', 'valid-event', 'header-switch', 'wrong-channels', 'out-of-range',
  'truncated', 'bit-flipped', 'overlong', 'binary', 'empty', 'bad-hex', 'split-by-lf', 'before-header',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * Writes random units into a growing byte buffer. Valid units that stand alone on their line (previous unit
 * terminated, own terminator `\n` or `\r\n`) are "intact": their start offsets are listed so the checker can
 * confirm each of them was accepted.
 */
export class HostileStream {
  readonly rng: Prng;
  readonly emitted = Object.fromEntries(UNIT_KINDS.map((k) => [k, 0])) as Record<UnitKind, number>;
  /** Valid units emitted intact (own line, proper terminator). */
  intactValid = 0;
  buf = new Uint8Array(1 << 20);
  len = 0;
  /** Start offsets (in `buf`) of intact valid units since the last `reset`. */
  intactStarts: number[] = [];
  private header: StreamHeader = HEADER_A;
  private seq = 0;
  private terminated = true;
  /** True once an intact header went out: before it, samples are `no-header` by design. */
  private announced = false;

  constructor(seed: number) { this.rng = new Prng(seed); }

  /** Starts a new block (buffer reused). */
  reset(): void { this.len = 0; this.intactStarts.length = 0; }

  private int(n: number): number { return this.rng.nextUint32() % n; }

  private put(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i) & 0xff;
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  private rawsFor(h: StreamHeader, n = h.channels.length): number[] {
    const out: number[] = [];
    for (let c = 0; c < n; c++) {
      const ch = h.channels[Math.min(c, h.channels.length - 1)]!;
      out.push(ch.rawMin + this.int(ch.rawMax - ch.rawMin + 1));
    }
    return out;
  }

  private validSample(): string {
    if (this.int(100) === 0) this.seq += 1 + this.int(5); // a lost run now and then
    const line = encodeSample(this.seq & 0xffff, this.rawsFor(this.header));
    this.seq++;
    return line;
  }

  /** A valid line of any kind (for damaging). */
  private anyValid(): string {
    const k = this.int(20);
    if (k === 0) return encodeHeader(this.header);
    if (k === 1) return encodeIdent({ vendor: 'Fuzz', model: 'F1', serial: String(this.int(1e6)), firmware: '1.0' });
    if (k === 2) return encodeEvent({ name: 'lead-off', args: [String(this.int(2))] });
    return this.validSample();
  }

  /** Emits one unit with its terminator; the final unit of a block is always `\n`-terminated. */
  unit(forceTerminator = false): void {
    const r = this.int(1000);
    if (r >= 490 && r < 492) {
      // A header switch always stands on its own line, so the generator and the decoder agree on the header in force.
      if (!this.terminated) this.put('\n');
      this.terminated = true;
      forceTerminator = true;
    }
    const start = this.len;
    let kind: UnitKind;
    let valid = false;
    if (r < 450) { kind = 'valid-sample'; valid = true; this.put(this.validSample()); }
    else if (r < 470) { kind = 'valid-header'; valid = true; this.put(encodeHeader(this.header)); }
    else if (r < 480) { kind = 'valid-ident'; valid = true; this.put(encodeIdent({ vendor: 'Fuzz', model: 'F1', serial: 'S' + this.int(999), firmware: '1.2.3' })); }
    else if (r < 490) { kind = 'valid-event'; valid = true; this.put(encodeEvent({ name: 'battery', args: [String(this.int(100))] })); }
    else if (r < 492) {
      kind = 'header-switch'; valid = true;
      this.header = this.header === HEADER_A ? HEADER_B : HEADER_A;
      this.put(encodeHeader(this.header));
    } else if (r < 520) { kind = 'wrong-channels'; this.put(encodeSample(this.seq & 0xffff, this.rawsFor(this.header, this.header.channels.length + (this.int(2) ? 1 : -1)))); }
    else if (r < 550) { kind = 'out-of-range'; this.put(encodeSample(this.seq & 0xffff, this.rawsFor(this.header).map((v, i) => (i === 0 ? 2 ** 20 + v : v)))); }
    else if (r < 650) { kind = 'truncated'; const l = this.anyValid(); this.put(l.slice(0, this.int(l.length))); }
    else if (r < 770) {
      kind = 'bit-flipped';
      const l = this.anyValid();
      const at = this.len;
      this.put(l);
      const flips = 1 + this.int(3);
      for (let f = 0; f < flips; f++) this.buf[at + this.int(l.length)]! ^= 1 << this.int(8);
    } else if (r < 810) {
      kind = 'overlong';
      const n = 257 + this.int(this.int(10) === 0 ? 4000 : 300);
      if (this.int(2)) { let p = String(this.seq & 0xffff); while (p.length < n - 3) p += ',' + this.int(100); this.put(withChecksum(p.slice(0, n - 3))); }
      else { this.ensure(n); for (let i = 0; i < n; i++) this.buf[this.len++] = 32 + this.int(95); }
    } else if (r < 890) {
      kind = 'binary';
      const n = 1 + this.int(this.int(20) === 0 ? 1200 : 300);
      this.ensure(n);
      for (let i = 0; i < n; i++) this.buf[this.len++] = this.int(256);
    } else if (r < 910) { kind = 'empty'; if (this.int(2)) this.put('\r'); }
    else if (r < 930) { kind = 'bad-hex'; const l = this.validSample(); this.put(this.int(2) ? l.slice(0, -2) + l.slice(-2).toLowerCase() + 'g' : l.replace('*', '')); }
    else if (r < 940) {
      kind = 'split-by-lf';
      const l = this.anyValid();
      const cut = 1 + this.int(l.length - 1);
      this.put(l.slice(0, cut) + (this.int(2) ? '\r\n' : '\n') + l.slice(cut));
    } else { kind = 'valid-sample'; valid = true; this.put(this.validSample()); }
    if (kind === 'valid-sample' && !this.announced) { kind = 'before-header'; valid = false; }
    this.emitted[kind]++;
    const t = this.int(100);
    const own = forceTerminator || t < 97;
    if (t < 80 || forceTerminator) this.put('\n');
    else if (t < 95) this.put('\r\n');
    else if (t < 97) { this.put('\r\r\n'); } // a stray CR before the CR LF: not a valid frame any more
    const intact = valid && this.terminated && own && (t < 95 || forceTerminator);
    if (intact) { this.intactValid++; this.intactStarts.push(start); }
    if (intact && (kind === 'valid-header' || kind === 'header-switch')) this.announced = true;
    this.terminated = own;
  }
}
