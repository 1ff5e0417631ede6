// Cyton, BITalino and text-stream emulators on socat ptys, through serialport and the DeviceLink: exact µV / mmHg for
// every intact sample, faults counted, nothing invented; a Cyton unplugged and plugged back in is followed.
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceLink, type LinkEventKind } from '../../core/device/link.ts';
import { EmulatorOnPort } from '../../core/sim/device-emulator.ts';
import { bitalinoValue, cytonValue, faultAt, textValue, type FaultPlan } from '../../devices/emulators.ts';
import type { DeviceSettings } from '../../devices/registry.ts';
import type { SampleBatch, StreamHeader } from '../../devices/driver.ts';
import { totalBadFrames } from '../../devices/driver.ts';
import { CYTON_DEFAULT_CHANNELS } from '../../devices/cyton.ts';
import { PtyPair, waitFor } from '../helpers/pty.ts';

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

interface Got { index: number[]; phys: number[][]; streams: number[] }

function linkCollecting(got: Got, headers: StreamHeader[], events: LinkEventKind[] = []): DeviceLink {
  return new DeviceLink({
    onHeader: (h, changed) => { if (changed) headers.push(h); },
    onBatch: (b: SampleBatch) => {
      for (let i = 0; i < b.count; i++) {
        got.index.push(b.firstSampleIndex + i);
        got.streams.push(b.streamId);
        b.channels.forEach((ch, c) => (got.phys[c] ??= []).push(ch[i]! * b.header.channels[c]!.scale));
      }
    },
    onLinkEvent: (k) => events.push(k),
  });
}

/** Relative closeness for physical values computed two ways (raw × scale vs the datasheet formula). */
function same(a: number, b: number): boolean { return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)); }

async function start(plan: FaultPlan, device: 'cyton' | 'bitalino' | 'text', settings: DeviceSettings, extra: { rateHz?: number; columns?: number } = {}) {
  const pair = await new PtyPair().start();
  cleanup.push(() => pair.stop());
  const emu = await new EmulatorOnPort(pair.a, { device, faults: plan, ...extra }).open();
  cleanup.push(() => emu.close());
  const got: Got = { index: [], phys: [], streams: [] };
  const headers: StreamHeader[] = [];
  const events: LinkEventKind[] = [];
  const link = linkCollecting(got, headers, events);
  cleanup.push(() => link.disconnect());
  const r = await link.connect('serial:' + pair.b, undefined, settings);
  if (!r.ok) throw new Error(`connect failed: ${JSON.stringify(r.error)}`);
  return { pair, emu, got, headers, events, link };
}

describe('non-LL1 devices on a real pty through the device link', () => {
  it('OpenBCI Cyton: 8 channels in µV = counts × 4.5 / 24 / (2^23 − 1) × 10^6, junk, drops, corrupt and torn packets counted', async () => {
    const plan: FaultPlan = { junk: { every: 41, phase: 7 }, drop: { every: 97, phase: 30 }, corrupt: { every: 113, phase: 60 }, stray: { every: 131, phase: 80 }, lostByte: { every: 151, phase: 100 } };
    const { got, link, emu } = await start(plan, 'cyton', { driver: 'cyton', channels: CYTON_DEFAULT_CHANNELS });
    // The start steps sent exactly s, v, d, b: no other byte reached the board.
    expect(String.fromCharCode(...emu.emulator.received)).toBe('svdb');
    await waitFor(() => got.index.length >= 750, 8000, '3 s of Cyton samples');
    const st = link.status();
    expect(st.state).toBe('streaming');
    expect(st.driver?.id).toBe('cyton');
    expect(st.header!.rateHz).toBe(250);
    expect(st.ident?.firmware).toBe('v3.1.2');
    const uv = (counts: number) => counts * 4.5 / 24 / (2 ** 23 - 1) * 1e6;
    for (let k = 0; k < got.index.length; k++) {
      const i = got.index[k]!;
      expect(faultAt(plan, i, true), `sample ${i}`).toBeNull();
      for (let c = 0; c < 8; c++) if (!same(got.phys[c]![k]!, uv(cytonValue(i, c)))) throw new Error(`sample ${i} ch ${c}: ${got.phys[c]![k]} µV`);
    }
    const last = got.index.at(-1)!;
    let spoiled = 0;
    for (let i = 0; i <= last; i++) if (faultAt(plan, i, true) !== null) spoiled++;
    expect(st.counters.lost).toBeGreaterThanOrEqual(spoiled);
    expect(st.counters.lost + st.counters.samples).toBeGreaterThanOrEqual(last + 1);
    expect(totalBadFrames(st.counters)).toBeGreaterThan(0);
    expect(st.counters.skippedBytes).toBeGreaterThanOrEqual(40 * Math.floor((last - 7) / 41));
  });

  it('BITalino: A1 and A2 at 1000 Hz in µV = (ADC/1024 − 0.5) × 3.3/1009 × 10^6; corrupt frames skipped in place, losses counted', async () => {
    const plan: FaultPlan = { junk: { every: 211, phase: 50 }, drop: { every: 157, phase: 20 }, corrupt: { every: 173, phase: 90 }, stray: { every: 401, phase: 150 }, lostByte: { every: 439, phase: 300 } };
    const { got, link, emu } = await start(plan, 'bitalino', { driver: 'bitalino', rateHz: 1000, channels: [{ input: 1, role: 'pelvic-floor' }, { input: 2, role: 'abdominal' }] });
    expect(emu.emulator.received.slice(0, 4)).toEqual([0x00, 0x07, 0xc3, (3 << 2) | 1]);
    await waitFor(() => got.index.length >= 2500, 8000, '2.5 s of BITalino samples');
    const st = link.status();
    expect(st.ident?.model).toBe('BITalino');
    const uv = (adc: number) => (adc / 1024 - 0.5) * 3.3 / 1009 * 1e6;
    for (let k = 0; k < got.index.length; k++) {
      const i = got.index[k]!;
      expect(faultAt(plan, i, true), `sample ${i}`).toBeNull();
      for (let c = 0; c < 2; c++) if (!same(got.phys[c]![k]!, uv(bitalinoValue(i, c)))) throw new Error(`sample ${i} ch ${c}`);
    }
    const last = got.index.at(-1)!;
    expect(st.counters.lost + st.counters.samples).toBeGreaterThanOrEqual(last + 1);
    expect(st.counters.rejected['crc']! + st.counters.rejected['sync']!).toBeGreaterThanOrEqual(Math.floor((last - 90) / 173));
    expect(st.counters.rejected['crc']).toBeGreaterThan(0);
  });

  it('text stream: PF in µV and P in mmHg from (x − offset) × scale, garbage and damaged lines counted, lost not claimed', async () => {
    const plan: FaultPlan = { junk: { every: 50, phase: 10 }, corrupt: { every: 71, phase: 5 }, stray: { every: 89, phase: 40 } };
    const settings: DeviceSettings = { driver: 'text', rateHz: 500, columns: [
      { label: 'PF', kind: 'emg', unit: 'uV', scale: 3.2227, offset: 512 },
      { label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.25, offset: 100 },
    ] };
    const { got, link, emu } = await start(plan, 'text', settings, { rateHz: 500, columns: 2 });
    await waitFor(() => got.index.length >= 1000, 8000, '2 s of text lines');
    expect(emu.emulator.received).toEqual([]); // a text stream is never sent a byte
    const st = link.status();
    expect(st.driver?.lossDetectable).toBe(false);
    expect(st.counters.lost).toBe(0);
    // Which printed line the first sample was (the stream began before the port opened): the first intact one whose
    // values match, then every following intact line in order.
    const n = emu.emulator.produced;
    const intact: number[] = [];
    for (let i = 0; i < n; i++) if (faultAt(plan, i, false) === null) intact.push(i);
    const first = intact.findIndex((i) => same(got.phys[0]![0]!, (textValue(i, 0) - 512) * 3.2227) && same(got.phys[1]![0]!, (textValue(i, 1) - 100) * 0.25) && same(got.phys[0]![1]!, (textValue(intact[intact.indexOf(i) + 1]!, 0) - 512) * 3.2227));
    expect(first).toBeGreaterThanOrEqual(0);
    for (let k = 0; k < got.index.length; k++) {
      const i = intact[first + k]!;
      if (!same(got.phys[0]![k]!, (textValue(i, 0) - 512) * 3.2227) || !same(got.phys[1]![k]!, (textValue(i, 1) - 100) * 0.25)) throw new Error(`line ${i} (sample ${k})`);
    }
    expect(st.counters.rejected['syntax']).toBeGreaterThanOrEqual(Math.floor(got.index.length / 50));
  });

  it('a Cyton unplugged and plugged back in: reconnected by itself, a new stream, the gap reported as unplugged → reconnected', async () => {
    const pair = await new PtyPair().start();
    cleanup.push(() => pair.stop());
    let emu = await new EmulatorOnPort(pair.a, { device: 'cyton' }).open();
    const got: Got = { index: [], phys: [], streams: [] };
    const headers: StreamHeader[] = [];
    const events: LinkEventKind[] = [];
    const link = linkCollecting(got, headers, events);
    cleanup.push(() => link.disconnect());
    expect((await link.connect('serial:' + pair.b, undefined, { driver: 'cyton', channels: CYTON_DEFAULT_CHANNELS })).ok).toBe(true);
    await waitFor(() => got.index.length >= 100, 5000, 'samples before the unplug');
    await emu.close();
    await pair.stop();
    await waitFor(() => events.includes('unplugged'), 3000, 'unplugged');
    await pair.start();
    emu = await new EmulatorOnPort(pair.a, { device: 'cyton' }).open();
    cleanup.push(() => emu.close());
    await waitFor(() => events.includes('reconnected'), 8000, 'reconnected');
    await waitFor(() => got.streams.filter((s) => s === 2).length >= 100, 5000, 'samples of the second stream');
    expect(events.slice(0, 2)).toEqual(['unplugged', 'reconnected']);
    expect(link.status().streamId).toBe(2);
    expect(headers).toHaveLength(2);
    // The second stream's values are the new board's, from its first sample.
    const k0 = got.streams.indexOf(2);
    expect(got.index[k0]).toBe(0);
    expect(same(got.phys[0]![k0]!, cytonValue(0, 0) * 4.5 / 24 / (2 ** 23 - 1) * 1e6)).toBe(true);
  });
});
