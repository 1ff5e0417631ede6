// Heavy file work off the thread that reads the sensor: importing, scanning and analysing long files run on one
// worker thread, so a 100 MB import during a live recording never stalls the serial reads (no samples lost).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runFileTaskHere, type FileTask, type FileTaskResults } from './file-tasks.ts';

interface Pending { resolve(v: unknown): void; reject(e: Error): void }

let worker: Worker | null = null;
let workerUnavailable = false;
let nextId = 1;
const pending = new Map<number, Pending>();
/** Tasks run per place, for diagnostics and tests. */
export const fileWorkStats = { worker: 0, inThread: 0 };

/**
 * Where the worker's code is: `file-worker.mjs` next to a bundle (dist/host), else the TypeScript source run through
 * tsx (development, tests). Null when neither exists (then tasks run in-thread, as before).
 */
function workerEntry(): { code: URL | string; eval: boolean } | null {
  try {
    const built = new URL('./file-worker.mjs', import.meta.url);
    if (existsSync(fileURLToPath(built))) return { code: built, eval: false };
    const src = new URL('./file-worker.ts', import.meta.url);
    if (existsSync(fileURLToPath(src))) {
      // From source: the worker registers tsx's loader itself, then loads the TypeScript entry.
      const tsxDir = createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, '');
      const api = pathToFileURL(`${tsxDir}dist/esm/api/index.mjs`).href;
      return {
        code: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(src.href)}); })`
          + '.catch((e) => { throw e; })',
        eval: true,
      };
    }
  } catch { /* no module URL (a CommonJS bundle) or no tsx: in-thread */ }
  return null;
}

function failAll(why: string): void {
  for (const p of pending.values()) p.reject(new Error(why));
  pending.clear();
}

function getWorker(): Worker | null {
  if (worker) return worker;
  if (workerUnavailable) return null;
  const entry = workerEntry();
  if (!entry) { workerUnavailable = true; return null; }
  const w = new Worker(entry.code, { eval: entry.eval });
  w.unref(); // never keeps the process alive on its own
  w.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value); else p.reject(new Error(m.error ?? 'file worker failed'));
    if (pending.size === 0) w.unref();
  });
  w.on('error', (e) => { worker = null; failAll(e.message); });
  w.on('exit', () => { if (worker === w) worker = null; failAll('file worker stopped'); });
  worker = w;
  return w;
}

/** Runs a heavy file task on the file worker (in-thread only where no worker can be started). */
export async function runFileTask<T extends FileTask>(task: T): Promise<FileTaskResults[T['kind']]> {
  const w = getWorker();
  if (!w) { fileWorkStats.inThread++; return runFileTaskHere(task); }
  fileWorkStats.worker++;
  const id = nextId++;
  w.ref(); // a task under way keeps the process alive until it answers
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    w.postMessage({ id, task });
  });
}

/** Stops the worker (tests, shutdown); a later task starts a new one. */
export async function stopFileWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
