// The app's own small JSON files (settings, patients, queue): private atomic writes, and reads that never crash.
import { errorDetail } from '../api/error-detail.ts';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes JSON atomically (temp file + rename), private to the user (file 0600, folder 0700). Throws on I/O errors. */
export function writePrivateJson(path: string, value: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

const detail = (e: unknown): string => errorDetail(e, 'error', 80);

/**
 * Reads a JSON file of the app. `missing` when there is none; a file that is unreadable, not JSON or larger than
 * `maxBytes` is kept aside as `<path>.bad-<ms>` (never deleted: the user may want it) and reported in `repaired`,
 * with `raw` undefined so the caller falls back to defaults.
 */
export function readPrivateJson(path: string, maxBytes: number): { raw: unknown; missing: boolean; repaired: string[] } {
  if (!existsSync(path)) return { raw: undefined, missing: true, repaired: [] };
  try {
    const text = readFileSync(path, 'utf8');
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
