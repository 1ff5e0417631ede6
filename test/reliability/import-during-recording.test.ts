// Importing a long file during a live recording loses no samples (issue 13 item 7): the import runs on the file
// worker, off the thread that reads the sensor. Real parts: a sensor child on a socat pty that drops what the pty does
// not take at once (like a device's small buffer), the app core's link and recorder, a 120 MB EDF on disk.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordingStatus } from '../../api/contract.ts';
import { AppCore } from '../../core/app-core.ts';
import { fileWorkStats, runFileTask, stopFileWorker } from '../../core/file-work.ts';
import { runFileTaskHere } from '../../core/file-tasks.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { listSessions } from '../../sessions/library.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { PtyPair, ROOT, stopProcess, tempDir, waitFor } from '../helpers/pty.ts';
import { HOSTILE_HEADER, hostileRaw } from './hostile-sensor.ts';

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

/** A long recording on disk: 2 channels at 2 kHz for `seconds` (one record per second). */
async function longFile(seconds: number): Promise<string> {
  const p = join(tempDir('loslaten-long-'), 'long.edf');
  const rec = new Recorder({ outPath: p, header: HOSTILE_HEADER });
  const ch = [new Int32Array(2000).fill(120), new Int32Array(2000).fill(-80)];
  for (let s = 0; s < seconds; s++) {
    rec.onBatch({ streamId: 1, header: HOSTILE_HEADER, firstSampleIndex: s * 2000, firstSeq: (s * 2000) & 0xffff, lostBefore: 0, count: 2000, channels: ch, hostTimeMs: 1.7e12 + s * 1000 });
    if (s % 600 === 0) rec.annotate(s, `marker minute ${s / 60}`);
  }
  await rec.close();
  return p;
}

/** Longest gap between 2-ms timer ticks on this thread while `work` runs, ms. */
async function longestStall(work: () => Promise<unknown>): Promise<{ stallMs: number; tookMs: number }> {
  let last = performance.now();
  let worst = 0;
  const t = setInterval(() => { const now = performance.now(); worst = Math.max(worst, now - last); last = now; }, 2);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 20));
  last = performance.now();
  await work();
  const tookMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 20));
  clearInterval(t);
  return { stallMs: worst, tookMs };
}

describe('import during a live recording', () => {
  it('a 120 MB file imported while recording 2 kHz × 2 channels from a pty: every sample recorded, the reading thread never stalls', async () => {
    const src = await longFile(14_400);
    const data = tempDir('loslaten-data-');
    // Baseline in the same run: the same import on this thread.
    const here = await longestStall(() => runFileTaskHere({ kind: 'import', dataDir: join(data, 'baseline'), profileId: 'anna', srcPath: src, title: '' }));

    // The worker starts once per process (loading its code takes a moment): start it before the measured import.
    await runFileTask({ kind: 'import', dataDir: join(data, 'warm'), profileId: 'anna', srcPath: join(ROOT, 'package.json'), title: '' });
    const pair = await new PtyPair().start();
    cleanup.push(() => pair.stop());
    const SECONDS = 12;
    const sensor = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/reliability/hostile-sensor.ts'), pair.a, String(SECONDS), 'realtime'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    cleanup.push(() => stopProcess(sensor));
    let out = '';
    sensor.stdout.setEncoding('utf8');
    sensor.stdout.on('data', (d: string) => { out += d; });
    const exited = new Promise<void>((r) => sensor.once('exit', () => r()));

    const core = new AppCore({ dataDir: data, allowPathImport: true });
    cleanup.push(() => core.dispose());
    const c = await core.handle('connect', { deviceId: 'serial:' + pair.b });
    expect(c.ok, JSON.stringify(c)).toBe(true);
    expect((await core.handle('startRecording', { profileId: 'anna', title: 'live' })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const before = fileWorkStats.worker;
    let imported: Awaited<ReturnType<AppCore['handle']>> | null = null;
    const off = await longestStall(async () => { imported = await core.handle('importSessionFromPath', { profileId: 'anna', path: src }); });
    expect(fileWorkStats.worker).toBe(before + 1);
    expect(fileWorkStats.inThread).toBe(0);
    expect(imported!.ok, JSON.stringify(imported)).toBe(true);
    // Opening the 4-hour file for review (its overview reads every record) also runs off this thread.
    const id = (imported! as { ok: true; value: { id: string } }).value.id;
    let opened: Awaited<ReturnType<AppCore['handle']>> | null = null;
    const review = await longestStall(async () => { opened = await core.handle('openSession', { profileId: 'anna', sessionId: id, columns: 2000 }); });
    expect(opened!.ok, JSON.stringify(opened).slice(0, 200)).toBe(true);
    expect(fileWorkStats.worker).toBe(before + 2);
    await exited;
    const sent = JSON.parse(out.trim()) as { valid: number; dropped: number };
    await waitFor(() => (core.status().recording?.samplesWritten ?? 0) >= sent.valid - 2000, 5000, 'the recording to catch up');
    const st = core.link.status();
    const stop = await core.handle('stopRecording', {});
    if (!stop.ok) throw new Error(JSON.stringify(stop.error));
    const rec = stop.value as RecordingStatus;

    // No sample lost anywhere: the sensor never had to drop one, the link saw no gap, the file holds them all.
    expect(sent.dropped).toBe(0);
    expect(sent.valid).toBe(SECONDS * 2000);
    expect(st.counters.lost).toBe(0);
    expect(rec.lost ?? 0).toBe(0);
    const live = listSessions(join(data, 'sessions'), 'anna').sessions.find((s) => s.title === 'live')!;
    const f = openEdf(live.edfPath);
    if (!f.ok) throw new Error(JSON.stringify(f.error));
    const d0 = f.value.readDigital(0);
    f.value.close();
    // The recording starts mid-stream: find the sensor's sample index of its first value.
    let k0 = -1;
    for (let k = 0; k < 40_000 && k0 < 0; k++) if (hostileRaw(0, k) === d0[0] && hostileRaw(0, k + 1) === d0[1] && hostileRaw(0, k + 2) === d0[2]) k0 = k;
    expect(k0).toBeGreaterThanOrEqual(0);
    let bad = 0;
    for (let i = 0; i < rec.samplesWritten; i++) if (d0[i] !== hostileRaw(0, k0 + i)) bad++;
    expect(bad).toBe(0);
    expect(rec.samplesWritten).toBe(sent.valid - k0);
    // The reading thread kept its pace during the import: far below the stall of the same import on this thread.
    console.log(`import of 120 MB: in-thread ${here.tookMs.toFixed(0)} ms with a ${here.stallMs.toFixed(0)} ms stall; on the worker during `
      + `recording ${off.tookMs.toFixed(0)} ms with a longest stall of ${off.stallMs.toFixed(1)} ms (ratio ${(here.stallMs / off.stallMs).toFixed(1)}); `
      + `opening it for review ${review.tookMs.toFixed(0)} ms with a longest stall of ${review.stallMs.toFixed(1)} ms; `
      + `samples sent ${sent.valid}, dropped by the sensor ${sent.dropped}, recorded ${rec.samplesWritten}, lost ${st.counters.lost}`);
    expect(off.stallMs).toBeLessThan(here.stallMs);
    expect(review.stallMs).toBeLessThan(here.stallMs);
    await stopFileWorker();
  }, 120_000);

  it('the worker returns the same result as the in-thread import (a crafted file refused the same way)', async () => {
    const data = tempDir('loslaten-data-');
    const r = await runFileTask({ kind: 'import', dataDir: data, profileId: 'anna', srcPath: join(ROOT, 'package.json'), title: '' });
    const h = await runFileTaskHere({ kind: 'import', dataDir: data, profileId: 'anna', srcPath: join(ROOT, 'package.json'), title: '' });
    expect(r).toEqual(h);
    expect(r.ok).toBe(false);
    await stopFileWorker();
  });
});
