// Main's handlers of the desktop-only commands (Save as PDF, Import dialog, dropped files), in the one command table.
import { statSync } from 'node:fs';
import { extname, isAbsolute } from 'node:path';
import { z } from 'zod';
import { MAX_DROPPED_FILES, SESSION_FILE_EXTENSIONS, type DesktopCommandHandler, type DesktopCommandName, type ImportedFile, type Result, type SavedReportPdf } from '../../api/contract.ts';
import { idSchema } from '../../api/id-schema.ts';

/** `saveReportPdf` request: which session. */
export const saveReportPdfSchema = z.object({ profileId: idSchema, sessionId: idSchema }).strict();

function isRegularFile(p: string): boolean {
  try { return statSync(p).isFile(); } catch { return false; }
}

/**
 * Paths of files dropped on the window. The renderer is untrusted (a compromised page could send any path), so main
 * accepts only what a drop of recordings can give: a short list of absolute paths of existing regular files named
 * .edf/.bdf. Anything else refuses the whole request; nothing is read before this check.
 */
export const droppedPathsSchema = z.array(
  z.string().min(2).max(4096)
    .refine((p) => !p.includes('\0'), 'contains a NUL byte')
    .refine((p) => isAbsolute(p), 'not an absolute path')
    .refine((p) => (SESSION_FILE_EXTENSIONS as readonly string[]).includes(extname(p).toLowerCase()), 'not a .edf or .bdf file')
    .refine((p) => isRegularFile(p), 'not an existing file'),
).min(1).max(MAX_DROPPED_FILES);

/** What main does once a request passed the checks. */
export interface DesktopActions {
  saveReportPdf(req: z.infer<typeof saveReportPdfSchema>): Promise<Result<SavedReportPdf>>;
  /** Shows the open dialog and imports what the user chose (`cancelled` when nothing). */
  chooseSessionFiles(): Promise<Result<readonly ImportedFile[]>>;
  /** Imports already validated paths. */
  importFiles(paths: readonly string[]): Promise<Result<readonly ImportedFile[]>>;
}

/** The desktop commands' handlers, typed from the contract (ipc.ts validates the request shape before calling them). */
export type DesktopHandlers = { [K in DesktopCommandName]: DesktopCommandHandler<K> };

function invalid(command: string, error: z.ZodError): Result<never> {
  const issue = error.issues[0];
  const detail = issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'invalid';
  return { ok: false, error: { kind: 'invalid-request', command, detail } };
}

/** One dialog or PDF at a time: a second click while the first runs is refused instead of stacking dialogs. */
function single<A extends unknown[], T>(fn: (...args: A) => Promise<Result<T>>): (...args: A) => Promise<Result<T>> {
  let busy = false;
  return async (...args: A) => {
    if (busy) return { ok: false, error: { kind: 'internal', detail: 'busy' } };
    busy = true;
    try { return await fn(...args); } finally { busy = false; }
  };
}

/**
 * The handlers over main's actions. Dropped paths get main's own check (absolute, existing .edf/.bdf regular files)
 * after the contract's shape check: the page is untrusted, and nothing is read before both pass.
 */
export function desktopHandlers(actions: DesktopActions): DesktopHandlers {
  return {
    saveReportPdf: single((req) => actions.saveReportPdf(req)),
    chooseSessionFiles: single(() => actions.chooseSessionFiles()),
    importDroppedFiles: async (req) => {
      const parsed = droppedPathsSchema.safeParse(req.paths);
      if (!parsed.success) return invalid('importDroppedFiles', parsed.error);
      return actions.importFiles(parsed.data);
    },
  };
}
