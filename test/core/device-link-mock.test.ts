// The device link and its drivers through serialport's in-memory port (@serialport/binding-mock via SerialPortMock):
// the same SerialLineSource, its non-POSIX read loop, each driver's start bytes and decoding.
import { afterEach, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { DeviceLink } from '../../core/device/link.ts';
import { SerialLineSource } from '../../core/device/serial-source.ts';
import type { Framing } from '../../core/device/line-source.ts';
import { CytonEmulator, BitalinoEmulator, TextEmulator, cytonValue, bitalinoValue, textValue, type DeviceEmulator } from '../../devices/emulators.ts';
import { CYTON_DEFAULT_CHANNELS } from '../../devices/cyton.ts';
import type { DeviceSettings } from '../../devices/registry.ts';
import { encodeHeader, encodeSample, type StreamHeader } from '../../firmware-protocol/codec.ts';
import { waitFor } from '../helpers/pty.ts';

const MockBinding = SerialPortMock.binding;
let cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
  MockBinding.reset();
});

/**
 * A mock port whose "device" is driven by `answer`: every byte the host writes is handed to it, whatever it returns is
 * emitted back, and `tick` output is emitted every 5 ms.
 */
function mockDevice(path: string, answer: (bytes: Uint8Array) => Uint8Array | string | null, tick: () => Uint8Array | string | null) {
  MockBinding.createPort(path, { echo: false, record: true });
  let port: SerialPortMock | null = null;
  let seen = 0;
  const emit = (d: Uint8Array | string | null) => { if (d && d.length > 0 && port?.port?.isOpen) port.port.emitData(typeof d === 'string' ? d : Buffer.from(d)); };
  const timer = setInterval(() => {
    const b = port?.port;
    if (!b?.isOpen) return;
    if (b.recording.length > seen) { emit(answer(b.recording.subarray(seen))); seen = b.recording.length; }
    emit(tick());
  }, 5);
  cleanup.push(() => clearInterval(timer));
  return {
    sourceFor: (id: string, baud: number, framing: Framing) =>
      new SerialLineSource(id.slice('serial:'.length), baud, framing, (p, b) => (port = new SerialPortMock({ path: p, baudRate: b, autoOpen: false }))),
    written: (): number[] => Array.from(port?.port?.recording ?? Buffer.alloc(0)),
  };
}

function collect() {
  const values: number[][] = [];
  let first = -1;
  return {
    values,
    first: () => first,
    onBatch: (b: { firstSampleIndex: number; count: number; channels: readonly Int32Array[] }) => {
      if (first < 0) first = b.firstSampleIndex;
      b.channels.forEach((ch, c) => { for (let i = 0; i < b.count; i++) (values[c] ??= []).push(ch[i]!); });
    },
  };
}

async function connected(dev: ReturnType<typeof mockDevice>, settings: DeviceSettings, onBatch: ReturnType<typeof collect>['onBatch']) {
  const link = new DeviceLink({ onBatch }, { sourceFor: dev.sourceFor });
  cleanup.push(() => link.disconnect());
  const r = await link.connect('serial:/dev/mock0', undefined, settings);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return link;
}

function clocked(emu: DeviceEmulator) { return () => emu.advance(performance.now()); }

describe('device link on the in-memory serial port', () => {
  it('LL1 as before: INFO and START written, header and samples decoded, STOP on disconnect', async () => {
    const h: StreamHeader = { rateHz: 1000, channels: [{ label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 }] };
    let started = false;
    let seq = 0;
    const dev = mockDevice('/dev/mock0', (b) => { if (String.fromCharCode(...b).includes('START')) { started = true; return encodeHeader(h) + '\n'; } return null; },
      () => { if (!started) return null; let s = ''; for (let k = 0; k < 5; k++, seq++) s += encodeSample(seq, [seq * 3 - 500]) + '\n'; return s; });
    const c = collect();
    const link = await connected(dev, { driver: 'll1' }, c.onBatch);
    await waitFor(() => (c.values[0]?.length ?? 0) >= 200, 5000, 'LL1 samples');
    expect(c.values[0]!.slice(0, 200)).toEqual(Array.from({ length: 200 }, (_, i: number) => i * 3 - 500));
    expect(link.status().driver?.id).toBe('ll1');
    expect(String.fromCharCode(...dev.written())).toMatch(/^(INFO\nSTART\n)+$/);
    await link.disconnect();
    expect(String.fromCharCode(...dev.written())).toMatch(/STOP\n$/);
  });

  it('Cyton: s, v, d, b written, banner read as identity, packets decoded exactly; s on disconnect', async () => {
    const emu = new CytonEmulator();
    const dev = mockDevice('/dev/mock0', (b) => emu.receive(b), clocked(emu));
    const c = collect();
    const link = await connected(dev, { driver: 'cyton', channels: CYTON_DEFAULT_CHANNELS }, c.onBatch);
    await waitFor(() => (c.values[0]?.length ?? 0) >= 100, 5000, 'Cyton samples');
    expect(link.status().ident).toEqual({ vendor: 'OpenBCI', model: 'Cyton', serial: '-', firmware: 'v3.1.2' });
    expect(c.first()).toBe(0);
    for (let ch = 0; ch < 8; ch++) expect(c.values[ch]!.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i: number) => cytonValue(i, ch)));
    await link.disconnect();
    expect(String.fromCharCode(...dev.written())).toBe('svdbs');
  });

  it('BITalino: stop, version, rate, start written; frames decoded; 0x00 on disconnect', async () => {
    const emu = new BitalinoEmulator();
    const dev = mockDevice('/dev/mock0', (b) => emu.receive(b), clocked(emu));
    const c = collect();
    const link = await connected(dev, { driver: 'bitalino', rateHz: 100, channels: [{ input: 2, role: 'pelvic-floor' }] }, c.onBatch);
    await waitFor(() => (c.values[0]?.length ?? 0) >= 50, 5000, 'BITalino samples');
    expect(emu.rate).toBe(100);
    expect(emu.inputs).toBe(1);
    expect(c.values[0]!.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i: number) => bitalinoValue(i, 0) - 512));
    expect(link.status().header!.channels.map((ch) => ch.label)).toEqual(['PF']);
    await link.disconnect();
    expect(dev.written()).toEqual([0x00, 0x07, 0x83, (2 << 2) | 1, 0x00]);
  });

  it('text stream: nothing written, lines through the real ReadlineParser, columns scaled', async () => {
    const emu = new TextEmulator(200, 2, {}, ' ');
    const dev = mockDevice('/dev/mock0', () => null, clocked(emu));
    const c = collect();
    const link = await connected(dev, { driver: 'text', rateHz: 200, columns: [
      { label: 'ENV', kind: 'envelope', unit: 'uV', scale: 2, offset: 0 },
      { label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.5, offset: 10 },
    ] }, c.onBatch);
    await waitFor(() => (c.values[0]?.length ?? 0) >= 40, 5000, 'text samples');
    const i0 = Array.from({ length: 400 }, (_, i: number) => i).find((i) => textValue(i, 0) === c.values[0]![0] && textValue(i + 1, 0) === c.values[0]![1])!;
    expect(c.values[0]!.slice(0, 40)).toEqual(Array.from({ length: 40 }, (_, k: number) => textValue(i0 + k, 0)));
    expect(c.values[1]!.slice(0, 40)).toEqual(Array.from({ length: 40 }, (_, k: number) => textValue(i0 + k, 1) - 10));
    expect(link.status().header!.channels[0]!.kind).toBe('envelope');
    await link.disconnect();
    expect(dev.written()).toEqual([]);
  });

  it('a Cyton setting on an LL1 device fails as wrong-device and leaves it stopped (s sent last)', async () => {
    const h: StreamHeader = { rateHz: 1000, channels: [{ label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 }] };
    let seq = 0;
    const dev = mockDevice('/dev/mock0', () => null, () => { let s = ''; for (let k = 0; k < 5; k++, seq++) s += encodeSample(seq & 0xffff, [seq & 1023]) + '\n'; return (seq % 1000 < 5 ? encodeHeader(h) + '\n' : '') + s; });
    const link = new DeviceLink({}, { sourceFor: dev.sourceFor, handshakeMs: 600 });
    cleanup.push(() => link.disconnect());
    const r = await link.connect('serial:/dev/mock0', undefined, { driver: 'cyton', channels: CYTON_DEFAULT_CHANNELS });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toMatch(/wrong-device|device-silent/);
    expect(String.fromCharCode(...dev.written()).endsWith('s')).toBe(true);
  }, 15000);
});
