// The EMG reference firmware, run in simavr: LL1 lines through the real decoder, exact rates, values, commands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalRejected } from '../../firmware-protocol/decoder.ts';
import { SimulatedSensor } from '../../firmware-protocol/simulated-sensor.ts';
import { EMG_GAIN, SimSession, VREF_MV, lineRateHz, sineRaw, sleep, tickRateHz, type SimStats } from './sim-session.ts';

const AMP = 400;
const PERIOD = 50;
/** µV at the electrode per ADC count, from the build constants (independent of what the firmware prints). */
const UV_PER_COUNT = (VREF_MV * 1000) / 1024 / EMG_GAIN;

describe('EMG firmware in simavr (2 channels, sine waveform)', () => {
  const sim = new SimSession('loslaten-emg.elf', ['--wave', `sine:${AMP}:${PERIOD}`]);
  const perRate = new Map<number, SimStats>();
  let repeatBase = 0;
  let repeatAfter: typeof sim.headers = [];
  /** What INFO alone brought: the lines in order and the samples (none: INFO does not start the stream). */
  let afterInfo = { lines: [] as string[], samples: -1, headers: 0 };

  beforeAll(async () => {
    await sim.start();
    sim.send('INFO');
    await sim.waitFor('ident and header', () => sim.idents.length > 0 && sim.headers.length > 0);
    await sleep(300); // nothing else may follow: INFO does not start the stream
    afterInfo = { lines: sim.lines.slice(), samples: sim.samples.length, headers: sim.headers.length };
    let streams = 1; // the harness counts stream starts (the firmware toggles PB2 at seq 0)
    sim.send('RATE 500');
    sim.send('START');
    for (const rate of [500, 1000, 2000]) {
      if (rate !== 500) { sim.send(`RATE ${rate}`); streams++; }
      await sim.waitFor(`header ${rate}`, () => sim.headers.some((h) => h.changed && h.header.rateHz === rate));
      perRate.set(rate, await sim.waitTicks(streams, Math.round(rate * 1.3)));
    }
    // START and RATE with the running rate re-announce the stream without restarting it (seq continues)
    repeatBase = sim.headers.length;
    sim.send('START');
    sim.send('RATE 2000');
    await sim.waitTicks(streams, sim.stats!.ticks + 200);
    repeatAfter = sim.headers.slice(repeatBase);
    sim.send('STOP');
    await sleep(150);
    sim.decoder.flush();
  }, 60_000);

  afterAll(async () => { await sim.stop(); });

  it('answers INFO with its identity, then its header (the channels), and no samples — like the simulator', () => {
    expect(sim.idents[0]).toEqual({ vendor: 'Loslaten', model: 'DIY-EMG', serial: 'LL-000000', firmware: '1.0.0' });
    expect(afterInfo.lines.map((l) => l[0])).toEqual(['@', '#']);
    expect(afterInfo.samples).toBe(0);
    expect(afterInfo.headers).toBe(1);
    const h = sim.headers[0]!.header;
    expect(h.channels.map((c) => [c.label, c.kind, c.unit])).toEqual([['PF', 'emg', 'uV'], ['ABD', 'emg', 'uV']]);
    // The simulated sensor answers INFO the same way: ident, then header, no samples.
    const simulated = new SimulatedSensor({ kind: 'emg', script: 'demo', seed: 1 }).command('INFO');
    expect(simulated.map((l) => l[0])).toEqual(['@', '#']);
  });

  it('emits only lines the TypeScript decoder accepts', () => {
    expect(sim.rejectedLines).toEqual([]);
    expect(totalRejected(sim.decoder.counters)).toBe(0);
    expect(sim.decoder.counters.lost).toBe(0);
    expect(sim.samples.length).toBeGreaterThan(4000);
  });

  it('declares two centred 10-bit EMG channels scaled to µV at the electrode', () => {
    const h = sim.headers.find((x) => x.changed)!.header;
    expect(h.channels.map((c) => c.label)).toEqual(['PF', 'ABD']);
    for (const c of h.channels) {
      expect(c).toMatchObject({ kind: 'emg', unit: 'uV', rawMin: -512, rawMax: 511 });
      expect(c.scale).toBe(UV_PER_COUNT);
    }
  });

  it('sends the header on START, on each RATE and once per second of samples', () => {
    // After the header that answered INFO: one per RATE change of the running stream.
    const changed = sim.headers.slice(afterInfo.headers).filter((h) => h.changed).map((h) => h.header.rateHz);
    expect(changed).toEqual([500, 1000, 2000]);
    for (const rate of [500, 1000]) {
      const stream = sim.headers.slice(afterInfo.headers).find((h) => h.changed && h.header.rateHz === rate)!.streamId;
      const inStream = sim.samples.filter((s) => s.streamId === stream);
      const repeats = sim.headers.filter((h) => !h.changed && h.streamId === stream);
      expect(repeats.length).toBe(Math.floor((inStream.length - 1) / rate));
      expect(inStream[0]!.seq).toBe(0); // a new stream starts at seq 0
    }
  });

  it('re-announces without restarting on START or RATE at the running rate', () => {
    expect(repeatAfter.filter((h) => !h.changed && h.header.rateHz === 2000).length).toBeGreaterThanOrEqual(2);
    expect(repeatAfter.every((h) => !h.changed)).toBe(true);
    const stream = sim.headers.slice(afterInfo.headers).find((h) => h.changed && h.header.rateHz === 2000)!.streamId;
    const s = sim.samples.filter((x) => x.streamId === stream);
    expect(s[s.length - 1]!.seq).toBe(s.length - 1); // seq never restarted, nothing lost
  });

  it('samples at the requested rate within 0.1 % on the simulated clock (timer and UART)', () => {
    for (const rate of [500, 1000, 2000]) {
      const s = perRate.get(rate)!;
      expect(Math.abs(tickRateHz(s) / rate - 1)).toBeLessThan(0.001);
      expect(Math.abs(lineRateHz(s) / rate - 1)).toBeLessThan(0.001);
    }
  });

  it('delivers exactly the injected waveform, converted by the header scale', () => {
    let checked = 0;
    for (const smp of sim.samples) {
      const h = sim.headers.find((x) => x.changed && x.streamId === smp.streamId)!.header;
      for (let c = 0; c < 2; c++) {
        const expectedUv = sineRaw(AMP, PERIOD, smp.index, c) * UV_PER_COUNT;
        expect(smp.raws[c]! * h.channels[c]!.scale).toBeCloseTo(expectedUv, 9);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(8000);
  });

  it('stops streaming on STOP', async () => {
    const n = sim.samples.length;
    const ticks = sim.stats!.ticks;
    await sleep(300);
    sim.decoder.flush();
    expect(sim.samples.length).toBe(n);
    expect(sim.stats!.ticks).toBe(ticks);
  });

  it('rejects unsupported rates and unknown commands with an error event', async () => {
    sim.send('RATE 3000');
    sim.send('FOO');
    await sim.waitFor('error events', () => sim.events.length >= 2);
    expect(sim.events.map((e) => [e.event.name, ...e.event.args])).toEqual([['error', 'bad-rate', '3000'], ['error', 'bad-command']]);
  });

  it('leaves CPU headroom at 2000 Hz x 2 channels (reported figures)', () => {
    const s = perRate.get(2000)!;
    const cyclesPerSample = (s.isrBusyCycles + s.workBusyCycles) / s.ticks;
    const budget = s.freq / 2000;
    const latMaxUs = (s.latMaxCycles / s.freq) * 1e6;
    console.log(`[firmware] 2000 Hz x 2 ch: ${cyclesPerSample.toFixed(0)} cycles/sample of ${budget} (ISR ${(s.isrBusyCycles / s.ticks).toFixed(0)}, formatting ${(s.workBusyCycles / s.ticks).toFixed(0)}), headroom ${((1 - cyclesPerSample / budget) * 100).toFixed(1)} %; ` +
      `timer ISR max ${s.isrTimerMaxCycles}, ADC ISR max ${s.isrAdcMaxCycles} cycles; interrupt-to-UART latency mean ${((s.latMeanCycles / s.freq) * 1e6).toFixed(0)} µs, max ${latMaxUs.toFixed(0)} µs`);
    expect(cyclesPerSample).toBeLessThan(budget * 0.5);
    // worst case: a sample queued behind the once-per-second header (~80 bytes on the wire)
    expect(latMaxUs).toBeLessThan(4000);
  });
});
