// The one-page session report's texts (`report.*` of the app's catalogues in locales/) and the report's text helpers; pure.
// Phase names are short: one line of the two-column metrics table.

import { en, type MessageKey } from '../locales/en.ts';
import { nl } from '../locales/nl.ts';
import { fillPlaceholders, type AppLanguage } from './i18n.ts';

/** The report's languages (the app's languages). */
export type ReportLanguage = AppLanguage;

/** Key of a report text. */
export type ReportKey = Extract<MessageKey, `report.${string}`>;

function reportPart(cat: Readonly<Record<MessageKey, string>>): Record<ReportKey, string> {
  const out: Partial<Record<ReportKey, string>> = {};
  for (const k of Object.keys(cat) as MessageKey[]) if (k.startsWith('report.')) out[k as ReportKey] = cat[k];
  return out as Record<ReportKey, string>;
}

/** English and Dutch report texts. */
export const reportEn = reportPart(en);
export const reportNl = reportPart(nl);

/** The report texts of `lang`. */
export const reportMessages: Record<ReportLanguage, Record<ReportKey, string>> = { en: reportEn, nl: reportNl };

/** A report text in `lang` with its `{name}` placeholders filled; unknown placeholders stay visible. */
export function reportText(lang: ReportLanguage, key: ReportKey, params: Readonly<Record<string, string | number>> = {}): string {
  return fillPlaceholders(reportMessages[lang][key], params);
}


const PHASE_IDS = new Set(['rest-before', 'rest-after', 'endurance', 'settle', 'downtrain']);
const NUMBERED = new Set(['flick', 'hold', 'squeeze', 'drop']);
/**
 * Short display name of a recorded phase id of the built-in protocols (training/protocols.ts: `rest-before`, `hold-3`,
 * `flick-2-rest`) in `lang`, short enough for one line of the report's two-column metrics table and the review
 * screen's lists; other ids (imported or custom protocols) are shown as recorded.
 */
export function phaseLabel(id: string, lang: ReportLanguage): string {
  if (PHASE_IDS.has(id)) return reportText(lang, `report.phase.${id}` as ReportKey);
  const m = /^([a-z]+)-(\d+)(-rest)?$/.exec(id);
  if (!m || !NUMBERED.has(m[1]!)) return id;
  const name = reportText(lang, `report.phase.${m[1]}` as ReportKey, { n: m[2]! });
  return m[3] ? reportText(lang, 'report.phase.rest', { phase: name }) : name;
}
