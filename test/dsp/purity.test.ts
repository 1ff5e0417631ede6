// dsp/ and training/ stay pure TypeScript: no Node built-ins, no DOM, relative imports with .ts extensions only.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const files = ['dsp', 'training'].flatMap((d) =>
  readdirSync(resolve(root, d)).filter((f) => f.endsWith('.ts')).map((f) => ({ name: `${d}/${f}`, text: readFileSync(resolve(root, d, f), 'utf8') })));

describe('pure modules', () => {
  it('finds the modules', () => {
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['dsp/emg-chain.ts', 'training/runner.ts']));
  });

  it.each(files.map((f) => [f.name, f.text] as const))('%s imports only zod and sibling .ts files, and no DOM', (_name, text) => {
    const specs = [...text.matchAll(/^\s*import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    for (const s of specs) expect(s === 'zod' || /^\.\.?\/.*\.ts$/.test(s), s).toBe(true);
    // Other pure folders only (the contract's helpers, e.g. api/error-detail.ts); never a Node or DOM layer.
    expect(specs.some((s) => s.startsWith('../') && !s.startsWith('../dsp/') && !s.startsWith('../training/') && !s.startsWith('../api/'))).toBe(false);
    // Globals of the browser or of Node (a method named `process` on our own classes is fine: it follows a dot).
    expect(/(?<![.\w])((window|document|navigator|localStorage|process|Buffer)\s*\.|(require|requestAnimationFrame)\s*\(|__dirname\b)/.test(text)).toBe(false);
  });

  it('every file starts with a one-line comment saying what it owns', () => {
    for (const f of files) expect(f.text.startsWith('// '), f.name).toBe(true);
  });
});
