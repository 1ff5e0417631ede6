// Opening .edf/.bdf files handed over by the OS (file association, "Open with", a second launch): import and show them.
import { existsSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SESSION_FILE_EXTENSIONS, type AppError, type ImportedFile } from '../../api/contract.ts';
import type { AppCore } from '../../core/app-core.ts';
import { sessionsErrorToApp } from '../../core/recording.ts';
import { runFileTask } from '../../core/file-work.ts';

/** File types the app registers for (electron-builder.yml `fileAssociations`). */
export { SESSION_FILE_EXTENSIONS };

/** The path a `file:` URL names (percent-decoded), or null when it is not a local file URL. */
function pathOfFileUrl(a: string): string | null {
  try { return fileURLToPath(new URL(a)); } catch { return null; }
}

/**
 * Session files among command-line arguments (existing regular files with a session extension), absolute. Accepts
 * paths and `file:` URLs: Linux desktop files pass `%U`, which file managers fill with `file:///…` URLs.
 */
export function sessionFilesFromArgv(argv: readonly string[], cwd: string = process.cwd()): string[] {
  const out: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    const a = /^file:/i.test(arg) ? pathOfFileUrl(arg) : arg;
    if (a === null) continue;
    if (!(SESSION_FILE_EXTENSIONS as readonly string[]).includes(extname(a).toLowerCase())) continue;
    const p = resolve(cwd, a);
    try { if (existsSync(p) && statSync(p).isFile() && !out.includes(p)) out.push(p); } catch { /* unreadable: skip */ }
  }
  return out;
}

export type OpenedFile = { readonly path: string; readonly ok: true; readonly profileId: string; readonly sessionId: string }
  | { readonly path: string; readonly ok: false; readonly detail: string; readonly error: AppError };

/**
 * Imports each file into the active profile's library (the main process is trusted: the user chose the file in the
 * OS). The renderer is then told which session to open (shell event `open-session`, api/shell-events.ts).
 */
export async function importSessionFiles(core: AppCore, paths: readonly string[]): Promise<OpenedFile[]> {
  const profileId = core.settings.loadApp().value.activeProfileId;
  const out: OpenedFile[] = [];
  for (const p of paths) {
    const r = await runFileTask({ kind: 'import', dataDir: core.sessionsDir, profileId, srcPath: p, title: '' }); // off the sensor's thread
    out.push(r.ok ? { path: p, ok: true, profileId, sessionId: r.value.id } : { path: p, ok: false, detail: r.error.kind, error: sessionsErrorToApp(r.error) });
  }
  return out;
}

/** What the page is told about one imported file: its name without the folder, the session or the error value. */
export function importedFileOf(f: OpenedFile): ImportedFile {
  const file = basename(f.path);
  return f.ok ? { file, ok: true, profileId: f.profileId, sessionId: f.sessionId } : { file, ok: false, error: f.error };
}
