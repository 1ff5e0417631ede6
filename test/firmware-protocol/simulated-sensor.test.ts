// The simulated sensor's protocol behaviour: every line decodes cleanly, exact sample timing, headers, commands, seq wrap.
import { describe, expect, it } from 'vitest';
import { SEQ_MODULO, parseLine } from '../../firmware-protocol/codec.ts';
import { SimulatedSensor, isValidSimRate } from '../../firmware-protocol/simulated-sensor.ts';
import { capture } from './sim-harness.ts';

/** A deterministic irregular step sequence (1..17 ms), like a jittery timer. */
function jitterRun(s: SimulatedSensor, cap: ReturnType<typeof capture>, fromMs: number, toMs: number): void {
  let t = fromMs;
  let k = 0;
  while (t < toMs) {
    cap.feed(s.advance(t));
    t = Math.min(toMs, t + 1 + ((k++ * 7) % 17) + 0.37);
  }
  cap.feed(s.advance(toMs));
}

describe('SimulatedSensor stream', () => {
  it('every line of 10 s of EMG demo (with hum and ECG) passes the real decoder: zero rejected, zero lost', () => {
    const s = new SimulatedSensor({ kind: 'emg', script: 'demo', mainsHz: 50, ecg: true });
    const cap = capture(2);
    cap.feed(s.advance(1000));
    cap.feed(s.command('INFO'));
    cap.feed(s.command('START'));
    jitterRun(s, cap, 1000, 11000);
    cap.decoder.flush();
    expect(cap.rejected()).toBe(0);
    expect(cap.decoder.counters.lost).toBe(0);
    expect(cap.decoder.counters.samples).toBe(20000);
    expect(cap.decoder.counters.idents).toBe(1);
    expect(cap.decoder.counters.ignored).toBe(0);
  });

  for (const [kind, rateHz] of [['emg', 2000], ['emg', 1000], ['emg', 500], ['pressure', 100], ['pressure', 10], ['pressure', 1000]] as const) {
    it(`produces exactly ${rateHz * 10} ${kind} samples over a simulated 10 s at ${rateHz} Hz`, () => {
      const s = new SimulatedSensor({ kind, rateHz });
      const cap = capture(kind === 'emg' ? 2 : 1);
      cap.feed(s.advance(123.4));
      cap.feed(s.command('START'));
      jitterRun(s, cap, 123.4, 10123.4);
      cap.decoder.flush();
      expect(cap.decoder.counters.samples).toBe(rateHz * 10);
      expect(cap.rejected()).toBe(0);
      // one more sample becomes due the instant after
      cap.feed(s.advance(10123.4 + 1000 / rateHz));
      cap.decoder.flush();
      expect(cap.decoder.counters.samples).toBe(rateHz * 10 + 1);
    });
  }

  it('sample k is due at t0 + k/rate: nothing before, one at the start instant', () => {
    const s = new SimulatedSensor({ kind: 'pressure', autoStart: true }); // 100 Hz
    const first = s.advance(50);
    expect(first.filter((l) => /^\d/.test(l))).toEqual([]); // header only: sample 0 is at t0 and not yet "since"
    expect(first[0]!.startsWith('#LL1,100,')).toBe(true);
    expect(s.advance(50.001).filter((l) => /^\d/.test(l)).length).toBe(1);
    expect(s.advance(60).filter((l) => /^\d/.test(l)).length).toBe(0);
    expect(s.advance(60.001).filter((l) => /^\d/.test(l)).length).toBe(1);
    expect(s.advance(100.001).filter((l) => /^\d/.test(l)).length).toBe(4);
  });

  it('sends the header at least once per second while streaming', () => {
    const s = new SimulatedSensor({ kind: 'emg' });
    const cap = capture(2);
    cap.feed(s.advance(0));
    cap.feed(s.command('START'));
    cap.run(s, 0, 10000, 7);
    cap.decoder.flush();
    expect(cap.headers.length).toBeGreaterThanOrEqual(10);
    const at = [...cap.headerAtSample, cap.decoder.sampleIndex];
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeLessThanOrEqual(2000);
    expect(cap.headers.every((h) => h.rateHz === 2000 && h.channels.map((c) => c.label).join() === 'PF,ABD')).toBe(true);
  });

  it('sequence numbers wrap from 65535 to 0 without loss', () => {
    const s = new SimulatedSensor({ kind: 'emg', script: 'steady', autoStart: true });
    const cap = capture(2);
    cap.run(s, 0, 35000, 20); // 70000 samples
    cap.decoder.flush();
    expect(cap.decoder.counters.samples).toBe(70000);
    expect(cap.decoder.counters.lost).toBe(0);
    expect(cap.rejected()).toBe(0);
    const seqs = cap.lines.filter((l) => /^\d/.test(l)).map((l) => Number(l.split(',')[0]));
    const wrap = seqs.indexOf(65535);
    expect(wrap).toBe(65535);
    expect(seqs[wrap + 1]).toBe(0);
    expect(Math.max(...seqs)).toBe(SEQ_MODULO - 1);
  });

  it('is deterministic per seed', () => {
    const run = (seed: number) => {
      const s = new SimulatedSensor({ kind: 'emg', seed, autoStart: true });
      const out: string[] = [];
      for (let t = 0; t <= 500; t += 5) out.push(...s.advance(t));
      return out;
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('drops (as seq-gap loss) samples beyond a 30 s backlog instead of bursting unbounded', () => {
    const s = new SimulatedSensor({ kind: 'pressure', autoStart: true });
    const cap = capture(1);
    cap.feed(s.advance(0));
    cap.feed(s.advance(100)); // 10 samples
    cap.feed(s.advance(40100)); // 4000 more due: 1000 dropped, 3000 sent
    cap.decoder.flush();
    expect(cap.decoder.counters.samples).toBe(3010);
    expect(cap.decoder.counters.lost).toBe(1000);
    expect(cap.rejected()).toBe(0);
  });
});

describe('SimulatedSensor commands', () => {
  it('INFO → ident line then header; default ident and custom ident', () => {
    const s = new SimulatedSensor({ kind: 'emg', seed: 7 });
    const r = s.command('INFO');
    expect(r.length).toBe(2);
    const id = parseLine(r[0]!, null);
    expect(id).toEqual({ type: 'ident', ident: { vendor: 'Loslaten', model: 'Sim-EMG', serial: 'SIM-7', firmware: '1.0.0' } });
    const h = parseLine(r[1]!, null);
    expect(h.type === 'header' && h.header).toEqual(s.header);
    expect(s.header.channels).toEqual([
      { label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
      { label: 'ABD', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
    ]);
    const c = new SimulatedSensor({ kind: 'pressure', ident: { vendor: 'Acme', model: 'P1', serial: '42', firmware: '0.9' } });
    expect(parseLine(c.command('INFO\r')[0]!, null)).toEqual({ type: 'ident', ident: { vendor: 'Acme', model: 'P1', serial: '42', firmware: '0.9' } });
    expect(c.header).toEqual({ rateHz: 100, channels: [{ label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: -5000, rawMax: 30000 }] });
    expect(s.streaming).toBe(false); // INFO does not start a stream
  });

  it('waits for START (no samples before), STOP halts, a second START resumes with continuous seq', () => {
    const s = new SimulatedSensor({ kind: 'pressure', script: 'steady' });
    const cap = capture(1);
    cap.run(s, 0, 2000, 10);
    expect(cap.lines).toEqual([]);
    expect(s.streaming).toBe(false);
    const start = s.command('START');
    expect(start.length).toBe(1);
    expect(parseLine(start[0]!, null).type).toBe('header');
    cap.feed(start);
    expect(s.streaming).toBe(true);
    cap.run(s, 2000, 3000, 10);
    expect(cap.decoder.counters.samples).toBe(100);
    expect(s.command('STOP')).toEqual([]);
    expect(s.streaming).toBe(false);
    cap.run(s, 3000, 5000, 10);
    expect(cap.decoder.counters.samples).toBe(100);
    cap.feed(s.command('START'));
    cap.run(s, 5000, 5500, 10);
    cap.decoder.flush();
    expect(cap.decoder.counters.samples).toBe(150);
    expect(cap.decoder.counters.lost).toBe(0);
    expect(cap.rejected()).toBe(0);
    expect(s.scriptTimeSec).toBeCloseTo(1.5, 9); // the script clock runs only while streaming
  });

  it('START before the first advance() starts the stream at the first advance()', () => {
    const s = new SimulatedSensor({ kind: 'pressure' });
    expect(s.command('START').length).toBe(1);
    expect(s.advance(500).filter((l) => /^\d/.test(l))).toEqual([]);
    expect(s.advance(1500).filter((l) => /^\d/.test(l)).length).toBe(100);
  });

  it('autoStart streams from the first advance() with a header first and a battery event', () => {
    const s = new SimulatedSensor({ kind: 'emg', autoStart: true });
    expect(s.streaming).toBe(true);
    const cap = capture(2);
    cap.feed(s.advance(0));
    cap.feed(s.advance(100));
    expect(cap.lines[0]).toBe(cap.lines.find((l) => l.startsWith('#LL1')));
    expect(cap.decoder.counters.samples).toBe(200);
    expect(cap.events).toEqual([{ name: 'battery', args: ['100'] }]);
    expect(cap.rejected()).toBe(0);
  });

  it('ZERO tares pressure: steady 25.00 mmHg reads 0 afterwards; EMG ignores ZERO', () => {
    const s = new SimulatedSensor({ kind: 'pressure', script: 'steady', autoStart: true });
    const cap = capture(1);
    cap.run(s, 0, 1000, 10);
    expect(cap.raws[0]!.every((r) => r === 2500)).toBe(true);
    expect(s.command('ZERO')).toEqual([]);
    const n = cap.raws[0]!.length;
    cap.run(s, 1010, 2000, 10);
    cap.decoder.flush();
    const after = cap.raws[0]!.slice(n);
    expect(after.length).toBe(100);
    expect(after.every((r) => r === 0)).toBe(true);

    const run = (zero: boolean) => {
      const e = new SimulatedSensor({ kind: 'emg', script: 'steady', autoStart: true });
      const out = e.advance(0).concat(e.advance(50));
      if (zero) expect(e.command('ZERO')).toEqual([]);
      return out.concat(e.advance(100));
    };
    expect(run(true)).toEqual(run(false));
  });

  it('ZERO on the pressure demo makes subsequent readings relative to the level at that moment', () => {
    const s = new SimulatedSensor({ kind: 'pressure', script: 'demo', autoStart: true });
    const cap = capture(1);
    cap.run(s, 0, 5000, 10);
    const before = cap.values[0]![cap.values[0]!.length - 1]!;
    expect(before).toBeGreaterThan(18);
    s.command('ZERO');
    cap.run(s, 5010, 5050, 10);
    cap.decoder.flush();
    const next = cap.values[0]![cap.values[0]!.length - 1]!;
    expect(Math.abs(next)).toBeLessThan(0.3);
  });

  it('RATE: EMG accepts 500/1000/2000, re-sends the header and streams at the new rate; others → !error,bad-rate', () => {
    const s = new SimulatedSensor({ kind: 'emg' });
    const cap = capture(2);
    cap.feed(s.advance(0));
    cap.feed(s.command('START'));
    cap.run(s, 0, 1000, 5);
    const r = s.command('RATE 500');
    expect(r.length).toBe(1);
    const h = parseLine(r[0]!, null);
    expect(h.type === 'header' && h.header.rateHz).toBe(500);
    expect(s.header.rateHz).toBe(500);
    cap.feed(r);
    const before = cap.decoder.counters.samples;
    cap.run(s, 1005, 3000, 5);
    cap.decoder.flush();
    expect(cap.decoder.counters.samples - before).toBe(1000);
    expect(cap.rejected()).toBe(0);
    expect(cap.decoder.counters.lost).toBe(0);
    for (const bad of ['RATE 250', 'RATE 1500', 'RATE 100', 'RATE 0']) {
      expect(s.command(bad)).toEqual(['!error,bad-rate*3D']);
      expect(parseLine(s.command(bad)[0]!, null)).toEqual({ type: 'event', event: { name: 'error', args: ['bad-rate'] } });
    }
    expect(s.header.rateHz).toBe(500);
    for (const ok of [1000, 2000]) expect(parseLine(s.command(`RATE ${ok}`)[0]!, null).type).toBe('header');
  });

  it('RATE: pressure accepts 10..1000 Hz', () => {
    const s = new SimulatedSensor({ kind: 'pressure' });
    for (const ok of [10, 250, 1000]) {
      const r = s.command(`RATE ${ok}`);
      expect(r.length).toBe(1);
      expect(s.header.rateHz).toBe(ok);
    }
    for (const bad of [9, 1001, 2000]) expect(s.command(`RATE ${bad}`)).toEqual(['!error,bad-rate*3D']);
    expect(isValidSimRate('pressure', 10.5)).toBe(false);
    expect(isValidSimRate('emg', 1000)).toBe(true);
  });

  it('unknown commands → !error,unknown-command; empty lines are ignored', () => {
    const s = new SimulatedSensor({ kind: 'emg' });
    for (const bad of ['HELLO', 'start', 'RATE', 'RATE abc', 'INFO extra']) {
      const r = s.command(bad);
      expect(r).toEqual(['!error,unknown-command*57']);
      expect(parseLine(r[0]!, null)).toEqual({ type: 'event', event: { name: 'error', args: ['unknown-command'] } });
    }
    expect(s.command('')).toEqual([]);
    expect(s.command('\r')).toEqual([]);
  });

  it('lead-off / lead-on events are sent and the channel reads 0 while off', () => {
    const s = new SimulatedSensor({ kind: 'emg', script: 'steady', autoStart: true });
    const cap = capture(2);
    cap.run(s, 0, 100, 5);
    s.setLeadOff(0, true);
    const n = cap.raws[0]!.length;
    cap.run(s, 105, 200, 5);
    s.setLeadOff(0, false);
    cap.run(s, 205, 300, 5);
    cap.decoder.flush();
    expect(cap.events.map((e) => `${e.name}:${e.args.join()}`)).toEqual(['battery:100', 'lead-off:PF', 'lead-on:PF']);
    const off = cap.raws[0]!.slice(n, n + 200);
    expect(off.every((r) => r === 0)).toBe(true);
    expect(cap.raws[1]!.slice(n, n + 200).some((r) => r !== 0)).toBe(true);
    expect(cap.raws[0]!.slice(n + 200).some((r) => r !== 0)).toBe(true);
    expect(cap.rejected()).toBe(0);
  });
});
