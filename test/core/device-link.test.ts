// Integration: the simulator CLI on a socat pty, read by the real serialport stack through the device link.
import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { DeviceLink } from '../../core/device/link.ts';
import type { LinkState, LinkStatus } from '../../api/contract.ts';
import { SimulatedSensor } from '../../firmware-protocol/simulated-sensor.ts';
import { parseLine } from '../../firmware-protocol/codec.ts';
import type { SampleBatch } from '../../firmware-protocol/decoder.ts';
import { PtyPair, simReady, spawnSim, stopProcess, waitFor } from '../helpers/pty.ts';
import type { ChildProcess } from 'node:child_process';

interface Collected { index: number[]; ch: number[][]; states: { state: LinkState; at: number }[] }

function collector(): { c: Collected; link: DeviceLink } {
  const c: Collected = { index: [], ch: [[], []], states: [] };
  const link = new DeviceLink({
    onBatch: (b: SampleBatch) => {
      for (let i = 0; i < b.count; i++) {
        c.index.push(b.firstSampleIndex + i);
        for (let k = 0; k < b.channels.length; k++) (c.ch[k] ??= []).push(b.channels[k]![i]!);
      }
    },
    onStatus: (s: LinkStatus) => { if (c.states.at(-1)?.state !== s.state) c.states.push({ state: s.state, at: Date.now() }); },
  });
  return { c, link };
}

/** The samples the simulator produces after INFO + START, computed in-process from the same seed. */
function referenceSamples(seed: number, n: number): number[][] {
  const ref = new SimulatedSensor({ kind: 'emg', script: 'demo', seed });
  ref.command('INFO');
  const lines = [...ref.command('START'), ...ref.advance(0), ...ref.advance((n / 2000) * 1000 + 100)];
  const header = ref.header;
  const out: number[][] = [];
  for (const l of lines) {
    const r = parseLine(l, header);
    if (r.type === 'sample') out.push([...r.raws]);
  }
  return out;
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

async function rig(simArgs: string[]): Promise<{ pair: PtyPair; sim: { p: ChildProcess } }> {
  const pair = await new PtyPair().start();
  const sim = { p: spawnSim(pair.a, simArgs) };
  cleanup.push(async () => { await stopProcess(sim.p); await pair.stop(); });
  await simReady(sim.p);
  return { pair, sim };
}

describe('device link over a real pty', () => {
  it('receives exactly the values the simulator sent, with nothing lost or rejected', async () => {
    const { pair } = await rig(['--kind', 'emg', '--script', 'demo', '--seed', '7']);
    const { c, link } = collector();
    cleanup.push(() => link.disconnect());
    const r = await link.connect('serial:' + pair.b);
    expect(r).toEqual({ ok: true, value: { deviceId: 'serial:' + pair.b } });
    await waitFor(() => c.index.length >= 3000, 10_000, '3000 samples');
    const st = link.status();
    expect(st.state).toBe('streaming');
    expect(st.ident?.model).toBe('Sim-EMG');
    expect(st.header?.rateHz).toBe(2000);
    expect(st.counters.lost).toBe(0);
    expect(Object.values(st.counters.rejected).reduce((a, b) => a + b, 0)).toBe(0);
    const ref = referenceSamples(7, 3000);
    for (let i = 0; i < 3000; i++) {
      expect(c.index[i]).toBe(i);
      expect([c.ch[0]![i], c.ch[1]![i]], `sample ${i}`).toEqual(ref[i]);
    }
  });

  it('names a missing port, a busy port, a silent device and a device that does not speak LL1', async () => {
    const { link: l1 } = collector();
    const missing = await l1.connect('serial:/dev/loslaten-no-such-port');
    expect(missing).toEqual({ ok: false, error: { kind: 'no-such-port', path: '/dev/loslaten-no-such-port' } });
    expect(l1.status().state).toBe('error');

    // A silent device: a pty pair with nobody on the other end.
    const silent = await new PtyPair().start();
    cleanup.push(() => silent.stop());
    const t0 = Date.now();
    const s = await l1.connect('serial:' + silent.b);
    expect(s.ok ? null : s.error.kind).toBe('device-silent');
    expect(Date.now() - t0).toBeLessThan(3500);

    // Busy: a second link on a port the first one holds.
    const { pair } = await rig(['--kind', 'pressure', '--script', 'steady']);
    const { link: holder } = collector();
    cleanup.push(() => holder.disconnect());
    expect((await holder.connect('serial:' + pair.b)).ok).toBe(true);
    const busy = await l1.connect('serial:' + pair.b);
    expect(busy).toEqual({ ok: false, error: { kind: 'port-busy', path: pair.b } });

    // Not LL1: something chatty but foreign on the line (e.g. an Arduino sketch printing values).
    const foreign = await new PtyPair().start();
    cleanup.push(() => foreign.stop());
    const dev = new SerialPort({ path: foreign.a, baudRate: 115200 });
    await new Promise((r) => dev.once('open', r));
    const chatter = setInterval(() => dev.write('A0=512 A1=498\r\nhello world\r\n'), 20);
    cleanup.push(async () => { clearInterval(chatter); await new Promise((r) => dev.close(() => r(null))); });
    const nl = await l1.connect('serial:' + foreign.b);
    expect(nl.ok).toBe(false);
    if (!nl.ok) {
      expect(nl.error.kind).toBe('not-ll1');
      expect(nl.error.kind === 'not-ll1' && nl.error.rejectedLines).toBeGreaterThan(10);
    }
  });

  it('reports a stalled device within 1 s and resumes when it sends again', async () => {
    const { pair, sim } = await rig(['--kind', 'pressure', '--script', 'steady', '--rate', '200']);
    const { c, link } = collector();
    cleanup.push(() => link.disconnect());
    expect((await link.connect('serial:' + pair.b)).ok).toBe(true);
    await waitFor(() => c.index.length > 50, 5000, 'samples');
    expect(link.usesOwnTimer).toBe(false); // the port's read poll drives stall detection: one timer, not two
    const frozenAt = Date.now();
    sim.p.kill('SIGSTOP');
    await waitFor(() => link.status().state === 'stalled', 3000, 'stalled');
    const detectMs = Date.now() - frozenAt;
    expect(detectMs).toBeLessThan(1000); // 750 ms of silence + one 100-ms housekeeping step, shown within 1 s
    sim.p.kill('SIGCONT');
    await waitFor(() => link.status().state === 'streaming', 3000, 'streaming again');
  });

  it('reconnects by itself within 2 s after the device is unplugged and plugged back in', async () => {
    const { pair, sim } = await rig(['--kind', 'pressure', '--script', 'steady', '--rate', '200']);
    const { c, link } = collector();
    cleanup.push(() => link.disconnect());
    expect((await link.connect('serial:' + pair.b)).ok).toBe(true);
    await waitFor(() => c.index.length > 50, 5000, 'samples');
    await stopProcess(sim.p);
    await pair.stop(); // unplug: the pty disappears
    await waitFor(() => link.status().state === 'reconnecting', 3000, 'reconnecting');
    expect(link.usesOwnTimer).toBe(true); // no port, no poll: the link keeps its own housekeeping timer
    await new Promise((r) => setTimeout(r, 500));
    await pair.start(); // replug: the path returns
    sim.p = spawnSim(pair.a, ['--kind', 'pressure', '--script', 'steady', '--rate', '200']);
    await simReady(sim.p); // the device is back once its simulator holds the pty
    const back = Date.now();
    const before = c.index.length;
    await waitFor(() => link.status().state === 'streaming' && c.index.length > before + 20, 8000, 'streaming after replug');
    expect(Date.now() - back).toBeLessThan(2000);
    expect(link.usesOwnTimer).toBe(false);
    expect(c.states.map((s) => s.state)).toEqual(expect.arrayContaining(['streaming', 'reconnecting']));
  });
});
