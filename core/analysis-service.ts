// Session analysis for review and trends, cached in the sidecar. The analysis itself is sessions/analysis.ts (the CLI
// and the report reach it without the core).
import type { Result } from '../api/contract.ts';
import { ANALYSIS_SCHEMA, ANALYSIS_VERSION, type SessionAnalysis } from '../api/review-types.ts';
import { analyseRecording as analyse, fileKey } from '../sessions/analysis.ts';
import { editSidecarFile, readSidecar, withEdit, type Sidecar } from '../sessions/sidecar.ts';
import { sessionsErrorToApp } from './recording.ts';
import { runFileTask } from './file-work.ts';

export { FALLBACK_TARGETS_UV } from '../sessions/analysis.ts';

/** sessions/analysis.ts's analysis with the app's error vocabulary. */
export async function analyseRecording(edfPath: string, sc: Sidecar | null): Promise<Result<SessionAnalysis>> {
  const a = await analyse(edfPath, sc);
  return a.ok ? a : { ok: false, error: sessionsErrorToApp(a.error) };
}

/** The cached analysis in a sidecar, if it is current (same schema version and file). */
export function cachedAnalysis(sc: Sidecar): SessionAnalysis | null {
  for (const x of sc.phaseMetrics) {
    const a = x as Partial<SessionAnalysis> | null;
    if (a && a.schema === ANALYSIS_SCHEMA && a.version === ANALYSIS_VERSION && a.fileKey === fileKey(sc, sc.recording.records)) return a as SessionAnalysis;
  }
  return null;
}

/**
 * Analysis of a library session: the cached one from the sidecar, or a fresh one that is then stored in the sidecar's
 * `phaseMetrics` (the previous value goes to the audit history; the recording is never touched).
 */
export function analyseLibrarySession(edfPath: string, sidecarPath: string): Promise<Result<SessionAnalysis>> {
  const running = inFlight.get(edfPath);
  if (running) return running;
  const p = analyseAndCache(edfPath, sidecarPath).finally(() => inFlight.delete(edfPath));
  inFlight.set(edfPath, p);
  return p;
}

/** Analyses under way, by EDF path: a second caller (library + review at once) shares the first one's result. */
const inFlight = new Map<string, Promise<Result<SessionAnalysis>>>();

async function analyseAndCache(edfPath: string, sidecarPath: string): Promise<Result<SessionAnalysis>> {
  const sc = readSidecar(sidecarPath);
  const scv = sc.ok ? sc.value : null;
  if (scv && scv.recording.status !== 'recording') {
    const c = cachedAnalysis(scv);
    if (c) return { ok: true, value: c };
  }
  const a = await runFileTask({ kind: 'analyse', edfPath, sidecar: scv }); // off the sensor's thread
  if (!a.ok || !scv || scv.recording.status === 'recording') return a;
  const keep = scv.phaseMetrics.filter((x) => (x as { schema?: unknown } | null)?.schema !== ANALYSIS_SCHEMA);
  editSidecarFile(sidecarPath, (s) => withEdit(s, 'phaseMetrics', [...keep, a.value]));
  return a;
}
