// The import rules that keep each folder to its concern (our lint rule on imports, Signal-Desktop style).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  const out: string[] = [];
  const abs = join(ROOT, dir);
  for (const name of readdirSync(abs)) {
    const p = join(abs, name);
    if (name === 'node_modules' || name === 'arduino' || name === 'build') continue;
    if (statSync(p).isDirectory()) out.push(...files(relative(ROOT, p)));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(ROOT, p));
  }
  return out;
}

/** Module specifiers imported by a source file (static and dynamic). */
function imports(file: string): string[] {
  const src = readFileSync(join(ROOT, file), 'utf8');
  const specs: string[] = [];
  for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm)) {
    specs.push(m[1] ?? m[2] ?? m[3]!);
  }
  return specs;
}

/** The top-level folder an import resolves to (for relative imports), or the package name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? 'node:' : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
  return relative(ROOT, resolve(ROOT, file, '..', spec)).split('/')[0]!;
}

const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'stream', 'url', 'worker_threads']);

interface Rule { folder: string; forbid: (t: string) => boolean; why: string }
const PURE = (t: string) => t === 'node:' || NODE_BUILTINS.has(t) || ['serialport', '@serialport/parser-readline', 'ws', 'electron', 'react', 'react-dom', 'uplot', 'zustand', 'core', 'sessions', 'renderer', 'electron'].includes(t);
const rules: Rule[] = [
  { folder: 'firmware-protocol', forbid: PURE, why: 'the protocol is pure TypeScript: no Node, no DOM, no app layers' },
  { folder: 'devices', forbid: PURE, why: 'device drivers decode bytes anywhere: pure TypeScript, no Node, no DOM' },
  { folder: 'api', forbid: PURE, why: 'the contract is shared by every process: pure TypeScript' },
  { folder: 'dsp', forbid: PURE, why: 'signal processing runs in Node, the browser and workers alike' },
  { folder: 'training', forbid: PURE, why: 'protocols and the pacer run on the sample clock anywhere' },
  { folder: 'renderer', forbid: (t) => t === 'node:' || NODE_BUILTINS.has(t) || ['core', 'sessions', 'electron', 'serialport', '@serialport/parser-readline', 'ws'].includes(t), why: 'the renderer only talks to the core through the API' },
  { folder: 'core', forbid: (t) => ['renderer', 'electron', 'react', 'react-dom', 'uplot', 'zustand'].includes(t), why: 'the core runs without Electron and without a DOM' },
  { folder: 'sessions', forbid: (t) => ['renderer', 'electron', 'react', 'react-dom', 'uplot', 'zustand'].includes(t), why: 'sessions run headless (CLI) too' },
];

/** The only renderer/ files the Electron shell may import: the message catalogue, pure data (menu and dialog texts). */
const SHELL_CATALOGUE = ['renderer/i18n/messages.ts', 'renderer/i18n/shell-messages.ts'];

describe('architecture: imports respect folder boundaries', () => {
  for (const rule of rules) {
    it(`${rule.folder}/ — ${rule.why}`, () => {
      const list = files(rule.folder);
      expect(list.length).toBeGreaterThan(0);
      const bad: string[] = [];
      for (const f of list) for (const spec of imports(f)) if (rule.forbid(target(f, spec))) bad.push(`${f} imports ${spec}`);
      expect(bad).toEqual([]);
    });
  }

  it('pure folders use no DOM or Node globals', () => {
    const bad: string[] = [];
    for (const folder of ['firmware-protocol', 'devices', 'api', 'dsp', 'training']) {
      for (const f of files(folder)) {
        const src = readFileSync(join(ROOT, f), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
        if (/(?<![.\w])(window|document|localStorage|Buffer|__dirname)\s*[.(\[]|(?<![.\w])process\.|(?<![.\w])require\s*\(\s*['"]/.test(src)) bad.push(f);
      }
    }
    expect(bad).toEqual([]);
  });

  it('electron/main and electron/preload take from renderer/ only the message catalogue (pure data), and no UI library', () => {
    const bad: string[] = [];
    for (const f of [...files('electron/main'), ...files('electron/preload')]) {
      for (const spec of imports(f)) {
        const t = target(f, spec);
        if (['react', 'react-dom', 'uplot', 'zustand'].includes(t)) bad.push(`${f} imports ${spec}`);
        else if (t === 'renderer' && !SHELL_CATALOGUE.includes(relative(ROOT, resolve(ROOT, f, '..', spec)))) bad.push(`${f} imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the catalogue the shell reads is pure data: its files import only other renderer or api .ts files, which do the same', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    const visit = (f: string): void => {
      if (seen.has(f)) return;
      seen.add(f);
      // api/ holds pure-data sub-catalogues shared with the core (api/report-messages.ts, the session report's texts).
      if (!(f.startsWith('renderer/') || f.startsWith('api/')) || !f.endsWith('.ts')) bad.push(`${f}: not a renderer or api .ts file`);
      // Whole-line and block comments out, then string literals (texts such as 'RMS window (ms)' are data, not code).
      const src = readFileSync(join(ROOT, f), 'utf8').replace(/^\s*\/\/.*$|\/\*[\s\S]*?\*\//gm, '').replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
      if (/(?<![.\w])(window|document|navigator|localStorage|Buffer|__dirname)\s*[.(\[]|(?<![.\w])process\./.test(src)) bad.push(`${f}: uses a DOM or Node global`);
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) bad.push(`${f} imports ${spec}`);
        else visit(relative(ROOT, resolve(ROOT, f, '..', spec)));
      }
    };
    for (const f of SHELL_CATALOGUE) visit(f);
    expect(seen.size).toBeGreaterThan(SHELL_CATALOGUE.length);
    expect(bad).toEqual([]);
  });

  it('the preload exposes the API only: it imports nothing but electron and the contract', () => {
    const pre = files('electron/preload');
    expect(pre.length).toBeGreaterThan(0);
    for (const f of pre) for (const spec of imports(f)) expect(['electron', 'api', 'electron'], `${f}: ${spec}`).toContain(target(f, spec) === 'electron' && spec.startsWith('.') ? 'electron' : target(f, spec));
  });
});
