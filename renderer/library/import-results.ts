// Import results as lines for the user: one per file, success or the error in the user's language.
import { MAX_DROPPED_FILES, SESSION_FILE_EXTENSIONS, type ImportedFile } from '../../api/contract.ts';
import type { Language } from '../i18n/messages.ts';
import { errorMessage, translate } from '../i18n/translate.ts';

/** One line of an import result list. */
export interface ResultLine { readonly text: string; readonly failed: boolean }

/** True for a file name ending in .edf or .bdf (any letter case). */
export function isRecordingName(name: string): boolean {
  const lower = name.toLowerCase();
  return SESSION_FILE_EXTENSIONS.some((e) => lower.endsWith(e));
}

/** Lines for the files main imported (or could not: truncated, corrupt, … in the existing error messages). */
export function importLines(lang: Language, files: readonly ImportedFile[]): ResultLine[] {
  return files.map((f) => (f.ok
    ? { text: translate(lang, 'desk.imported', { file: f.file }), failed: false }
    : { text: translate(lang, 'desk.importFailed', { message: errorMessage(lang, f.error) }), failed: true }));
}

/**
 * Splits dropped files into those to import (recordings, at most {@link MAX_DROPPED_FILES}) and lines explaining
 * the ones left out.
 */
export function sortDropped(lang: Language, files: readonly File[]): { take: File[]; lines: ResultLine[] } {
  const lines: ResultLine[] = [];
  const recordings: File[] = [];
  for (const f of files) {
    if (isRecordingName(f.name)) recordings.push(f);
    else lines.push({ text: translate(lang, 'desk.notRecording', { file: f.name }), failed: true });
  }
  if (recordings.length > MAX_DROPPED_FILES) {
    lines.push({ text: translate(lang, 'desk.tooMany', { n: MAX_DROPPED_FILES, skipped: recordings.length - MAX_DROPPED_FILES }), failed: true });
  }
  return { take: recordings.slice(0, MAX_DROPPED_FILES), lines };
}
