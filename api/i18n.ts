// The two language rules every process shares: which language a locale means, and how `{name}` placeholders fill.
import type { Language } from '../locales/catalogues.ts';

/** The app's languages (one list: locales/catalogues.ts). */
export type AppLanguage = Language;

/** Default language from a locale (`nl`, `nl-BE`, `nl_NL.UTF-8`, `en-US`): Dutch for nl*, English otherwise. */
export function languageFromLocale(locale: string | undefined | null): AppLanguage {
  return locale?.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

/** Fills `{name}` placeholders of a catalogue text. Unknown placeholders stay visible so a missing parameter is noticed. */
export function fillPlaceholders(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Number text in `lang` (`9.8` / `9,8`), `digits` decimals, `–` for no value; as the app (en-GB / nl-NL), without digit grouping. */
export function formatNumber(lang: AppLanguage, x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
}

/**
 * A stored time as local wall-clock text `YYYY-MM-DDTHH:MM:SS`: times with a zone (sidecars store UTC, `…Z`) are
 * shown in this computer's time zone, as the therapist lived them; times without one (EDF header fields) are local
 * already and pass unchanged.
 */
function localIso(iso: string): string {
  if (!/(?:Z|[+-]\d\d:?\d\d)$/.test(iso.trim())) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A local ISO time (`yyyy-mm-ddThh:mm[:ss]…`) as the language writes it: `2026-11-24 09:05:01` / `24-11-2026 09:05:01`; other text as is. */
export function formatDateTime(lang: AppLanguage, iso: string, withSeconds = true): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?/.exec(localIso(iso));
  if (!m) return iso;
  const time = `${m[4]}:${m[5]}${withSeconds ? `:${m[6] ?? '00'}` : ''}`;
  return lang === 'nl' ? `${m[3]}-${m[2]}-${m[1]} ${time}` : `${m[1]}-${m[2]}-${m[3]} ${time}`;
}
