// The single-channel EMG build (A0 only) in simavr: one-channel header, exact values, exact rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMG_GAIN, SimSession, VREF_MV, sineRaw, sleep, tickRateHz, type SimStats } from './sim-session.ts';

describe('EMG firmware, 1-channel build', () => {
  const sim = new SimSession('loslaten-emg1.elf', ['--wave', 'sine:500:32']);
  let stats: SimStats | null = null;

  beforeAll(async () => {
    await sim.start();
    sim.send('START'); // default 2000 Hz
    stats = await sim.waitTicks(1, 1200);
    sim.send('STOP');
    await sleep(100);
    sim.decoder.flush();
  }, 30_000);

  afterAll(async () => { await sim.stop(); });

  it('declares only PF and delivers the waveform on it', () => {
    expect(sim.rejectedLines).toEqual([]);
    const h = sim.headers[0]!.header;
    expect(h.rateHz).toBe(2000);
    expect(h.channels.map((c) => c.label)).toEqual(['PF']);
    expect(h.channels[0]!.scale).toBe((VREF_MV * 1000) / 1024 / EMG_GAIN);
    expect(sim.samples.length).toBeGreaterThan(1000);
    for (const s of sim.samples) expect(s.raws).toEqual([sineRaw(500, 32, s.index, 0)]);
    expect(sim.decoder.counters.lost).toBe(0);
  });

  it('samples at 2000 Hz within 0.1 % on the simulated clock', () => {
    expect(Math.abs(tickRateHz(stats!) / 2000 - 1)).toBeLessThan(0.001);
  });
});
