// The app's own small JSON files (settings, patients, queue): private atomic writes, and reads that never crash.
import { errorDetail } from '../api/error-detail.ts';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes JSON atomically (temp file, fsync, rename), private to the user (file 0600, folder 0700), as the sidecar
 * writer does. A failed write removes its temp file and throws.
 */
export function writePrivateJson(path: string, value: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try { writeSync(fd, `${JSON.stringify(value, null, 2)}\n`); fsyncSync(fd); } finally { closeSync(fd); }
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* never created */ }
    throw e;
  }
}

const detail = (e: unknown): string => errorDetail(e, 'error', 80);

/** Error codes worth a second try: the file is fine, the system was briefly out of something. */
const TRANSIENT = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EINTR', 'ETIMEDOUT']);
const READ_TRIES = 3;
const RETRY_WAIT_MS = 15;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface PrivateJsonRead {
  readonly raw: unknown;
  readonly missing: boolean;
  readonly repaired: string[];
  /**
   * Set when the file could not be read (EACCES, EIO, EMFILE after retries…): it was left where it is, `raw` is
   * undefined, and the caller must not write defaults over it.
   */
  readonly readError?: string;
}

/**
 * Reads a JSON file of the app. `missing` when there is none. Only a file that was read but is not JSON (or larger
 * than `maxBytes`) is kept aside as `<path>.bad-<ms>` (never deleted: the user may want it) and reported in
 * `repaired`, with `raw` undefined so the caller falls back to defaults. A read error is retried when transient and
 * otherwise reported as `readError`: the file stays untouched.
 */
export function readPrivateJson(path: string, maxBytes: number): PrivateJsonRead {
  let text: string | null = null;
  let code = '';
  for (let i = 0; i < READ_TRIES; i++) {
    try { text = readFileSync(path, 'utf8'); break; } catch (e) {
      code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      if (code === 'ENOENT') return { raw: undefined, missing: true, repaired: [] };
      if (!TRANSIENT.has(code)) break;
      sleepSync(RETRY_WAIT_MS * (i + 1));
    }
  }
  if (text === null) return { raw: undefined, missing: false, repaired: [`read-error:${code}`], readError: code };
  try {
    if (text.length > maxBytes) throw new Error('too large');
    return { raw: JSON.parse(text), missing: false, repaired: [] };
  } catch (e) {
    const aside = `${path}.bad-${Date.now()}`;
    try { renameSync(path, aside); } catch { /* go on with defaults */ }
    return { raw: undefined, missing: false, repaired: [`unreadable (${detail(e)}); kept as ${aside}`] };
  }
}

/** Writes back a file that was repaired on reading; a failed write is added to `repaired` instead of thrown. */
export function rewriteRepaired(path: string, value: unknown, repaired: string[]): void {
  try { writePrivateJson(path, value); } catch (e) { repaired.push(`write-failed:${detail(e)}`); }
}
