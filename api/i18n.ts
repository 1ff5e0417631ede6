// The two language rules every process shares: which language a locale means, and how `{name}` placeholders fill.

/** The app's languages. */
export type AppLanguage = 'nl' | 'en';

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
