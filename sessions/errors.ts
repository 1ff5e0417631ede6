// Error values of the session-file layer (EDF reader/writer, recorder, library) and their one-line descriptions.

/** Problems with an EDF/BDF file's content. */
import { errorDetail } from '../api/error-detail.ts';
export type EdfError =
  | { readonly kind: 'io'; readonly path: string; readonly code: string; readonly detail: string }
  | { readonly kind: 'too-small'; readonly bytes: number }
  | { readonly kind: 'not-edf'; readonly detail: string }
  | { readonly kind: 'bad-signal-count'; readonly count: number }
  | { readonly kind: 'bad-field'; readonly field: string; readonly detail: string }
  | { readonly kind: 'record-too-large'; readonly bytes: number; readonly limit: number }
  | { readonly kind: 'truncated'; readonly detail: string }
  | { readonly kind: 'size-mismatch'; readonly detail: string }
  | { readonly kind: 'unfinished'; readonly completeRecords: number }
  | { readonly kind: 'bad-annotation'; readonly record: number; readonly detail: string }
  | { readonly kind: 'too-many-annotations'; readonly record: number; readonly limit: number };

/** Problems while recording. The file written so far stays readable. */
export type RecorderError =
  | { readonly kind: 'write-failed'; readonly path: string; readonly code: string; readonly detail: string }
  | { readonly kind: 'open-failed'; readonly path: string; readonly code: string; readonly detail: string }
  | { readonly kind: 'stream-changed'; readonly detail: string }
  | { readonly kind: 'unsupported-stream'; readonly detail: string };

/** Problems in the session library. */
export type LibraryError =
  | { readonly kind: 'bad-id'; readonly id: string }
  | { readonly kind: 'not-found'; readonly id: string }
  | { readonly kind: 'io'; readonly path: string; readonly code: string; readonly detail: string }
  | { readonly kind: 'bad-sidecar'; readonly path: string; readonly detail: string }
  | { readonly kind: 'import-failed'; readonly path: string; readonly error: EdfError };

export type SessionsError = EdfError | RecorderError | LibraryError;

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });

/** Node error code of a thrown value (`ENOSPC`, `EIO`, …) or `UNKNOWN`. */
export function errCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string' ? (e as { code: string }).code : 'UNKNOWN';
}

/** The error's message for a `detail` field (api/error-detail.ts, uncut here: file paths and codes are kept whole). */
export function errDetail(e: unknown): string {
  return errorDetail(e, String(e), 2000);
}

/** One English line describing an error (CLI and logs; the UI has its own catalogue). */
export function describeError(e: SessionsError): string {
  switch (e.kind) {
    case 'io': return `cannot access ${e.path}: ${e.code} ${e.detail}`;
    case 'too-small': return `not an EDF/BDF file: only ${e.bytes} bytes`;
    case 'not-edf': return `not an EDF/BDF file: ${e.detail}`;
    case 'bad-signal-count': return `bad header: implausible signal count ${e.count}`;
    case 'bad-field': return `bad header: ${e.field}: ${e.detail}`;
    case 'record-too-large': return `bad header: data record of ${e.bytes} bytes exceeds the ${e.limit}-byte limit`;
    case 'truncated': return `truncated file: ${e.detail}`;
    case 'size-mismatch': return `file size does not match header: ${e.detail}`;
    case 'unfinished': return `unfinished recording (${e.completeRecords} complete data records); run recover`;
    case 'bad-annotation': return `bad annotation in data record ${e.record + 1}: ${e.detail}`;
    case 'too-many-annotations': return `more than ${e.limit} annotations (data record ${e.record + 1}); the file is not read`;
    case 'write-failed': return `writing ${e.path} failed: ${e.code} ${e.detail}`;
    case 'open-failed': return `cannot create ${e.path}: ${e.code} ${e.detail}`;
    case 'stream-changed': return `stream changed during recording: ${e.detail}`;
    case 'unsupported-stream': return `cannot record this stream: ${e.detail}`;
    case 'bad-id': return `invalid id ${JSON.stringify(e.id)}`;
    case 'not-found': return `no such session ${JSON.stringify(e.id)}`;
    case 'bad-sidecar': return `bad session file ${e.path}: ${e.detail}`;
    case 'import-failed': return `cannot import ${e.path}: ${describeError(e.error)}`;
  }
}
