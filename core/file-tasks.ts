// Heavy file work as plain tasks (import of an EDF/BDF file, analysis of a recording): what the file worker runs.
import type { Result } from '../api/contract.ts';
import type { LibraryError, Res } from '../sessions/errors.ts';
import { importEdf, type SessionListItem } from '../sessions/library.ts';
import type { Sidecar } from '../sessions/sidecar.ts';
import type { SessionAnalysis } from '../api/review-types.ts';
import { analyseRecording } from './analysis-service.ts';

export type FileTask =
  | { readonly kind: 'import'; readonly dataDir: string; readonly profileId: string; readonly srcPath: string; readonly title: string }
  | { readonly kind: 'analyse'; readonly edfPath: string; readonly sidecar: Sidecar | null };

/** What each task resolves to. */
export interface FileTaskResults {
  import: Res<SessionListItem, LibraryError>;
  analyse: Result<SessionAnalysis>;
}

/** Runs a task on the calling thread (the worker calls this; so does the fallback when no worker can start). */
export async function runFileTaskHere<T extends FileTask>(task: T): Promise<FileTaskResults[T['kind']]> {
  if (task.kind === 'import') return await importEdf(task.dataDir, task.profileId, task.srcPath, task.title) as FileTaskResults[T['kind']];
  return await analyseRecording(task.edfPath, task.sidecar) as FileTaskResults[T['kind']];
}
