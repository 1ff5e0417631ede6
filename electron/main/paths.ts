// Folders the main process owns under the user-data directory, created owner-only (0700).
import { errorDetail } from '../../api/error-detail.ts';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Sub-folder of the user-data directory that holds recordings (EDF+ files and sidecars). */
export const SESSIONS_DIR_NAME = 'sessions';

export type PrivateDirResult = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly error: { readonly kind: 'dir-error'; readonly path: string; readonly detail: string } };

/**
 * Creates `path` (and parents) if needed and makes it owner-only (mode 0700 on POSIX; an existing folder with a
 * looser mode is tightened). Never throws.
 */
export function ensurePrivateDir(path: string): PrivateDirResult {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32' && (statSync(path).mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    return { ok: true, path };
  } catch (e) {
    return { ok: false, error: { kind: 'dir-error', path, detail: errorDetail(e) } };
  }
}

/** The sessions folder under `userDataDir`, created owner-only. */
export function ensureSessionsDir(userDataDir: string): PrivateDirResult {
  const user = ensurePrivateDir(userDataDir);
  if (!user.ok) return user;
  return ensurePrivateDir(join(userDataDir, SESSIONS_DIR_NAME));
}
