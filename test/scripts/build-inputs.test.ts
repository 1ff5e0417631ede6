// `npm start` rebuilds the UI exactly when a file the bundle was made from changed: the build records its module graph
// (so dsp/, training/ and firmware-protocol/ count because the UI imports them, without a hand-kept folder list), and
// start.mjs compares those files' times with the bundle's.
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStaleReason } from '../../scripts/build-inputs.mjs';
import { buildCommands } from '../../scripts/node-tools.mjs';
import { start } from '../../scripts/start.mjs';
import { freshClone } from '../helpers/electron-mirror.ts';

let clone: string;
let inputs: string[];
const INDEX = join('dist', 'renderer', 'index.html');

/** Sets a file's modification time `seconds` after the bundle's; returns a function that puts the old time back. */
function touchAfterBuild(rel: string, seconds = 5): () => void {
  const p = join(clone, rel);
  const before = statSync(p);
  const t = statSync(join(clone, INDEX)).mtime.getTime() / 1000 + seconds;
  utimesSync(p, t, t);
  return () => { utimesSync(p, before.atime, before.mtime); };
}

/** The builds start() would run for `npm run web` (spawns recorded, nothing run). */
async function buildsStartRuns(): Promise<string[][]> {
  const ran: string[][] = [];
  await start({
    root: clone, argv: ['--web'], env: {}, platform: 'linux', out: () => {}, err: () => {},
    spawnSync: ((cmd: string, args: string[]) => { ran.push([cmd, ...args]); return { status: 0 }; }) as never,
    spawn: (() => { const c = new EventEmitter(); setTimeout(() => c.emit('exit', 0, null), 1); return c; }) as never,
  });
  return ran;
}

beforeAll(() => {
  clone = freshClone();
  const b = buildCommands(clone).renderer;
  const r = spawnSync(b.command, b.args, { cwd: clone, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  inputs = JSON.parse(readFileSync(join(clone, 'dist', 'build-inputs', 'renderer.json'), 'utf8')).inputs;
}, 120_000);

describe('build inputs', () => {
  it('the UI build records every source it read, dsp/, training/ and firmware-protocol/ included, plus config and lockfile', () => {
    for (const folder of ['renderer/', 'api/', 'dsp/', 'training/', 'firmware-protocol/']) {
      expect(inputs.some((f) => f.startsWith(folder)), folder).toBe(true);
    }
    expect(inputs).toEqual(expect.arrayContaining(['renderer/index.html', 'vite.config.ts', 'package.json', 'package-lock.json']));
    expect(inputs.filter((f) => f.includes('node_modules') || f.startsWith('/') || f.startsWith('..'))).toEqual([]);
    expect(buildStaleReason(clone, 'renderer', INDEX)).toBeNull();
  });

  it('an edit in any recorded folder makes the bundle stale; a file the UI does not import does not', async () => {
    // Fresh UI: only the app core (never built in this clone) is built.
    const b = buildCommands(clone);
    expect(await buildsStartRuns()).toEqual([[process.execPath, ...b.host.args], [process.execPath, ...b.hostFileWorker.args]]);
    for (const folder of ['dsp/', 'training/', 'firmware-protocol/', 'api/', 'renderer/']) {
      const file = inputs.find((f) => f.startsWith(folder) && f.endsWith('.ts'))!;
      const undo = touchAfterBuild(file);
      expect(buildStaleReason(clone, 'renderer', INDEX), file).toBe(`${file} changed`);
      const ran = await buildsStartRuns();
      expect(ran[0], file).toEqual([process.execPath, ...buildCommands(clone).renderer.args]);
      undo();
    }
    const unrelated = touchAfterBuild('README.md');
    expect(buildStaleReason(clone, 'renderer', INDEX)).toBeNull();
    unrelated();
  });

  it('a missing bundle, a missing record or a removed input rebuild too', () => {
    const record = join(clone, 'dist', 'build-inputs', 'renderer.json');
    const saved = readFileSync(record, 'utf8');
    const gone = inputs.find((f) => f.startsWith('dsp/'))!;
    rmSync(join(clone, gone));
    expect(buildStaleReason(clone, 'renderer', INDEX)).toBe(`${gone} is gone`);
    rmSync(record);
    expect(buildStaleReason(clone, 'renderer', INDEX)).toBe('no record of its sources');
    expect(buildStaleReason(clone, 'renderer', join('dist', 'renderer', 'nothing.html'))).toBe('dist/renderer/nothing.html does not exist');
    expect(saved.length).toBeGreaterThan(0);
  });
});
