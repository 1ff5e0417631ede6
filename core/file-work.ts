// Heavy file work off the thread that reads the sensor: importing, scanning and analysing long files run on one
// worker thread, so a 100 MB import during a live recording never stalls the serial reads (no samples lost).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runFileTaskHere, type FileTask, type FileTaskResults } from './file-tasks.ts';

interface Pending { task: FileTask; resolve(v: unknown): void; reject(e: Error): void }

let worker: Worker | null = null;
let workerUnavailable = false;
let nextId = 1;
/** Whether the current worker has answered once (a worker that never did could not start: fall back in-thread). */
let answered = false;
const pending = new Map<number, Pending>();
/** Tasks run per place, for diagnostics and tests. */
export const fileWorkStats = { worker: 0, inThread: 0 };

/**
 * Where the worker's code is: `file-worker.mjs` next to the host bundle (dist/host) or `file-worker.cjs` next to the
 * Electron main bundle (dist-electron), else the TypeScript source run through tsx (development, tests). Null when
 * none exists (then tasks run in-thread, as before).
 */
function workerEntry(): { code: URL | string; eval: boolean } | null {
  try {
    for (const name of ['./file-worker.mjs', './file-worker.cjs']) {
      const built = new URL(name, import.meta.url);
      if (existsSync(fileURLToPath(built))) return { code: built, eval: false };
    }
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

/** The worker died: tasks it never answered run here instead (never lost, never an error because of the thread). */
function rerunHere(): void {
  const left = [...pending.values()];
  pending.clear();
  for (const p of left) { fileWorkStats.inThread++; runFileTaskHere(p.task).then(p.resolve, p.reject); }
}

function getWorker(): Worker | null {
  if (worker) return worker;
  if (workerUnavailable) return null;
  const entry = workerEntry();
  if (!entry) { workerUnavailable = true; return null; }
  let w: Worker;
  try { w = new Worker(entry.code, { eval: entry.eval }); } catch { workerUnavailable = true; return null; }
  answered = false;
  w.unref(); // never keeps the process alive on its own
  w.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    answered = true;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value); else p.reject(new Error(m.error ?? 'file worker failed'));
    if (pending.size === 0) w.unref();
  });
  // A worker that fails before its first answer could not load (e.g. no worker support for the packaged app): stop
  // trying; one that fails later is restarted on the next task. Either way its open tasks run in-thread.
  w.on('error', () => { if (!answered) workerUnavailable = true; if (worker === w) worker = null; rerunHere(); });
  w.on('exit', () => { if (worker === w) worker = null; rerunHere(); });
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
    pending.set(id, { task, resolve: resolve as (v: unknown) => void, reject });
    w.postMessage({ id, task });
  });
}

/** Stops the worker (tests, shutdown); a later task starts a new one. */
export async function stopFileWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
