// Types for start.mjs (plain JS so `npm start` runs without a build).
import type { ChildProcess, spawn, spawnSync } from 'node:child_process';
import type { downloadElectron } from '../electron/launcher.mjs';

export interface StartDeps {
  readonly root?: string;
  readonly argv?: string[];
  readonly env?: Record<string, string | undefined>;
  readonly platform?: string;
  readonly execPath?: string;
  readonly spawn?: typeof spawn;
  readonly spawnSync?: typeof spawnSync;
  readonly out?: (line: string) => void;
  readonly err?: (line: string) => void;
  readonly stderr?: { write(chunk: unknown): unknown };
  readonly download?: typeof downloadElectron;
  readonly onChild?: (child: ChildProcess) => void;
}

/** Runs `npm start` (or `npm run web` with --web in argv) and resolves with the exit code. */
export function start(d?: StartDeps): Promise<number>;
