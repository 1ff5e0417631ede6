// Recording other devices through the app core (the API the UI uses): the file names device and driver, labels a
// device envelope as such, notes a text stream's rejected lines, and a 24-bit Cyton becomes recording.bdf.
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore } from '../../core/app-core.ts';
import type { RecordingStatus, Result } from '../../api/contract.ts';
import { EmulatorOnPort } from '../../core/sim/device-emulator.ts';
import { cytonValue } from '../../devices/emulators.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { PtyPair, tempDir } from '../helpers/pty.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

async function setup(emu: ConstructorParameters<typeof EmulatorOnPort>[1]): Promise<{ c: AppCore; port: string }> {
  const pty = await new PtyPair().start();
  cleanup.push(() => pty.stop());
  const e = await new EmulatorOnPort(pty.a, emu).open();
  cleanup.push(() => e.close());
  const c = new AppCore({ dataDir: tempDir('loslaten-core-dev-') });
  c.subscribe({ onBatch: () => undefined, onStatus: () => undefined });
  cleanup.push(() => c.dispose());
  return { c, port: pty.b };
}

describe('recording devices through the app core', () => {
  it('a text stream with a MyoWare envelope: driver in the header, envelope labelled, rejected lines noted', async () => {
    const { c, port } = await setup({ device: 'text', rateHz: 500, columns: 2, faults: { junk: { every: 150, phase: 10 } } });
    ok(await c.handle('connect', { deviceId: `serial:${port}`, device: { driver: 'text', rateHz: 500, columns: [
      { label: 'PF', kind: 'emg', unit: 'uV', scale: 3.2227, offset: 512, min: 0, max: 1023 },
      { label: 'ENV', kind: 'envelope', unit: 'uV', scale: 4882.8, offset: 0, min: 0, max: 1023 },
    ] } }));
    ok(await c.handle('startRecording', { profileId: 'anna', title: 'MyoWare' }));
    await new Promise((r) => setTimeout(r, 2500));
    const st = ok(await c.handle('stopRecording', {})) as RecordingStatus;
    expect(st.file).toMatch(/\.edf$/);
    const o = openEdf(st.file);
    if (!o.ok) throw new Error(JSON.stringify(o.error));
    const h = o.value.header;
    expect(h.recording).toMatch(/_driver-text$/);
    expect(h.signals[0]!.prefiltering).toBe('HP:20Hz LP:225Hz N:50Hz');
    expect(h.signals[1]!.transducer).toMatch(/^EMG envelope/);
    expect(h.signals[1]!.prefiltering).toBe('envelope rectified+smoothed by device; no band-pass');
    const ann = o.value.readAnnotations();
    if (!ann.ok) throw new Error(JSON.stringify(ann.error));
    const notes = ann.value.annotations.filter((a) => /^rejected \d+ lines? \(syntax \d+/.test(a.text));
    expect(notes.length).toBeGreaterThanOrEqual(1);
    o.value.close();
  }, 30_000);

  it('an OpenBCI Cyton is recorded as recording.bdf with 24-bit counts and its identity', async () => {
    const { c, port } = await setup({ device: 'cyton' });
    ok(await c.handle('connect', { deviceId: `serial:${port}`, device: { driver: 'cyton', channels: [
      { role: 'pelvic-floor' }, { role: 'abdominal' }, ...Array.from({ length: 6 }, () => ({ role: 'unused' as const })),
    ] } }));
    ok(await c.handle('startRecording', { profileId: 'anna' }));
    await new Promise((r) => setTimeout(r, 2200));
    const st = ok(await c.handle('stopRecording', {})) as RecordingStatus;
    expect(st.file).toMatch(/recording\.bdf$/);
    const o = openEdf(st.file);
    if (!o.ok) throw new Error(JSON.stringify(o.error));
    expect(o.value.header.format).toBe('BDF');
    expect(o.value.header.recording).toMatch(/_driver-cyton_OpenBCI_Cyton_v3\.1\.2$/);
    expect(o.value.header.signals[0]!.prefiltering).toBe('HP:20Hz LP:112.5Hz N:50Hz');
    // Two consecutive 24-bit samples are two consecutive device samples (values spread over the whole range).
    const d = o.value.readDigital(o.value.dataSignals[0]!);
    let first = -1;
    for (let i = 0; i < 5000 && first < 0; i++) if (cytonValue(i, 0) === d[0] && cytonValue(i + 1, 0) === d[1]) first = i;
    expect(first).toBeGreaterThanOrEqual(0);
    expect(Math.max(...Array.from(d.subarray(0, 250), Math.abs))).toBeGreaterThan(32767); // beyond 16 bits: BDF was needed
    o.value.close();
  }, 30_000);
});
