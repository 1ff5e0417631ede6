// BITalino decoder: the API's frame layout and CRC4, exact µV per intact sample, resync on CRC and sequence together.
import { describe, expect, it } from 'vitest';
import { BitalinoDriver, bitalinoCrc4, bitalinoFrameBytes, bitalinoHeader, BITALINO_DEFAULTS, type BitalinoSettings } from '../../devices/bitalino.ts';
import { BitalinoEmulator, bitalinoValue, encodeBitalinoFrame, faultAt, type FaultPlan } from '../../devices/emulators.ts';
import { collector, pump } from './harness.ts';

/** CRC4 written out as the BITalino API's read() does it, bit by bit (independent of the driver's table). */
function apiCrc(frame: number[]): number {
  const d = frame.slice();
  d[d.length - 1] = d[d.length - 1]! & 0xf0;
  let x = 0;
  for (const byte of d) for (let bit = 7; bit >= 0; bit--) { x <<= 1; if (x & 0x10) x ^= 0x03; x ^= (byte >> bit) & 1; }
  return x & 0x0f;
}

const SIX: BitalinoSettings = { rateHz: 1000, channels: [1, 2, 3, 4, 5, 6].map((input) => ({ input: input as 1, role: 'unused' as const })) };

function run(settings: BitalinoSettings, plan: FaultPlan, samples: number, maxChunk = 61) {
  const emu = new BitalinoEmulator(plan);
  const mask = settings.channels.reduce((m, c) => m | (1 << (c.input - 1)), 0);
  emu.receive(Uint8Array.of(0xc3, (mask << 2) | 1));
  const { handlers, got } = collector();
  const d = new BitalinoDriver(handlers, settings);
  pump(emu, 1000, samples, (b, t) => d.push(b, b.length, t), maxChunk);
  d.flush();
  return { d, got, emu };
}

describe('BitalinoDriver', () => {
  it('frame lengths and CRC4 are the public API\'s', () => {
    expect([1, 2, 3, 4, 5, 6].map(bitalinoFrameBytes)).toEqual([3, 4, 6, 7, 8, 8]);
    for (let s = 1; s < 500; s++) {
      const f = Array.from({ length: 1 + (s % 8) }, (_, k) => (s * 131 + k * 17) & 0xff);
      expect(bitalinoCrc4(Uint8Array.from(f), 0, f.length)).toBe(apiCrc(f));
    }
  });

  it('reads A1 and A2 where the API reads them: A1 = (d[-2] & 0x0F) << 6 | d[-3] >> 2, A2 = (d[-3] & 3) << 8 | d[-4]', () => {
    // A1 = 1023, A2 = 5, sequence 9, digital bits 0, written by hand from the API's read().
    const f = [5, (0x3f << 2) | 0, 0x0f, 9 << 4];
    f[3] = f[3]! | apiCrc(f);
    const { handlers, got } = collector();
    const d = new BitalinoDriver(handlers);
    const frames = [f, ...[10, 11, 12].map((q) => Array.from(encodeBitalinoFrame(q, [512, 0], 2)))];
    const bytes = Uint8Array.from(frames.flat());
    d.push(bytes, bytes.length, 0);
    d.flush();
    expect(got.values[0]!.slice(0, 3)).toEqual([1023 - 512, 0, 0]);
    expect(got.values[1]!.slice(0, 3)).toEqual([5 - 512, -512, -512]);
    // µV = (ADC / 1024 − 0.5) × 3.3 / 1009 × 10^6
    const ch = d.header!.channels[0]!;
    expect(got.values[0]![0]! * ch.scale).toBeCloseTo((1023 / 1024 - 0.5) * 3.3 / 1009 * 1e6, 9);
    expect(d.header).toEqual(bitalinoHeader(BITALINO_DEFAULTS));
  });

  it('round-trips six inputs (A5, A6 6-bit) with the EMG transfer function per position', () => {
    const { got, d } = run(SIX, {}, 300);
    expect(got.index.length).toBeGreaterThanOrEqual(299);
    for (let k = 0; k < got.index.length; k++) for (let p = 0; p < 6; p++) {
      expect(got.values[p]![k]).toBe(bitalinoValue(got.index[k]!, p) - (p < 4 ? 512 : 32));
    }
    expect(d.header!.channels[4]!.scale).toBeCloseTo(3.3 / 1009 / 64 * 1e6, 9);
    expect(d.counters.lost).toBe(0);
  });

  for (const settings of [BITALINO_DEFAULTS, SIX, { rateHz: 1000, channels: [{ input: 3, role: 'pelvic-floor' }] } as BitalinoSettings]) {
    it(`${settings.channels.length} input(s): every intact sample exactly, through junk, dropped, corrupt, stray and lost bytes, over 16 plans`, () => {
      for (let v = 0; v < 16; v++) {
        const plan: FaultPlan = { junk: { every: 97 + v, phase: 4 }, drop: { every: 151 + v, phase: 9 }, corrupt: { every: 173 + v, phase: 21 }, stray: { every: 211 + 2 * v, phase: 33 }, lostByte: { every: 241 + v, phase: 47 } };
        const N = 4000;
        const { d, got } = run(settings, plan, N, 3 + v * 11);
        const intact = new Set<number>();
        for (let i = 0; i < N; i++) if (faultAt(plan, i, true) === null) intact.add(i);
        const mid = (p: number) => (p < 4 ? 512 : 32);
        for (let k = 0; k < got.index.length; k++) {
          const i = got.index[k]!;
          if (!intact.has(i)) throw new Error(`plan ${v}: sample ${i} was not sent intact`);
          for (let p = 0; p < settings.channels.length; p++) if (got.values[p]![k] !== bitalinoValue(i, p) - mid(p)) throw new Error(`plan ${v}: sample ${i} pos ${p}`);
        }
        const arrived = new Set(got.index);
        const missing = [...intact].filter((i) => !arrived.has(i) && i < N - 2);
        // After a fault the decoder trusts an alignment again only after 4 good frames in a row, and does not deliver
        // the first two: an intact frame is given up only when a fault or junk lies within the 3 frames before it or
        // the 2 after it.
        const junkAfter = (i: number) => i % plan.junk!.every === plan.junk!.phase;
        for (const i of missing) {
          const near = [-3, -2, -1, 1, 2].some((o) => faultAt(plan, i + o, true) !== null) || [-3, -2, -1, 0].some((o) => junkAfter(i + o));
          if (!near) throw new Error(`plan ${v}: intact sample ${i} missing with no fault near it`);
        }
        // What that costs, at most: junk 3 frames, a corrupt or dropped frame none, a lost or extra byte 5 frames.
        const events = (n: number) => Math.ceil(N / n);
        expect(missing.length, `plan ${v}`).toBeLessThanOrEqual(3 * events(97 + v) + 5 * (events(211 + 2 * v) + events(241 + v)) + 2);
        expect(d.counters.lost + d.counters.samples, `plan ${v}`).toBe(got.index.at(-1)! + 1);
        expect(d.counters.rejected['crc']! + d.counters.rejected['sync']!, `plan ${v}`).toBeGreaterThan(0);
      }
    });
  }

  it('skips a corrupt frame in place (CRC) without losing alignment: nothing skipped byte by byte', () => {
    const { d, got } = run(BITALINO_DEFAULTS, { corrupt: { every: 50, phase: 25 } }, 1000);
    expect(d.counters.rejected['crc']).toBe(20);
    expect(d.counters.rejected['sync']).toBe(0);
    expect(d.counters.skippedBytes).toBe(0);
    expect(d.counters.lost).toBe(20);
    expect(got.index.length).toBeGreaterThanOrEqual(979);
  });

  it('counts a sequence jump as lost samples, wrap-around included', () => {
    const { d, got } = run(BITALINO_DEFAULTS, { drop: { every: 100, phase: 40 } }, 1000);
    expect(d.counters.lost).toBe(10);
    expect(got.lostBefore.filter((x) => x > 0)).toEqual(Array(10).fill(1));
    expect(d.counters.rejected['sync']).toBe(0);
  });

  it('bounded memory: megabytes of noise cost nothing but counters, and the stream is found after', () => {
    const { handlers, got } = collector();
    const d = new BitalinoDriver(handlers);
    const noise = new Uint8Array(1 << 20);
    let s = 1;
    for (let i = 0; i < noise.length; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; noise[i] = s >>> 24; }
    d.push(noise, noise.length, 0);
    const emu = new BitalinoEmulator();
    emu.receive(Uint8Array.of(0xc3, (3 << 2) | 1));
    const real = emu.produce(100)!;
    d.push(real, real.length, 0);
    d.flush();
    expect(got.index.length).toBeGreaterThanOrEqual(95);
    const k0 = got.index.length - 1;
    expect(got.values[0]![k0]).toBe(bitalinoValue(98, 0) - 512);
  });

  it('starts with stop, version, rate, start: 0x00, 0x07, (3 << 6) | 3, (mask << 2) | 1, and reads the version as identity', () => {
    const idents: string[] = [];
    const d = new BitalinoDriver({ onIdent: (id) => idents.push(`${id.model} ${id.firmware}`) });
    expect(d.startSteps().map((s) => Array.from(s.send))).toEqual([[0x00], [0x07], [0xc3], [(3 << 2) | 1]]);
    d.setMode('reply');
    const v = new BitalinoEmulator().receive(Uint8Array.of(0x07))!;
    d.push(v, v.length, 0);
    expect(idents).toEqual(['BITalino 5.2']);
    expect(Array.from(d.stopCommand())).toEqual([0]);
    const d6 = new BitalinoDriver({}, { rateHz: 100, channels: SIX.channels });
    expect(d6.startSteps().map((s) => Array.from(s.send)).slice(2)).toEqual([[0x83], [(63 << 2) | 1]]);
  });
});

describe('BitalinoDriver and the host clock', () => {
  const frames = (from: number, to: number) => {
    const emu = new BitalinoEmulator();
    emu.receive(Uint8Array.of(0xc3, (3 << 2) | 1));
    emu.produce(from);
    return emu.produce(to)!;
  };

  it('a reader that stalled 400 ms gets a burst of contiguous frames: no loss is invented', () => {
    const { handlers, got } = collector();
    const d = new BitalinoDriver(handlers);
    const a = frames(0, 100);
    const b = frames(100, 500);
    d.push(a, a.length, 100);
    d.push(b, b.length, 500); // 400 frames that were sent during the stall, read at once
    d.flush();
    expect(d.counters.lost).toBe(0);
    expect(got.index.at(-1)).toBe(got.index.length - 1);
  });

  it('a 400 ms dropout (Bluetooth) is counted whole, beyond the 4-bit sequence', () => {
    const { handlers, got } = collector();
    const d = new BitalinoDriver(handlers);
    const a = frames(0, 100);
    const b = frames(500, 600);
    d.push(a, a.length, 100);
    d.push(b, b.length, 600);
    d.flush();
    expect(d.counters.lost).toBe(400);
    expect(got.index.at(-1)).toBe(598); // 599 waits for its successor
  });
});
