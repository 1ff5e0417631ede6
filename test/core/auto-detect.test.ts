// Auto-detection on socat ptys: listening finds streaming devices, the one probe per hint finds quiet ones, and only
// the documented bytes reach a device, which is left stopped.
import { afterEach, describe, expect, it } from 'vitest';
import { detectDevice } from '../../core/device/auto-detect.ts';
import { EmulatorOnPort } from '../../core/sim/device-emulator.ts';
import { PtyPair, simReady, spawnSim, stopProcess } from '../helpers/pty.ts';

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => { for (const f of cleanup.reverse()) await f(); cleanup = []; });

async function pty(): Promise<PtyPair> {
  const pair = await new PtyPair().start();
  cleanup.push(() => pair.stop());
  return pair;
}

describe('auto-detect', () => {
  it('a quiet Cyton behind an FTDI dongle: v then s, nothing else, and it stays stopped', async () => {
    const pair = await pty();
    const emu = await new EmulatorOnPort(pair.a, { device: 'cyton' }).open();
    cleanup.push(() => emu.close());
    const d = await detectDevice(pair.b, 'cyton', { listenMs: 300, answerMs: 500 });
    expect(d).toEqual({ driver: 'cyton', by: 'probe', sent: [0x76, 0x73] });
    await new Promise((r) => setTimeout(r, 100));
    expect(emu.emulator.received).toEqual([0x76, 0x73]);
    expect(emu.emulator.streaming).toBe(false);
  });

  it('a BITalino on a Bluetooth port: 0x07 only, the version answer; never started', async () => {
    const pair = await pty();
    const emu = await new EmulatorOnPort(pair.a, { device: 'bitalino' }).open();
    cleanup.push(() => emu.close());
    const d = await detectDevice(pair.b, 'bitalino', { listenMs: 300, answerMs: 500 });
    expect(d).toEqual({ driver: 'bitalino', by: 'probe', sent: [0x07] });
    expect(emu.emulator.streaming).toBe(false);
  });

  it('an Arduino printing numbers is recognised by listening: not a byte is sent', async () => {
    const pair = await pty();
    const emu = await new EmulatorOnPort(pair.a, { device: 'text', rateHz: 200, columns: 2 }).open();
    cleanup.push(() => emu.close());
    const d = await detectDevice(pair.b, 'arduino', { listenMs: 500, answerMs: 500 });
    expect(d).toEqual({ driver: 'text', by: 'listening', sent: [] });
    expect(emu.emulator.received).toEqual([]);
  });

  it('a quiet LL1 sensor on an Arduino port answers INFO (and is not started)', async () => {
    const pair = await pty();
    const sim = spawnSim(pair.a, ['--kind', 'pressure', '--script', 'steady']);
    cleanup.push(() => stopProcess(sim));
    await simReady(sim);
    const d = await detectDevice(pair.b, 'arduino', { listenMs: 300, answerMs: 800 });
    expect(d).toEqual({ driver: 'll1', by: 'probe', sent: [...Buffer.from('INFO\n')] });
  });

  it('a port without a hint is only listened to', async () => {
    const pair = await pty();
    const emu = await new EmulatorOnPort(pair.a, { device: 'cyton' }).open();
    cleanup.push(() => emu.close());
    const d = await detectDevice(pair.b, null, { listenMs: 300 });
    expect(d).toEqual({ driver: null, by: 'none', sent: [] });
    expect(emu.emulator.received).toEqual([]);
  });
});
