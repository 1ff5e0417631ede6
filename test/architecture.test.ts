// The import rules that keep each file to its layer: a per-file lint on the real imports (parsed, resolved to files),
// in the spirit of Signal-Desktop's file-suffix rule: a file's layer comes from where it lives, and each layer may
// import only the layers and packages listed for it below.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { parseAst } from 'rolldown/parseAst';
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

/** One import of a file: its specifier, whether it is type-only, and the file it resolves to (relative imports). */
interface Import { readonly spec: string; readonly typeOnly: boolean; readonly file: string | null }

const parsed = new Map<string, Import[]>();
/** The real imports of a source file: static, re-exports and dynamic `import('…')`, from the parsed syntax tree. */
function importsOf(file: string, source?: string): Import[] {
  const hit = source === undefined ? parsed.get(file) : undefined;
  if (hit) return hit;
  const src = source ?? readFileSync(join(ROOT, file), 'utf8');
  const ast = parseAst(src, { lang: file.endsWith('x') ? 'tsx' : 'ts' }, file) as unknown as { body: unknown[] };
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean): void => {
    let resolved: string | null = null;
    if (spec.startsWith('.')) {
      const abs = resolve(ROOT, file, '..', spec.replace(/\?.*$/, ''));
      resolved = [abs, `${abs}.ts`, `${abs}.tsx`, join(abs, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile()) ?? '';
      resolved = resolved ? relative(ROOT, resolved) : null;
      if (resolved === null) out.push({ spec, typeOnly, file: '(unresolved)' });
      else out.push({ spec, typeOnly, file: resolved });
      return;
    }
    out.push({ spec, typeOnly, file: null });
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { for (const n of node) walk(n); return; }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown> & { type?: string };
    if ((n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration') && n.source) {
      const kind = n.type === 'ImportDeclaration' ? n.importKind : n.exportKind;
      add(String((n.source as { value: unknown }).value), kind === 'type');
    } else if (n.type === 'ImportExpression') {
      const s = n.source as { type?: string; value?: unknown };
      add(s.type === 'Literal' && typeof s.value === 'string' ? s.value : '(computed)', false);
    } else if (n.type === 'NewExpression' && (n.callee as { name?: string }).name === 'URL') {
      // `new Worker(new URL('./x.worker.ts', import.meta.url))`: the worker is part of this file's layer.
      const a = (n.arguments as { type?: string; value?: unknown }[])[0];
      if (a?.type === 'Literal' && typeof a.value === 'string' && a.value.startsWith('.') && /\.(ts|tsx)$/.test(a.value)) add(a.value, false);
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'type' && v && typeof v === 'object') walk(v);
  };
  walk(ast.body);
  if (source === undefined) parsed.set(file, out);
  return out;
}

type Layer = 'pure' | 'sessions' | 'core' | 'cli' | 'shell' | 'preload' | 'renderer';
/** Where each layer lives (first match wins). bench/, test/ and scripts/ are free to reach everything. */
const LAYERS: readonly (readonly [string, Layer])[] = [
  ['firmware-protocol/', 'pure'], ['devices/', 'pure'], ['api/', 'pure'], ['dsp/', 'pure'], ['training/', 'pure'], ['locales/', 'pure'],
  ['sessions/', 'sessions'], ['core/', 'core'], ['cli/', 'cli'],
  ['electron/preload/', 'preload'], ['electron/', 'shell'], ['renderer/', 'renderer'],
];
function layerOf(file: string): Layer | null {
  for (const [prefix, layer] of LAYERS) if (file.startsWith(prefix)) return layer;
  return null;
}

const NODE = new Set(builtinModules);
const isNode = (spec: string): boolean => spec.startsWith('node:') || NODE.has(spec.split('/')[0]!);
const pkg = (spec: string): string => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

interface Rule {
  readonly why: string;
  /** Layers whose files this layer may import. */
  readonly layers: readonly Layer[];
  /** npm packages it may import (Node built-ins are separate). */
  readonly packages: readonly string[];
  readonly node: boolean;
}
const RULES: Record<Layer, Rule> = {
  pure: { why: 'pure TypeScript (protocol, drivers, contract, DSP, training, message catalogues): runs in Node, the browser and workers; no Node, no DOM, no app layer', layers: ['pure'], packages: ['zod'], node: false },
  sessions: { why: 'session files, analysis and report run headless: never the core, an app entry or the UI', layers: ['pure', 'sessions'], packages: ['zod'], node: true },
  core: { why: 'the core runs without Electron and without a DOM', layers: ['pure', 'sessions', 'core'], packages: ['zod', 'serialport', '@serialport/parser-readline', '@serialport/bindings-cpp', 'ws', 'vite'], node: true },
  cli: { why: 'the CLI is an app entry beside Electron main and the web host', layers: ['pure', 'sessions', 'core', 'cli'], packages: ['zod', 'serialport'], node: true },
  shell: { why: 'the Electron shell wires the core to windows; never the renderer', layers: ['pure', 'sessions', 'core', 'shell'], packages: ['electron', 'zod', 'vite', '@vitejs/plugin-react'], node: true },
  preload: { why: 'the preload exposes the API only: electron and the contract', layers: ['pure'], packages: ['electron'], node: false },
  renderer: { why: 'the renderer reaches the core only through api/', layers: ['pure', 'renderer'], packages: ['react', 'react-dom', 'react-dom/client', 'uplot', 'zustand', 'zod'], node: false },
};
/** The message catalogues (pure data): the renderer, the Electron shell (menu and dialog texts) and the report read them. */
const CATALOGUES = ['locales/catalogues.ts', 'locales/en.ts', 'locales/nl.ts'];
/** Build configs (vite.config.ts of a layer) may use the build-inputs recorder; it runs at build time only, never in the app. */
const BUILD_TOOLING = (from: string, to: string): boolean => /(^|\/)vite\.config\.ts$/.test(from) && to === 'scripts/build-inputs.mjs';
/** The preload takes the contract and the channel names it shares with main. */
const PRELOAD_API = (file: string): boolean => file.startsWith('api/') || file === 'electron/ipc-channels.ts';

function violations(file: string, source?: string): string[] {
  const layer = layerOf(file);
  if (!layer) return [];
  const rule = RULES[layer];
  const bad: string[] = [];
  for (const imp of importsOf(file, source)) {
    const where = `${file} imports ${imp.spec}`;
    if (imp.file === '(unresolved)') { bad.push(`${where}: no such file`); continue; }
    if (imp.file) {
      const to = layerOf(imp.file);
      if (BUILD_TOOLING(file, imp.file)) continue;
      if (to === null) { bad.push(`${where}: outside every layer`); continue; }
      if (layer === 'preload') { if (!(to === 'preload' || PRELOAD_API(imp.file))) bad.push(where); continue; }
      if (to !== layer && !rule.layers.includes(to)) bad.push(`${where} (${layer} → ${to})`);
      continue;
    }
    if (imp.spec === '(computed)') { bad.push(`${file}: import() of a computed specifier`); continue; }
    if (isNode(imp.spec)) { if (!rule.node) bad.push(`${where}: Node built-in in a ${layer} file`); continue; }
    if (/\.css$/.test(imp.spec) && layer === 'renderer') continue;
    if (!rule.packages.includes(imp.spec) && !rule.packages.includes(pkg(imp.spec))) bad.push(`${where}: package not allowed in ${layer}`);
  }
  return bad;
}

const ALL = ['firmware-protocol', 'devices', 'api', 'dsp', 'training', 'locales', 'sessions', 'core', 'cli', 'electron', 'renderer']
  .filter((d) => existsSync(join(ROOT, d))).flatMap(files);

describe('architecture: every file imports only what its layer may', () => {
  for (const [layer, rule] of Object.entries(RULES) as [Layer, Rule][]) {
    it(`${layer} — ${rule.why}`, () => {
      const list = ALL.filter((f) => layerOf(f) === layer);
      expect(list.length).toBeGreaterThan(0);
      expect(list.flatMap((f) => violations(f))).toEqual([]);
    });
  }

  it('the rule sees real imports: type-only, re-exports, dynamic import() and workers are parsed, string texts are not', () => {
    const imps = importsOf('renderer/live/live-data.ts');
    expect(imps.some((i) => i.file === 'renderer/live/intake.worker.ts')).toBe(true);
    const cliMain = importsOf('cli/main.ts');
    expect(cliMain.some((i) => i.file === 'core/device/ports.ts')).toBe(true); // a dynamic import('…')
    expect(violations('renderer/live/live-data.ts')).toEqual([]);
    // What the rule catches, on sources written here (a file that does not exist on disk, placed in each layer):
    expect(violations('dsp/x.ts', "import type { Stats } from 'node:fs';\nimport { AppCore } from '../core/app-core.ts';")).toHaveLength(2);
    expect(violations('renderer/x.tsx', "const m = await import('../core/app-core.ts');")).toEqual(['renderer/x.tsx imports ../core/app-core.ts (renderer → core)']);
    expect(violations('sessions/x.ts', "export { main } from '../cli/main.ts';")).toHaveLength(1);
    expect(violations('api/x.ts', "import x from './nope.ts';")).toEqual(['api/x.ts imports ./nope.ts: no such file']);
    expect(violations('electron/preload/x.ts', "import { AppCore } from '../../core/app-core.ts';")).toHaveLength(1);
    expect(violations('core/x.ts', "const a = 'import fs from \"react\"'; import { z } from 'zod';")).toEqual([]);
  });

  it('pure folders use no DOM or Node globals', () => {
    const bad: string[] = [];
    for (const f of ALL.filter((x) => layerOf(x) === 'pure')) {
      // Comments out, then string literals (a text such as 'RMS window (ms)' is data, not a DOM global).
      const src = readFileSync(join(ROOT, f), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '').replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''");
      if (/(?<![.\w])(window|document|localStorage|Buffer|__dirname)\s*[.(\[]|(?<![.\w])process\.|(?<![.\w])require\s*\(\s*['"]/.test(src)) bad.push(f);
    }
    expect(bad).toEqual([]);
  });

  it('the message catalogues are pure data: en.ts and nl.ts import nothing but each other\'s key type, and the shell reads them from locales/', () => {
    const bad: string[] = [];
    for (const f of CATALOGUES) {
      // Whole-line and block comments out, then string literals (texts such as 'RMS window (ms)' are data, not code).
      const src = readFileSync(join(ROOT, f), 'utf8').replace(/^\s*\/\/.*$|\/\*[\s\S]*?\*\//gm, '').replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
      if (/(?<![.\w])(window|document|navigator|localStorage|Buffer|__dirname)\s*[.(\[]|(?<![.\w])process\./.test(src)) bad.push(`${f}: uses a DOM or Node global`);
      for (const imp of importsOf(f)) if (!imp.file || !CATALOGUES.includes(imp.file)) bad.push(`${f} imports ${imp.spec}`);
    }
    expect(importsOf('electron/main/shell-i18n.ts').some((i) => i.file === 'locales/catalogues.ts')).toBe(true);
    expect(violations('electron/main/x.ts', "import { en } from '../../renderer/i18n/messages.ts';")).toEqual(['electron/main/x.ts imports ../../renderer/i18n/messages.ts (shell → renderer)']);
    expect(bad).toEqual([]);
  });

  it('the README folder table names every top-level folder with source files, and only folders that exist', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| folder | what lives there |'));
    const named = new Set([...table.slice(0, table.indexOf('\n\n')).matchAll(/`([a-z-]+)\/`/g)].map((m) => m[1]!));
    const top = readdirSync(ROOT, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !['node_modules', 'dist', 'dist-electron', 'release', 'test-output', 'coverage'].includes(d.name))
      .map((d) => d.name)
      .filter((d) => files(d).length > 0 || ['bin', 'docs', 'scripts'].includes(d));
    expect(top.filter((d) => !named.has(d))).toEqual([]);
    expect([...named].filter((d) => !existsSync(join(ROOT, d)))).toEqual([]);
  });

  it('renderer/README.md names every renderer folder with its purpose, and only folders that exist', () => {
    const readme = readFileSync(join(ROOT, 'renderer/README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)\/` \| (.*) \|$/gm)];
    const named = new Set(rows.filter((m) => m[2]!.trim().length > 10).map((m) => m[1]!));
    const dirs = readdirSync(join(ROOT, 'renderer'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(dirs.length).toBeGreaterThan(10);
    expect(dirs.filter((d) => !named.has(d))).toEqual([]);
    expect([...named].filter((d) => !dirs.includes(d))).toEqual([]);
  });

  it('every zustand store of the renderer lives in renderer/state/', () => {
    const users = files('renderer').filter((f) => importsOf(f).some((i) => !i.typeOnly && pkg(i.spec) === 'zustand'));
    expect(users.length).toBeGreaterThanOrEqual(7);
    expect(users.filter((f) => !f.startsWith('renderer/state/'))).toEqual([]);
  });

  it('every folder of the app has a one-line purpose, and every source file starts with one', () => {
    const bad: string[] = [];
    for (const f of ALL) {
      const first = readFileSync(join(ROOT, f), 'utf8').split('\n', 1)[0]!;
      if (!/^\/\/ \S/.test(first)) bad.push(f);
    }
    expect(bad).toEqual([]);
  });
});
