// Handlers of the review commands (analyse, trends, import by path, report) for the app core's dispatcher.
import { errorDetail } from '../api/error-detail.ts';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandHandler, CommandRequest, Result } from '../api/contract.ts';
import { languageFromLocale } from '../api/i18n.ts';
import type { ReportLanguage } from '../api/report-messages.ts';
import type { ImportedSession, SessionAnalysis, TrendRow } from '../api/review-types.ts';
import { listSessions, type SessionListItem } from '../sessions/library.ts';
import { runFileTask } from './file-work.ts';
import { readSidecar } from '../sessions/sidecar.ts';
import { analyseLibrarySession } from './analysis-service.ts';
import { sessionsErrorToApp } from './recording.ts';
import { buildReportInput, renderReportHtml, type ReportInput } from './report.ts';

export interface ReviewCommandOptions {
  /** Allow `importSessionFromPath` (Electron main after its file dialog, CLI, tests). Default false (web host). */
  readonly allowPathImport?: boolean;
  /** The report's language, asked at each report (the app setting may change). Default: {@link systemReportLanguage}. */
  readonly reportLanguage?: () => ReportLanguage;
  /** The patient's name of a profile (therapist mode), for reports of recordings that did not store it. */
  readonly patientName?: (profileId: string) => string | null;
}

/**
 * The system's language as the core sees it, for an app setting of null (as the renderer uses navigator.language):
 * LC_ALL, LC_MESSAGES or LANG (POSIX order; `C`/`POSIX` skipped), else the Intl default locale. Dutch for nl*, else English.
 */
export function systemReportLanguage(env: NodeJS.ProcessEnv = process.env): ReportLanguage {
  const posix = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v && v !== 'C' && v !== 'POSIX' && !v.startsWith('C.'));
  return languageFromLocale(posix ?? Intl.DateTimeFormat().resolvedOptions().locale);
}

/** The report's language from the app setting `language` (null = the system's, {@link systemReportLanguage}). */
export function reportLanguageOf(setting: ReportLanguage | null | undefined, env: NodeJS.ProcessEnv = process.env): ReportLanguage {
  return setting === 'nl' || setting === 'en' ? setting : systemReportLanguage(env);
}

/** Imports one recording file into a profile (validated and copied on the file worker): the desktop's path import and the browser's upload. */
export async function importRecordingFile(sessionsDir: string, profileId: string, srcPath: string, title: string): Promise<Result<ImportedSession>> {
  const r = await runFileTask({ kind: 'import', dataDir: sessionsDir, profileId, srcPath, title });
  if (!r.ok) return { ok: false, error: sessionsErrorToApp(r.error) };
  const s = r.value;
  return { ok: true, value: { id: s.id, profileId: s.profileId, title: s.title, startedAt: s.startedAt, durationS: s.durationS, protocol: s.protocol, status: s.status, lost: s.lost, rejected: s.rejected, notes: s.notes } };
}

type Names = 'analyseSession' | 'sessionTrends' | 'importSessionFromPath' | 'exportSessionReport';
type Handlers = { [K in Names]: CommandHandler<K> };

function find(dir: string, profileId: string, sessionId: string): Result<SessionListItem> {
  const s = listSessions(dir, profileId).sessions.find((x) => x.id === sessionId);
  return s ? { ok: true, value: s } : { ok: false, error: { kind: 'session-not-found', id: sessionId } };
}

/** Analysis of one library session (cached in its sidecar). */
export async function analyseSession(sessionsDir: string, profileId: string, sessionId: string): Promise<Result<SessionAnalysis>> {
  const item = find(sessionsDir, profileId, sessionId);
  return item.ok ? analyseLibrarySession(item.value.edfPath, item.value.sidecarPath) : item;
}

/** Trend rows of a profile, oldest first. Sessions still recording are left out. */
export async function sessionTrends(sessionsDir: string, profileId: string): Promise<Result<TrendRow[]>> {
  const rows: TrendRow[] = [];
  for (const s of [...listSessions(sessionsDir, profileId).sessions].reverse()) {
    if (s.status === 'recording') continue;
    const a = await analyseLibrarySession(s.edfPath, s.sidecarPath);
    rows.push({ sessionId: s.id, title: s.title, startedAt: s.startedAt, protocol: s.protocol, durationS: s.durationS, metrics: a.ok ? a.value.summary : null, channelKind: a.ok ? a.value.channelKind ?? null : null });
  }
  return { ok: true, value: rows };
}

/** The session's report as HTML in `lang`, with what it was made from (patient and date name a saved copy). Writes nothing. */
export async function buildSessionReport(sessionsDir: string, profileId: string, sessionId: string, appVersion: string, lang: ReportLanguage, patientName: string | null = null): Promise<Result<{ html: string; input: ReportInput; edfPath: string }>> {
  const item = find(sessionsDir, profileId, sessionId);
  if (!item.ok) return item;
  const read = readSidecar(item.value.sidecarPath);
  // A recording made before names were stored with it still shows the patient's name, not the folder-safe id.
  const sc = read.ok && read.value.profile.name === null && patientName ? { ok: true as const, value: { ...read.value, profile: { ...read.value.profile, name: patientName } } } : read;
  const a = await analyseLibrarySession(item.value.edfPath, item.value.sidecarPath);
  const input = await buildReportInput(item.value.edfPath, sc.ok ? sc.value : null, appVersion, a.ok ? a.value : null);
  if (!input.ok) return input;
  return { ok: true, value: { html: renderReportHtml(input.value, lang), input: input.value, edfPath: item.value.edfPath } };
}

/** Renders the session's report in `lang` and writes it as `report.html` in the session folder (mode 0600). */
export async function exportSessionReport(sessionsDir: string, profileId: string, sessionId: string, appVersion: string, lang: ReportLanguage, patientName: string | null = null): Promise<Result<{ htmlPath: string; html: string }>> {
  const built = await buildSessionReport(sessionsDir, profileId, sessionId, appVersion, lang, patientName);
  if (!built.ok) return built;
  const { html } = built.value;
  const htmlPath = path.join(path.dirname(built.value.edfPath), 'report.html');
  try {
    fs.writeFileSync(htmlPath, html, { mode: 0o600 });
  } catch (e) {
    return { ok: false, error: { kind: 'file-error', problem: 'write-failed', path: htmlPath, detail: errorDetail(e) } };
  }
  return { ok: true, value: { htmlPath, html } };
}

/** The four review handlers, spread into the core's handler table. */
export function reviewHandlers(sessionsDir: string, appVersion: string, opts: ReviewCommandOptions = {}): Handlers {
  return {
    analyseSession: (req) => analyseSession(sessionsDir, req.profileId, req.sessionId),
    sessionTrends: (req) => sessionTrends(sessionsDir, req.profileId),
    importSessionFromPath: async (req) => {
      if (!opts.allowPathImport) return { ok: false, error: { kind: 'forbidden', reason: 'untrusted-sender' } };
      // Validating and copying a long file runs on the file worker, never on the thread that reads the sensor.
      return importRecordingFile(sessionsDir, req.profileId, req.path, req.title ?? '');
    },
    exportSessionReport: (req) => exportSessionReport(sessionsDir, req.profileId, req.sessionId, appVersion, req.language ?? (opts.reportLanguage ?? systemReportLanguage)(), opts.patientName?.(req.profileId) ?? null),
  };
}
