// Heavy file work as plain tasks (import of an EDF/BDF file, analysis of a recording): what the file worker runs.
import type { CommandRequest, Result, SessionOverview } from '../api/contract.ts';
import type { LibraryError } from '../sessions/errors.ts';
import { importEdf, type SessionListItem } from '../sessions/library.ts';
import type { Sidecar } from '../sessions/sidecar.ts';
import type { SessionAnalysis } from '../api/review-types.ts';
import { analyseRecording } from './analysis-service.ts';
import { LibraryService } from './library-service.ts';

export type FileTask =
  | { readonly kind: 'import'; readonly dataDir: string; readonly profileId: string; readonly srcPath: string; readonly title: string }
  | { readonly kind: 'analyse'; readonly edfPath: string; readonly sidecar: Sidecar | null }
  /** Opening a session for review reads every record (its overview): long files take a while. */
  | { readonly kind: 'open'; readonly sessionsDir: string; readonly req: CommandRequest<'openSession'> }
  /** CSV export reads and writes the whole recording. */
  | { readonly kind: 'export-csv'; readonly sessionsDir: string; readonly req: CommandRequest<'exportSessionCsv'> };

/** What each task resolves to. */
export interface FileTaskResults {
  import: Result<SessionListItem, LibraryError>;
  analyse: Result<SessionAnalysis>;
  open: Result<SessionOverview>;
  'export-csv': Result<{ csvPath: string; annotationsPath: string }>;
}

/** Runs a task on the calling thread (the worker calls this; so does the fallback when no worker can start). */
export async function runFileTaskHere<T extends FileTask>(task: T): Promise<FileTaskResults[T['kind']]> {
  switch (task.kind) {
    case 'import': return await importEdf(task.dataDir, task.profileId, task.srcPath, task.title) as FileTaskResults[T['kind']];
    case 'analyse': return await analyseRecording(task.edfPath, task.sidecar) as FileTaskResults[T['kind']];
    case 'open': return new LibraryService(task.sessionsDir).open(task.req) as FileTaskResults[T['kind']];
    case 'export-csv': return new LibraryService(task.sessionsDir).exportCsv(task.req) as FileTaskResults[T['kind']];
  }
}
