// The message catalogue the renderer uses: every user-visible string, one catalogue per language (locales/en.ts, locales/nl.ts).
export { catalogues, en, LANGUAGES, nl, type Language, type MessageKey } from '../../locales/catalogues.ts';
