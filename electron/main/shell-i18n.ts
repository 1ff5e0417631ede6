// The shell's language and texts: the app's message catalogues (locales/, pure data), read by main.
import { fillPlaceholders, languageFromLocale } from '../../api/i18n.ts';
import { catalogues, type Language, type MessageKey } from '../../locales/catalogues.ts';

export type { Language };

/** Catalogue keys of the shell's own texts (`shell.*` in locales/). */
export type ShellKey = Extract<MessageKey, `shell.${string}`>;

/**
 * The language the shell speaks: the app setting `language` when set, else the system locale (`app.getLocale()`,
 * e.g. `nl`, `nl-BE`, `en-US`): Dutch for `nl*`, English otherwise, as the renderer decides from navigator.language.
 */
export function shellLanguage(setting: Language | null | undefined, systemLocale: string | undefined): Language {
  if (setting === 'nl' || setting === 'en') return setting;
  return languageFromLocale(systemLocale);
}

/** A shell text in `lang` with its `{name}` placeholders filled; unknown placeholders stay visible. */
export function shellText(lang: Language, key: ShellKey, params: Readonly<Record<string, string>> = {}): string {
  return fillPlaceholders(catalogues[lang][key], params);
}
