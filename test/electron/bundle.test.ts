// `npm run build:electron` output: main.cjs and a self-contained preload.cjs that needs nothing but require('electron').
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, DESKTOP_VERBS } from '../../api/contract.ts';

const root = resolve(import.meta.dirname, '../..');
let out: string;

/** The module names a CommonJS bundle requires at its top level. */
function requiredModules(code: string): string[] {
  return [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'loslaten-electron-bundle-'));
  const vite = join(root, 'node_modules', '.bin', 'vite');
  for (const mode of ['main', 'preload']) {
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
});
