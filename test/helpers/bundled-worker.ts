// Test helper: where a built bundle (Electron main.cjs, the web host's host-main.mjs) finds its file worker, decided by
// the bundle's own copy of core/file-work.ts's workerEntry(), and one real task run on that worker.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';

/**
 * Runs `workerEntry()` as compiled into `bundleFile`, as if running from that file (its `__filename` or
 * `import.meta.url`): the worker code it would start, or null (tasks would run on the calling thread).
 */
export function bundledWorkerEntry(bundleFile: string): { code: unknown; eval: boolean } | null {
  const code = readFileSync(bundleFile, 'utf8');
  const start = code.indexOf('function workerEntry() {');
  if (start < 0) throw new Error(`${bundleFile} has no workerEntry(): it cannot start the file worker`);
  let depth = 0;
  let end = -1;
  for (let i = code.indexOf('{', start); i < code.length && end < 0; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}' && --depth === 0) end = i + 1;
  }
  const fn = code.slice(start, end).replaceAll('import.meta.url', '__bundleUrl');
  const req = createRequire(bundleFile);
  // The names the two bundle formats give Node's modules: CommonJS namespaces (node_fs …) or ES named imports.
  const context = {
    require: req, __filename: bundleFile, __bundleUrl: pathToFileURL(bundleFile).href, URL, JSON,
    node_fs: req('node:fs'), node_url: req('node:url'), node_module: req('node:module'),
    existsSync, fileURLToPath, pathToFileURL, createRequire,
  };
  return runInNewContext(`(${fn})()`, context) as { code: unknown; eval: boolean } | null;
}

/** Starts the worker at `code` (a file URL), posts one task as core/file-work.ts does and returns its answer. */
export async function runOnWorker(code: URL, task: unknown): Promise<{ id: number; ok: boolean; value?: unknown; error?: string }> {
  const w = new Worker(code);
  try {
    return await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.once('exit', (c) => reject(new Error(`file worker exited (${c}) without answering`)));
      w.postMessage({ id: 7, task });
    });
  } finally {
    await w.terminate();
  }
}
