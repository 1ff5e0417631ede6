// IPC routes of the desktop-only verbs (Save as PDF, Import dialog, dropped files): sender check, zod, then main acts.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { statSync } from 'node:fs';
import { extname, isAbsolute } from 'node:path';
import { z } from 'zod';
import { MAX_DROPPED_FILES, SESSION_FILE_EXTENSIONS, type ImportedFile, type Result, type SavedReportPdf } from '../../api/contract.ts';
import { idSchema } from '../../api/id-schema.ts';
import { IPC } from '../ipc-channels.ts';
import { isTrustedSender, REFUSED, type IpcWindow } from './ipc.ts';

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

export interface DesktopIpcDeps {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly getWindow: () => IpcWindow | null;
  readonly actions: DesktopActions;
}

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

/** Registers the three routes; returns a function that removes them. Each checks the sender like the invoke channel. */
export function registerDesktopIpc(deps: DesktopIpcDeps): () => void {
  const { ipcMain, actions } = deps;
  const trusted = (event: IpcMainInvokeEvent) => isTrustedSender(event, deps.getWindow());
  const savePdf = single((req: z.infer<typeof saveReportPdfSchema>) => actions.saveReportPdf(req));
  ipcMain.handle(IPC.saveReportPdf, async (event, req: unknown) => {
    if (!trusted(event)) return REFUSED;
    const parsed = saveReportPdfSchema.safeParse(req);
    if (!parsed.success) return invalid('saveReportPdf', parsed.error);
    return savePdf(parsed.data);
  });
  const choose = single(() => actions.chooseSessionFiles());
  ipcMain.handle(IPC.chooseSessionFiles, async (event) => {
    if (!trusted(event)) return REFUSED;
    return choose();
  });
  ipcMain.handle(IPC.importDroppedFiles, async (event, paths: unknown) => {
    if (!trusted(event)) return REFUSED;
    const parsed = droppedPathsSchema.safeParse(paths);
    if (!parsed.success) return invalid('importDroppedFiles', parsed.error);
    return actions.importFiles(parsed.data);
  });
  return () => {
    ipcMain.removeHandler(IPC.saveReportPdf);
    ipcMain.removeHandler(IPC.chooseSessionFiles);
    ipcMain.removeHandler(IPC.importDroppedFiles);
  };
}
