// The app's languages and one message catalogue each (en.ts, nl.ts): read by the renderer, the Electron shell and the core's report.
import { en, type MessageKey } from './en.ts';
import { nl } from './nl.ts';

export { en, nl, type MessageKey };
export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const catalogues: Record<Language, Record<MessageKey, string>> = { en, nl };
