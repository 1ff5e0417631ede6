// A deliberately stalled main loop (test build, STALL command): the ring overruns visibly, never silently or corruptly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimSession, sineRaw, sleep } from './sim-session.ts';

const AMP = 300;
const PERIOD = 40;

describe('EMG firmware ring overrun (stalled main loop)', () => {
  const sim = new SimSession('loslaten-emg-test.elf', ['--wave', `sine:${AMP}:${PERIOD}`]);

  beforeAll(async () => {
    await sim.start();
    sim.send('START'); // default 2000 Hz, 2 channels
    await sim.waitTicks(1, 400);
    sim.send('STALL 200'); // 200 ms without formatting: 400 samples against a 128-entry ring
    await sim.waitFor('overrun event', () => sim.events.some((e) => e.event.name === 'error'));
    const t = sim.stats!.ticks;
    await sim.waitTicks(1, t + 400);
    sim.send('STOP');
    await sleep(100);
    sim.decoder.flush();
  }, 30_000);

  afterAll(async () => { await sim.stop(); });

  it('keeps every line valid for the decoder', () => {
    expect(sim.rejectedLines).toEqual([]);
    expect(sim.stats!.bridgeDrops).toBe(0);
  });

  it('shows the loss as a seq gap announced by one !error,overrun event with the count', () => {
    const overruns = sim.events.filter((e) => e.event.name === 'error');
    expect(overruns.length).toBe(1);
    const ev = overruns[0]!;
    expect(ev.event.args[0]).toBe('overrun');
    const lost = Number(ev.event.args[1]);
    // 400 samples due during the stall, the ring holds 127 of them, a few lines still went out before it
    expect(lost).toBeGreaterThan(200);
    expect(lost).toBeLessThan(400);
    expect(sim.decoder.counters.lost).toBe(lost);
    const before = sim.samples[ev.afterSamples - 1]!;
    const after = sim.samples[ev.afterSamples]!;
    expect(after.seq).toBe(before.seq + 1 + lost);
    expect(after.index).toBe(before.index + 1 + lost);
  });

  it('delivers the right value for every sample that was sent, before and after the gap', () => {
    expect(sim.samples.length).toBeGreaterThan(500);
    for (const s of sim.samples) {
      expect(s.raws[0]).toBe(sineRaw(AMP, PERIOD, s.index, 0));
      expect(s.raws[1]).toBe(sineRaw(AMP, PERIOD, s.index, 1));
    }
  });

  it('keeps sampling on time through the stall', () => {
    const s = sim.stats!;
    expect(Math.abs(((s.ticks - 1) * s.freq) / (s.lastTickCycle - s.firstTickCycle) / 2000 - 1)).toBeLessThan(0.001);
    expect(s.overrunEvents).toBe(1);
  });
});
