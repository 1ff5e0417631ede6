// The web host's build (`npm run build`: dist/host/host-main.mjs and file-worker.mjs): the bundled host finds its file
// worker next to it and the worker runs heavy file work, so imports stay off the thread that reads the sensor.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledWorkerEntry, runOnWorker } from '../helpers/bundled-worker.ts';
import { writeSyntheticSession } from '../review/synthetic.ts';

const root = resolve(import.meta.dirname, '../..');
let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'loslaten-host-bundle-'));
  const vite = join(root, 'node_modules', '.bin', 'vite');
  // The two builds `npm run build` makes of the core, into a temporary folder instead of dist/host.
  for (const mode of [[], ['--mode', 'file-worker']]) {
    const r = spawnSync(vite, ['build', '-c', 'core/vite.config.ts', ...mode, '--outDir', out, '--logLevel', 'error'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`vite build ${mode.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  }
}, 120_000);

describe('web host bundle', () => {
  it('host-main.mjs finds file-worker.mjs beside it and the worker answers a real task', async () => {
    const worker = join(out, 'file-worker.mjs');
    expect(existsSync(worker)).toBe(true);
    const entry = bundledWorkerEntry(join(out, 'host-main.mjs'));
    expect(entry).not.toBeNull();
    expect(entry!.eval).toBe(false);
    expect(fileURLToPath(entry!.code as URL)).toBe(worker);
    const alone = mkdtempSync(join(tmpdir(), 'loslaten-host-alone-'));
    copyFileSync(join(out, 'host-main.mjs'), join(alone, 'host-main.mjs'));
    expect(bundledWorkerEntry(join(alone, 'host-main.mjs'))).toBeNull();
    const edf = await writeSyntheticSession(join(mkdtempSync(join(tmpdir(), 'loslaten-worker-edf-')), 'r.edf'));
    const answer = await runOnWorker(entry!.code as URL, { kind: 'analyse', edfPath: edf, sidecar: null });
    expect(answer).toMatchObject({ id: 7, ok: true, value: { ok: true, value: { channel: 'PF', rateHz: 1000 } } });
  }, 30_000);
});
