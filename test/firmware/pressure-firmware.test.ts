// The pressure reference firmware with a simulated HX710B: mmHg values, exact stream rate, ZERO tares, RATE switches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HX_COUNTS_PER_MMHG, SimSession, lround, sleep, tickRateHz } from './sim-session.ts';

const HX = { hz: 40.2, offset: 12.5, amp: 20, period: 64 };

/** Harness pressure of conversion j in HX710B counts (harness/hx710b_sim.c). */
function counts(j: number): number {
  const mmHg = HX.offset + HX.amp * Math.sin((2 * Math.PI * (j % HX.period)) / HX.period);
  return lround(mmHg * HX_COUNTS_PER_MMHG);
}
/** The firmware's conversion to wire units (0.01 mmHg): rounded integer division, clamped to ±30000. */
function wire(d: number): number {
  const half = Math.trunc(HX_COUNTS_PER_MMHG / 2);
  const w = Math.trunc((d * 100 + (d >= 0 ? half : -half)) / HX_COUNTS_PER_MMHG);
  return Math.max(-30000, Math.min(30000, w));
}
const LEVELS = Array.from({ length: HX.period }, (_, j) => counts(j));

describe('pressure firmware with a simulated HX710B', () => {
  const sim = new SimSession('loslaten-pressure.elf', ['--hx', '--hx-hz', String(HX.hz), '--hx-offset', String(HX.offset),
    '--hx-amp', String(HX.amp), '--hx-period', String(HX.period), '--hx-cpm', String(HX_COUNTS_PER_MMHG)]);
  let zeroAt = 0;
  let beforeZeroSent = 0;
  let stats40 = sim.stats;
  let rateAt = 0;
  let tenHz = -1;

  beforeAll(async () => {
    await sim.start();
    sim.send('INFO');
    sim.send('START');
    stats40 = await sim.waitTicks(1, 60);
    sim.decoder.flush();
    beforeZeroSent = sim.samples.length; // received before ZERO left the host: certainly not tared
    sim.send('ZERO');
    await sleep(300); // samples received later were certainly formatted after the tare

    sim.decoder.flush();
    zeroAt = sim.samples.length;
    await sim.waitTicks(1, 110);
    stats40 = sim.stats;
    sim.send('RATE 10');
    await sim.waitFor('header 10 Hz', () => sim.headers.some((h) => h.changed && h.header.rateHz === 10));
    // Where the 10 Hz stream begins, as the decoder saw it (its first samples may already be in when the poll sees the
    // header, on a busy machine in the same chunk).
    const h10 = sim.headers.find((h) => h.changed && h.header.rateHz === 10)!;
    rateAt = h10.afterSamples;
    tenHz = h10.streamId;
    await sim.waitTicks(2, 12);
    // The 12 samples the firmware sent at 10 Hz reach the host before STOP (polled: on a busy machine the pty and the
    // 20 ms decoder flush can hold the last ones back longer than a fixed wait allowed).
    await sim.waitFor('12 samples at 10 Hz on the host', () => sim.samples.filter((x) => x.streamId === tenHz).length >= 12);
    sim.send('STOP');
    await sleep(100);
    sim.decoder.flush();
  }, 40_000);

  afterAll(async () => { await sim.stop(); });

  it('identifies itself and declares one pressure channel in 0.01 mmHg', () => {
    expect(sim.idents[0]).toMatchObject({ vendor: 'Loslaten', model: 'DIY-Pressure', firmware: '1.0.0' });
    const h = sim.headers[0]!.header;
    expect(h.rateHz).toBe(40);
    expect(h.channels).toEqual([{ label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: -30000, rawMax: 30000 }]);
  });

  it('emits only valid lines, with no loss', () => {
    expect(sim.rejectedLines).toEqual([]);
    expect(sim.decoder.counters.lost).toBe(0);
    expect(sim.stats!.bridgeDrops).toBe(0);
  });

  it('streams at exactly 40 Hz on the simulated clock although the chip converts at 40.2 Hz', () => {
    expect(Math.abs(tickRateHz(stats40!) / 40 - 1)).toBeLessThan(0.001);
    expect(sim.stats!.hxReads).toBeGreaterThan(80);
  });

  it('reports the injected pressure in mmHg before ZERO', () => {
    // Up to 300 ms (12 samples) before zeroAt may already be tared; on a busy machine samples can arrive in bursts, so
    // never past what had arrived when ZERO was sent.
    const before = sim.samples.slice(0, Math.min(zeroAt - 14, beforeZeroSent));
    expect(before.length).toBeGreaterThan(40);
    const allowed = new Set(LEVELS.map((c) => wire(c)));
    for (const s of before) expect(allowed.has(s.raws[0]!)).toBe(true);
    const mean = before.reduce((a, s) => a + s.raws[0]! * 0.01, 0) / before.length;
    expect(mean).toBeGreaterThan(HX.offset - HX.amp);
  });

  it('tares on ZERO: later values are the injected pressure minus one injected level', () => {
    const after = sim.samples.slice(zeroAt, rateAt);
    expect(after.length).toBeGreaterThan(30);
    const fits = LEVELS.filter((tare) => {
      const allowed = new Set(LEVELS.map((c) => wire(c - tare)));
      return after.every((s) => allowed.has(s.raws[0]!));
    });
    expect(fits.length).toBeGreaterThan(0);
    const before = sim.samples.slice(0, Math.min(zeroAt - 14, beforeZeroSent));
    const meanBefore = before.reduce((a, s) => a + s.raws[0]!, 0) / before.length;
    const meanAfter = after.reduce((a, s) => a + s.raws[0]!, 0) / after.length;
    expect(Math.abs(meanAfter - meanBefore)).toBeGreaterThan(100); // shifted by the tare (≥ 1 mmHg)
  });

  it('switches to 10 Hz on RATE 10 with a new header and seq restarting at 0', () => {
    const ten = sim.samples.slice(rateAt);
    expect(ten.every((x) => x.streamId === tenHz)).toBe(true);
    expect(ten.length).toBeGreaterThanOrEqual(12);
    expect(ten[0]!.seq).toBe(0);
    expect(Math.abs(tickRateHz(sim.stats!) / 10 - 1)).toBeLessThan(0.001);
  });
});
