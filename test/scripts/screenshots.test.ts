// `npm run screenshots` runs its build and tests through this Node and the tools' JS entry points (no npx, which is
// npx.cmd on Windows and cannot be spawned there without a shell).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotCommands } from '../../scripts/screenshots.mjs';
import { ROOT } from '../helpers/pty.ts';

describe('npm run screenshots', () => {
  it('spawns vite and vitest as `<node> <entry.js>` only', () => {
    const node = 'C:\\nodejs\\node.exe';
    const [build, tests] = screenshotCommands(ROOT, node);
    expect([build!.command, ...build!.args]).toEqual([node, join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build']);
    expect(tests!.command).toBe(node);
    expect(tests!.args[0]).toBe(join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'));
    expect(tests!.args[1]).toBe('run');
    expect(tests!.args.slice(2).length).toBeGreaterThan(0);
    expect(tests!.args.slice(2).every((t) => /^test\/e2e\/[\w-]+\.test\.ts$/.test(t))).toBe(true);
  });
});
