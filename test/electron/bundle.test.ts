// `npm run build:electron` output: main.cjs, a self-contained preload.cjs that needs nothing but require('electron'), and
// file-worker.cjs, the thread main hands heavy file work (imports, analyses) to.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, DESKTOP_VERBS } from '../../api/contract.ts';
import { bundledWorkerEntry, runOnWorker } from '../helpers/bundled-worker.ts';
import { writeSyntheticSession } from '../review/synthetic.ts';

const root = resolve(import.meta.dirname, '../..');
let out: string;

/** The module names a CommonJS bundle requires at its top level. */
function requiredModules(code: string): string[] {
  return [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'loslaten-electron-bundle-'));
  const vite = join(root, 'node_modules', '.bin', 'vite');
  for (const mode of ['main', 'preload', 'file-worker']) {
    const r = spawnSync(vite, ['build', '-c', 'electron/vite.config.ts', '--mode', mode], {
      cwd: root, encoding: 'utf8', env: { ...process.env, LOSLATEN_ELECTRON_OUT_DIR: out },
    });
    if (r.status !== 0) throw new Error(`vite build --mode ${mode} failed:\n${r.stdout}\n${r.stderr}`);
  }
}, 120_000);

describe('electron bundles', () => {
  it('preload.cjs requires only electron and, run as a sandboxed preload would, exposes only window.loslaten', () => {
    const code = readFileSync(join(out, 'preload.cjs'), 'utf8');
    expect(requiredModules(code)).toEqual(['electron']);
    const exposed = new Map<string, unknown>();
    const sentToMain: unknown[][] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (k: string, v: unknown) => { exposed.set(k, v); } },
      ipcRenderer: { on: () => {}, send: (...a: unknown[]) => { sentToMain.push(a); }, invoke: async () => ({ ok: true, value: null }) },
      webUtils: { getPathForFile: () => '' },
    };
    const sandboxRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return fakeElectron;
    };
    const module = { exports: {} };
    runInNewContext(`(function (require, module, exports) {${code}\n})`, {})(sandboxRequire, module, module.exports);
    expect([...exposed.keys()]).toEqual(['loslaten']);
    expect(Object.keys(exposed.get('loslaten') as object).sort()).toEqual([...COMMAND_NAMES, ...DESKTOP_VERBS, 'onBatch', 'onStatus'].sort());
    expect(sentToMain).toEqual([['loslaten:open-batch-port']]);
  });

  it('main.cjs requires only electron, Node built-ins and the native serialport packages', () => {
    const code = readFileSync(join(out, 'main.cjs'), 'utf8');
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const deps = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies);
    const foreign = requiredModules(code).filter((m) => m !== 'electron' && !builtins.has(m) && !deps.includes(m));
    expect(foreign).toEqual([]);
    expect(requiredModules(code)).toContain('electron');
    expect(code).toContain('loslaten:invoke');
    expect(code).not.toMatch(/\bimport\.meta\b/);
  });

  it('file-worker.cjs is built next to main.cjs (needs only Node built-ins), and the built main finds it and hands it work', async () => {
    const worker = join(out, 'file-worker.cjs');
    expect(existsSync(worker)).toBe(true);
    const code = readFileSync(worker, 'utf8');
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect(requiredModules(code).filter((m) => !builtins.has(m))).toEqual([]);
    expect(code).not.toMatch(/\bimport\.meta\b/);
    // main.cjs's own lookup (core/file-work.ts as bundled), run from the build folder: the worker next to it.
    const entry = bundledWorkerEntry(join(out, 'main.cjs'));
    expect(entry).not.toBeNull();
    expect(entry!.eval).toBe(false);
    expect(fileURLToPath(entry!.code as URL)).toBe(worker);
    // The very same main without its worker beside it finds none (and would run imports on its own thread).
    const alone = mkdtempSync(join(tmpdir(), 'loslaten-electron-alone-'));
    copyFileSync(join(out, 'main.cjs'), join(alone, 'main.cjs'));
    expect(bundledWorkerEntry(join(alone, 'main.cjs'))).toBeNull();
    // The built worker runs a real task as main posts it: the analysis of a recording.
    const edf = await writeSyntheticSession(join(mkdtempSync(join(tmpdir(), 'loslaten-worker-edf-')), 'r.edf'));
    const answer = await runOnWorker(entry!.code as URL, { kind: 'analyse', edfPath: edf, sidecar: null });
    expect(answer).toMatchObject({ id: 7, ok: true, value: { ok: true, value: { channel: 'PF', rateHz: 1000 } } });
  }, 30_000);
});
