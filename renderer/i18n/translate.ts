// Turns message keys and error values into the user's language; the one place errors become sentences.
import type { AppError } from '../../api/contract.ts';
import { fillPlaceholders } from '../../api/i18n.ts';
import { catalogues, type Language, type MessageKey } from './messages.ts';

export type Params = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders. Unknown placeholders stay visible so a missing parameter is noticed. */
export function translate(lang: Language, key: MessageKey, params: Params = {}): string {
  return fillPlaceholders(catalogues[lang][key], params);
}

/** Default language from the system locale: Dutch for nl-*, English otherwise (api/i18n.ts). */
export { languageFromLocale } from '../../api/i18n.ts';

export function errorMessage(lang: Language, e: AppError): string {
  switch (e.kind) {
    case 'no-such-port': case 'port-busy': case 'permission-denied':
      return translate(lang, `error.${e.kind}`, { path: e.path });
    case 'device-silent': return translate(lang, 'error.device-silent', { path: e.path, seconds: Math.round(e.waitedMs / 1000) });
    case 'not-ll1': return translate(lang, 'error.not-ll1', { path: e.path, n: e.rejectedLines });
    case 'wrong-device': return translate(lang, 'error.wrong-device', { path: e.path, driver: translate(lang, `device.driver.${e.driver}`), n: e.badFrames });
    case 'port-error':
      // A port that refuses the serial speed is a built-in or non-sensor port: said so, not in the system's words.
      if (/ioctl|baud/i.test(e.detail)) return translate(lang, 'error.port-error.not-serial-sensor', { path: e.path });
      return translate(lang, 'error.port-error', { path: e.path });
    case 'not-connected': return translate(lang, 'error.not-connected');
    case 'invalid-request': return translate(lang, 'error.invalid-request', { detail: e.detail });
    case 'unknown-command': return translate(lang, 'error.unknown-command');
    case 'internal': return translate(lang, 'error.internal', { detail: e.detail });
    case 'forbidden': return translate(lang, 'error.forbidden');
    case 'not-streaming': case 'already-recording': case 'not-recording': case 'stream-mismatch':
      return translate(lang, `error.${e.kind}`);
    case 'recording-failed': return translate(lang, `error.recording-failed.${e.reason}`, { path: e.path, detail: e.detail });
    case 'session-not-found': return translate(lang, 'error.session-not-found', { id: e.id });
    case 'bad-id': return translate(lang, 'error.bad-id', { id: e.id });
    case 'file-error':
      if (e.problem === 'not-recording') return translate(lang, 'desk.notRecording', { file: e.path });
      if (e.problem === 'too-large') return translate(lang, 'desk.uploadTooLarge', { file: e.path, mb: Math.round(Number(e.detail) / 1048576) });
      if (e.problem === 'upload') return translate(lang, 'desk.uploadBroken', { file: e.path });
      if (e.problem === 'too-many-annotations') return translate(lang, 'error.too-many-annotations', { path: e.path, limit: e.detail });
      if (e.problem === 'read') return translate(lang, 'error.file-unreadable', { path: e.path });
      return translate(lang, 'error.file-error', { path: e.path, detail: e.detail || e.problem });
    case 'cancelled': return translate(lang, 'error.cancelled');
    case 'report-pdf-failed': return translate(lang, `error.report-pdf-failed.${e.reason}`, { path: e.path, detail: e.detail });
  }
}

/** Display form of a wire unit (`uV` → `µV`). */
export function unitLabel(lang: Language, unit: string): string {
  const key = `unit.${unit}` as MessageKey;
  return key in catalogues[lang] ? translate(lang, key) : unit;
}
