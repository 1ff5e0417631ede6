// Crash safety: a recording process killed with SIGKILL is recovered with at most the last second missing; disk-full
// and I/O errors end a recording with an error value and leave a readable file.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEdf } from '../../sessions/edf-reader.ts';
import { nodeFsLayer, type FsLayer } from '../../sessions/edf-writer.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { recoverEdf, findUnfinished } from '../../sessions/recover.ts';
import { EMG2, batch, rawAt, tmpDir } from './helpers.ts';

function checkExact(p: string, expectSamples: number): void {
  const r = openEdf(p);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  for (const c of [0, 1]) {
    const d = r.value.readDigital(c);
    expect(d.length).toBe(expectSamples);
    for (let i = 0; i < d.length; i++) if (d[i] !== rawAt(c, i)) throw new Error(`ch ${c} sample ${i}: ${d[i]} != ${rawAt(c, i)}`);
  }
  const a = r.value.readAnnotations();
  expect(a.ok).toBe(true);
  r.value.close();
}

describe('crash safety', () => {
  it('recovers a recording whose process was killed with SIGKILL, losing at most the last second', async () => {
    const dir = tmpDir('loslaten-kill-');
    const out = path.join(dir, 'killed.edf');
    // Own process group: npx → tsx → node all die together, so the process that writes the file is really killed.
    const child = spawn('npx', ['tsx', path.resolve('test/sessions/record-child.ts'), out], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let sent = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child did not record: ${stderr}`)), 25_000);
      let started = 0;
      let pending = '';
      child.stdout.on('data', (d: Buffer) => {
        pending += d.toString();
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const l of lines) { const m = /^sent (\d+)$/.exec(l); if (m) sent = Math.max(sent, Number(m[1])); }
        if (sent > 0 && !started) started = Date.now();
        if (started && Date.now() - started >= 3000) { clearTimeout(timer); resolve(); }
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });
    child.removeAllListeners('exit');
    const exited = new Promise((r) => child.on('close', r)); // after stdout is drained: `sent` is final
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const sizeAfterKill = fs.statSync(out).size;
    await new Promise((r) => setTimeout(r, 300));
    expect(fs.statSync(out).size).toBe(sizeAfterKill); // nothing is writing any more
    expect(sent).toBeGreaterThan(2500);
    expect(findUnfinished(dir)).toEqual([out]);
    const before = openEdf(out);
    expect(before.ok ? 'ok' : before.error.kind).toBe('unfinished');
    const rec = await recoverEdf(out);
    if (!rec.ok) throw new Error(JSON.stringify(rec.error));
    expect(rec.value.status).toBe('repaired');
    const kept = rec.value.records * 1000;
    expect(kept).toBeGreaterThanOrEqual(sent - 1000);
    expect(kept).toBeLessThanOrEqual(sent);
    checkExact(out, kept);
    expect(findUnfinished(dir)).toEqual([]);
    const again = await recoverEdf(out);
    expect(again.ok && again.value.status).toBe('complete');
  }, 40_000);

  it('drops a trailing zero-filled record (no time-keeping TAL) when recovering', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'z.edf');
    const r = new Recorder({ outPath: out, header: EMG2 });
    for (let i = 0; i < 3000; i += 500) r.onBatch(batch(EMG2, i, 500));
    await r.close();
    const b = fs.readFileSync(out);
    b.write('-1      ', 236, 'latin1');
    fs.writeFileSync(out, Buffer.concat([b, Buffer.alloc(4512 + 77)]));
    const rec = await recoverEdf(out);
    if (!rec.ok) throw new Error(JSON.stringify(rec.error));
    expect(rec.value.records).toBe(3);
    expect(rec.value.droppedBytes).toBe(4512 + 77);
    checkExact(out, 3000);
  });

  it('ends the recording on a really full disk (a 200 KiB tmpfs) with an error value and a readable file', async () => {
    const dir = tmpDir('loslaten-full-');
    // No silent fallback: without the mount this test cannot prove anything about a full disk, so it fails.
    try { execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', dir], { stdio: 'pipe' }); } catch (e) {
      throw new Error(`cannot mount a tmpfs on ${dir} (run the tests as root, as CI does): ${String((e as { stderr?: unknown }).stderr ?? e)}`);
    }
    try {
      const mounts = fs.readFileSync('/proc/mounts', 'utf8').split('\n').filter((l) => l.split(' ')[1] === dir);
      expect(mounts.map((l) => l.split(' ')[2])).toEqual(['tmpfs']);
      const r = new Recorder({ outPath: path.join(dir, 'full.edf'), header: EMG2 });
      let i = 0;
      while (r.isRecording && i < 200_000) { r.onBatch(batch(EMG2, i, 250)); i += 250; }
      const s = await r.close();
      expect(s.error?.kind).toBe('write-failed');
      expect(s.error && 'code' in s.error ? s.error.code : '').toBe('ENOSPC');
      expect(s.records).toBeGreaterThan(10);
      expect(s.dropped).toBeGreaterThan(0);
      checkExact(s.path, s.records * 1000);
    } finally {
      execFileSync('umount', ['-l', dir]);
    }
  });

  it('ends the recording on an injected ENOSPC (the file layer says the disk is full) the same way', async () => {
    const dir = tmpDir('loslaten-full-');
    let budget = 200 * 1024;
    const full: FsLayer = {
      ...nodeFsLayer,
      writeSync: (fd, b, o, l, p) => {
        if (budget < l) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        budget -= l;
        return nodeFsLayer.writeSync(fd, b, o, l, p);
      },
    };
    const r = new Recorder({ outPath: path.join(dir, 'full.edf'), header: EMG2, fs: full });
    let i = 0;
    while (r.isRecording && i < 200_000) { r.onBatch(batch(EMG2, i, 250)); i += 250; }
    const s = await r.close();
    expect(s.error && 'code' in s.error ? s.error.code : '').toBe('ENOSPC');
    expect(s.records).toBeGreaterThan(10);
    checkExact(s.path, s.records * 1000);
  });

  it('ends the recording when fsync reports EIO and keeps what was fully written', async () => {
    const dir = tmpDir();
    let syncs = 0;
    const eio: FsLayer = {
      ...nodeFsLayer,
      fsync: (fd, cb) => { syncs++; if (syncs >= 3) setImmediate(() => cb(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }))); else nodeFsLayer.fsync(fd, cb); },
    };
    const r = new Recorder({ outPath: path.join(dir, 'eio.edf'), header: EMG2, fs: eio });
    for (let i = 0; i < 10_000 && r.isRecording; i += 500) {
      r.onBatch(batch(EMG2, i, 500));
      await new Promise((res) => setTimeout(res, 5));
    }
    const s = await r.close();
    expect(s.error).toMatchObject({ kind: 'write-failed', code: 'EIO' });
    expect(s.records).toBeGreaterThanOrEqual(3);
    expect(s.records).toBeLessThan(10);
    checkExact(s.path, s.records * 1000);
  });
});
