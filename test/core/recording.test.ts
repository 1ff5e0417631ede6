// Recording through the app core: start/stop/markers/library over the API, and the faults a session must survive.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppCore } from '../../core/app-core.ts';
import type { LinkStatus, RecordingStatus, Result } from '../../api/contract.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { PtyPair, simReady, spawnSim, stopProcess, tempDir, waitFor } from '../helpers/pty.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

function core(dataDir = tempDir('loslaten-core-')): { c: AppCore; statuses: LinkStatus[] } {
  const c = new AppCore({ dataDir });
  const statuses: LinkStatus[] = [];
  c.subscribe({ onBatch: () => undefined, onStatus: (s) => statuses.push(s) });
  cleanup.push(() => c.dispose());
  return { c, statuses };
}

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('recording through the app core', () => {
  it('records the demo sensor with a marker; the library lists, opens, windows and exports it', async () => {
    const { c } = core();
    expect(await c.handle('startRecording', { profileId: 'anna' })).toEqual({ ok: false, error: { kind: 'not-streaming' } });
    ok(await c.handle('connect', { deviceId: 'demo:emg' }));
    const started = ok(await c.handle('startRecording', { profileId: 'anna', title: 'Eerste sessie', protocol: { id: 'downtraining', name: 'Downtraining' } })) as { sessionId: string };
    expect(await c.handle('startRecording', { profileId: 'anna' })).toEqual({ ok: false, error: { kind: 'already-recording' } });
    await new Promise((r) => setTimeout(r, 1500));
    ok(await c.handle('annotate', { kind: 'marker', text: 'patient coughed' }));
    await new Promise((r) => setTimeout(r, 1200));
    const stopped = ok(await c.handle('stopRecording', {})) as RecordingStatus;
    expect(stopped.state).toBe('stopped');
    expect(stopped.samplesWritten).toBeGreaterThan(4000);
    expect(stopped.error).toBeNull();

    const list = ok(await c.handle('listSessions', { profileId: 'anna' })) as { id: string; title: string; protocol: string | null; status: string }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: started.sessionId, title: 'Eerste sessie', protocol: 'Downtraining', status: 'complete' });
    const ov = ok(await c.handle('openSession', { profileId: 'anna', sessionId: started.sessionId, columns: 200 })) as {
      channels: { label: string; unit: string; rateHz: number }[]; durationS: number; min: number[][]; max: number[][]; annotations: { onsetS: number; text: string; kind: string }[];
    };
    expect(ov.channels.map((ch) => [ch.label, ch.unit, ch.rateHz])).toEqual([['PF', 'uV', 2000], ['ABD', 'uV', 2000]]);
    expect(ov.durationS).toBeGreaterThanOrEqual(2);
    expect(ov.min[0]).toHaveLength(200);
    expect(Math.max(...ov.max[0]!)).toBeGreaterThan(0);
    const marker = ov.annotations.find((a) => a.kind === 'marker');
    expect(marker?.text).toBe('marker: patient coughed');
    expect(marker!.onsetS).toBeGreaterThan(1);
    expect(marker!.onsetS).toBeLessThan(2.5);
    const win = ok(await c.handle('readSessionWindow', { profileId: 'anna', sessionId: started.sessionId, startS: 0.5, endS: 1.5, maxPoints: 100 })) as { t: number[]; min: number[][] };
    expect(win.t.length).toBeGreaterThan(50);
    expect(win.t[0]).toBeGreaterThanOrEqual(0.5);
    expect(win.t.at(-1)).toBeLessThanOrEqual(1.5);
    const csv = ok(await c.handle('exportSessionCsv', { profileId: 'anna', sessionId: started.sessionId })) as { csvPath: string; annotationsPath: string };
    expect(readFileSync(csv.csvPath, 'utf8').split('\n')[0]).toMatch(/time.*s.*PF.*uV/i);
    expect(readFileSync(csv.annotationsPath, 'utf8')).toContain('patient coughed');
    // Deleting needs the id twice.
    expect((await c.handle('deleteSession', { profileId: 'anna', sessionId: started.sessionId, confirmSessionId: 'x' })).ok).toBe(false);
    ok(await c.handle('deleteSession', { profileId: 'anna', sessionId: started.sessionId, confirmSessionId: started.sessionId }));
    expect(ok(await c.handle('listSessions', { profileId: 'anna' }))).toEqual([]);
  });

  it('keeps recording across an unplug: the gap becomes an EDF+D break, nothing else is missing', async () => {
    const pair = await new PtyPair().start();
    const args = ['--kind', 'pressure', '--script', 'steady', '--rate', '200'];
    const sim = { p: spawnSim(pair.a, args) };
    cleanup.push(async () => { await stopProcess(sim.p); await pair.stop(); });
    await simReady(sim.p);
    const { c } = core();
    ok(await c.handle('connect', { deviceId: 'serial:' + pair.b }));
    const { sessionId } = ok(await c.handle('startRecording', { profileId: 'p1' })) as { sessionId: string };
    await new Promise((r) => setTimeout(r, 1500));
    await stopProcess(sim.p);
    await pair.stop();
    await waitFor(() => c.status().state === 'reconnecting', 3000, 'reconnecting');
    await new Promise((r) => setTimeout(r, 1000));
    await pair.start();
    sim.p = spawnSim(pair.a, args);
    await simReady(sim.p);
    await waitFor(() => c.status().state === 'streaming', 3000, 'streaming again');
    await new Promise((r) => setTimeout(r, 1500));
    const st = ok(await c.handle('stopRecording', {})) as RecordingStatus;
    expect(st.state).toBe('stopped');
    const ov = ok(await c.handle('openSession', { profileId: 'p1', sessionId, columns: 100 })) as { annotations: { text: string; kind: string }[]; durationS: number };
    expect(ov.annotations.some((a) => a.kind === 'reconnect')).toBe(true);
    const r = openEdf(join(c.sessionsDir, 'profiles', 'p1', sessionId, 'recording.edf'));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.header.discontinuous).toBe(true);
    const values = r.value.readPhysical(r.value.dataSignals[0]!);
    r.value.close();
    // Every real sample is the simulator's 25.00 mmHg; padding of the part before the break is the only exception.
    const real = Array.from(values).filter((v) => Math.abs(v - 25) < 1e-6).length;
    expect(real).toBeGreaterThan(200 * 2.5);
    expect(ov.durationS).toBeGreaterThan(3.5); // the true time of the break is kept
  });

  it('stops cleanly and says why when the disk is full; the file written so far stays readable', async () => {
    const dir = tempDir('loslaten-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=40k', 'tmpfs', dir]); // a real full disk (needs root, as CI runs)
    cleanup.push(async () => { execFileSync('umount', ['-l', dir]); });
    const { c, statuses } = core(dir);
    ok(await c.handle('connect', { deviceId: 'demo:emg' }));
    const { sessionId } = ok(await c.handle('startRecording', { profileId: 'full' })) as { sessionId: string };
    await waitFor(() => statuses.some((s) => s.recording?.state === 'failed'), 20_000, 'the recording to fail on a full disk');
    const rec = c.status().recording!;
    expect(rec.error).toMatchObject({ kind: 'recording-failed', reason: 'disk-full' });
    expect(c.status().state).toBe('streaming'); // the live view goes on
    const r = openEdf(join(dir, 'sessions', 'profiles', 'full', sessionId, 'recording.edf'));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.records).toBeGreaterThan(0);
    expect(r.value.readPhysical(r.value.dataSignals[0]!).length).toBe(r.value.records * 2000);
    r.value.close();
  });
});
