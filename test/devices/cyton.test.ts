// Cyton decoder: exact µV per intact sample, losses counted from the counter, resync after junk, stray or lost bytes.
import { describe, expect, it } from 'vitest';
import { CytonDriver, CYTON_UV_PER_COUNT, cytonHeader } from '../../devices/cyton.ts';
import { CytonEmulator, cytonValue, encodeCytonPacket, faultAt, type FaultPlan } from '../../devices/emulators.ts';
import { totalBadFrames } from '../../devices/driver.ts';
import { collector, pump } from './harness.ts';

function run(plan: FaultPlan, samples: number, maxChunk = 97) {
  const emu = new CytonEmulator(plan);
  emu.receive(Uint8Array.of(0x62)); // b
  const { handlers, got } = collector();
  const d = new CytonDriver(handlers);
  pump(emu, 250, samples, (b, t) => d.push(b, b.length, t), maxChunk);
  d.flush();
  return { d, got, emu };
}

describe('CytonDriver', () => {
  it('gives µV = counts × 4.5 / 24 / (2^23 − 1) × 10^6 with the sign of 24-bit two\'s complement', () => {
    expect(CYTON_UV_PER_COUNT).toBeCloseTo(0.022351744, 8);
    const { handlers, got } = collector();
    const d = new CytonDriver(handlers);
    const counts = [8388607, -8388608, -1, 0, 1, 0x123456, -0x123456, 42];
    const p1 = encodeCytonPacket(0, counts);
    const p2 = encodeCytonPacket(1, counts.map((x) => -x >> 1));
    const p3 = encodeCytonPacket(2, counts);
    const all = new Uint8Array([...p1, ...p2, ...p3]);
    d.push(all, all.length, 0);
    d.flush();
    // The third packet waits for the next 0xA0 only while unlocked: once locked it goes at once.
    expect(got.values[0]).toEqual([8388607, -4194304, 8388607]);
    expect(got.values[1]).toEqual([-8388608, 4194304, -8388608]);
    expect(got.values.map((v) => v[2])).toEqual(counts);
    expect(d.header).toEqual(cytonHeader());
    expect(d.header!.channels[0]!.scale * 8388607).toBeCloseTo(187500, 3); // full scale 187.5 mV at gain 24
  });

  it('delivers every intact sample with its exact value and index through junk, dropped, corrupt, stray-byte and lost-byte packets', () => {
    const plan: FaultPlan = { junk: { every: 37, phase: 5 }, drop: { every: 101, phase: 50 }, corrupt: { every: 89, phase: 20 }, stray: { every: 113, phase: 70 }, lostByte: { every: 127, phase: 90 } };
    const N = 5000;
    const { d, got } = run(plan, N);
    const intact: number[] = [];
    for (let i = 0; i < N; i++) if (faultAt(plan, i, true) === null) intact.push(i);
    // All intact samples but possibly the very last (a packet found while unlocked waits for the next 0xA0).
    expect(got.index.length).toBeGreaterThanOrEqual(intact.length - 1);
    expect(got.index).toEqual(intact.slice(0, got.index.length));
    for (let k = 0; k < got.index.length; k++) for (let c = 0; c < 8; c++) {
      if (got.values[c]![k] !== cytonValue(got.index[k]!, c)) throw new Error(`sample ${got.index[k]} ch ${c}`);
    }
    const spoiled = N - intact.length;
    expect(d.counters.lost).toBe(spoiled - (N - 1 - got.index.at(-1)!));
    expect(d.counters.samples).toBe(got.index.length);
    // Corrupt, stray and lost-byte packets are each refused at least once; junk may add refusals of its own.
    expect(totalBadFrames(d.counters)).toBeGreaterThanOrEqual(Math.floor(N / 89) + Math.floor(N / 113) + Math.floor(N / 127));
    expect(d.counters.skippedBytes).toBeGreaterThanOrEqual(40 * Math.floor(N / 37));
  });

  it('never delivers a value the device did not send, over 24 fault plans and chunkings', () => {
    for (let v = 0; v < 24; v++) {
      const plan: FaultPlan = { junk: { every: 7 + v, phase: v }, drop: { every: 53 + v, phase: 3 }, corrupt: { every: 31 + 2 * v, phase: 11 }, stray: { every: 41 + v, phase: 17 }, lostByte: { every: 47 + v, phase: 29 } };
      const N = 2000;
      const { d, got } = run(plan, N, 5 + v * 13);
      const intact = new Set<number>();
      for (let i = 0; i < N; i++) if (faultAt(plan, i, true) === null) intact.add(i);
      for (let k = 0; k < got.index.length; k++) {
        const i = got.index[k]!;
        if (!intact.has(i)) throw new Error(`plan ${v}: sample ${i} was not sent intact`);
        for (let c = 0; c < 8; c++) if (got.values[c]![k] !== cytonValue(i, c)) throw new Error(`plan ${v}: sample ${i} ch ${c}`);
      }
      // An intact packet is missing only when nothing can vouch for it: a fault before it, junk right after it and a
      // fault after that (no 0xA0 follows it, no successor carries the next counter). Or it is the last one.
      const arrived = new Set(got.index);
      const unconfirmable = (i: number) => faultAt(plan, i - 1, true) !== null && i % plan.junk!.every === plan.junk!.phase && faultAt(plan, i + 1, true) !== null;
      for (const i of intact) if (!arrived.has(i) && i < N - 1 && !unconfirmable(i)) throw new Error(`plan ${v}: intact sample ${i} missing`);
      expect(d.counters.lost + d.counters.samples, `plan ${v}`).toBe(got.index.at(-1)! + 1);
    }
  });

  it('refuses junk shaped like a packet (0xA0 … 0xC0 32 bytes later) unless the next packet follows it', () => {
    const { handlers, got } = collector();
    const d = new CytonDriver(handlers);
    const fake = encodeCytonPacket(9, [1, 2, 3, 4, 5, 6, 7, 8]);
    const real = [encodeCytonPacket(0, [10, 0, 0, 0, 0, 0, 0, 0]), encodeCytonPacket(1, [11, 0, 0, 0, 0, 0, 0, 0])];
    const bytes = new Uint8Array([...fake, 0x11, 0x22, ...real[0]!, ...real[1]!, ...encodeCytonPacket(2, [12, 0, 0, 0, 0, 0, 0, 0])]);
    d.push(bytes, bytes.length, 0);
    d.flush();
    expect(got.values[0]).toEqual([10, 11, 12]);
    expect(d.counters.rejected['unconfirmed']).toBe(1);
    expect(d.counters.lost).toBe(0);
  });

  it('counts a counter jump as lost samples and keeps the sample clock (wrap-around aware)', () => {
    const { handlers, got } = collector();
    const d = new CytonDriver(handlers);
    const seqs = [250, 251, 252, 253, 254, 255, 0, 1, 5, 6, 7];
    const bytes = new Uint8Array(seqs.flatMap((s) => [...encodeCytonPacket(s, [s, 0, 0, 0, 0, 0, 0, 0])]));
    d.push(bytes, bytes.length, 0);
    d.flush();
    expect(got.index).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 11, 12, 13]);
    expect(got.lostBefore).toContain(3);
    expect(d.counters.lost).toBe(3);
  });

  it('holds bounded memory and finds the stream after megabytes without a packet', () => {
    const { handlers, got } = collector();
    const d = new CytonDriver(handlers);
    const junk = new Uint8Array(1 << 20);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 31) & 0x7f; // never 0xA0
    d.push(junk, junk.length, 0);
    const pk = new Uint8Array([...encodeCytonPacket(0, [1, 0, 0, 0, 0, 0, 0, 0]), ...encodeCytonPacket(1, [2, 0, 0, 0, 0, 0, 0, 0]), ...encodeCytonPacket(2, [3, 0, 0, 0, 0, 0, 0, 0])]);
    d.push(pk, pk.length, 0);
    d.flush();
    expect(got.values[0]).toEqual([1, 2, 3]);
    expect(d.counters.bytes).toBe(junk.length + pk.length);
  });

  it('collects the v banner as the device identity before streaming, and starts with s, v, d, b only', () => {
    const idents: string[] = [];
    const d = new CytonDriver({ onIdent: (id) => idents.push(`${id.vendor} ${id.model} ${id.firmware}`) });
    const steps = d.startSteps();
    expect(steps.map((s) => String.fromCharCode(...s.send))).toEqual(['s', 'v', 'd', 'b']);
    d.setMode('reply');
    const emu = new CytonEmulator();
    const banner = emu.receive(Uint8Array.of(0x76))!;
    d.push(banner, banner.length, 0);
    expect(idents).toEqual(['OpenBCI Cyton v3.1.2']);
    expect(d.counters.skippedBytes).toBe(0);
    expect(String.fromCharCode(...d.stopCommand())).toBe('s');
  });
});

describe('CytonDriver and the host clock', () => {
  it('a 2 s reader stall is not a loss; a 2 s radio dropout is counted whole (beyond the 8-bit counter)', () => {
    const run = (gapFrames: number, secondRead: number) => {
      const { handlers, got } = collector();
      const d = new CytonDriver(handlers);
      const e = new CytonEmulator();
      const a = e.produce(100)!;
      e.produce(100 + gapFrames); // produced but never delivered when gapFrames > 0
      const b = e.produce(100 + gapFrames + secondRead)!;
      d.push(a, a.length, 400);
      d.push(b, b.length, 400 + 2000 + (secondRead * 4) / 5);
      d.flush();
      return { d, got };
    };
    const stall = run(0, 500); // 500 packets (2 s at 250 Hz) read at once after the stall
    expect(stall.d.counters.lost).toBe(0);
    const drop = run(500, 20); // 500 packets lost, then 20 arrive
    expect(drop.d.counters.lost).toBe(500);
    expect(drop.got.index.at(-1)).toBe(619);
  });
});
