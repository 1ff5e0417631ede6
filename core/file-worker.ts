// The file worker thread: runs heavy file tasks (core/file-tasks.ts) posted by core/file-work.ts, one at a time.
import { parentPort } from 'node:worker_threads';
import { runFileTaskHere, type FileTask } from './file-tasks.ts';

const port = parentPort;
if (port) {
  port.on('message', (m: { id: number; task: FileTask }) => {
    runFileTaskHere(m.task).then(
      (value) => port.postMessage({ id: m.id, ok: true, value }),
      (e: unknown) => port.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
    );
  });
}
