// Every benchmark and test runs the app core on a temporary data folder, never the user's real one (issue 13 item 14).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/pty.ts';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|tsx|mts|mjs)$/.test(n)) out.push(p);
  }
  return out;
}

/** The argument text of each `new AppCore(` call (up to its matching parenthesis). */
function appCoreArgs(src: string): string[] {
  const out: string[] = [];
  for (let i = src.indexOf('new AppCore('); i >= 0; i = src.indexOf('new AppCore(', i + 1)) {
    let depth = 0, j = i + 'new AppCore'.length;
    for (; j < src.length; j++) { if (src[j] === '(') depth++; else if (src[j] === ')' && --depth === 0) break; }
    out.push(src.slice(i + 'new AppCore('.length, j));
  }
  return out;
}

describe('no bench or test touches the real data folder', () => {
  it('every `new AppCore(…)` in bench/ and test/ names a dataDir, and none calls defaultDataDir() with the real environment', () => {
    const bad: string[] = [];
    let calls = 0;
    for (const f of [...files(join(ROOT, 'bench')), ...files(join(ROOT, 'test'))]) {
      if (f.endsWith('temp-data-dir.test.ts')) continue;
      const src = readFileSync(f, 'utf8');
      for (const a of appCoreArgs(src)) { calls++; if (!/\bdataDir\b/.test(a)) bad.push(`${relative(ROOT, f)}: new AppCore(${a.slice(0, 60)})`); }
      if (/defaultDataDir\(\s*\)/.test(src)) bad.push(`${relative(ROOT, f)}: defaultDataDir() reads the real environment`);
    }
    expect(calls).toBeGreaterThan(5);
    expect(bad).toEqual([]);
  });

  it('the checker itself catches a call without a data folder', () => {
    expect(appCoreArgs('const c = new AppCore();').map((a) => /\bdataDir\b/.test(a))).toEqual([false]);
    expect(appCoreArgs("new AppCore({ link: f(1), dataDir: join(t, 'd') })").map((a) => /\bdataDir\b/.test(a))).toEqual([true]);
  });
});
