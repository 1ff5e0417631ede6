// The sentence saying what was done to an analysed EMG channel (band really applied, or a device envelope taken as is),
// shared by the report (core) and the review screen (renderer).
import { reportText, type ReportLanguage } from './report-messages.ts';
import type { SessionAnalysis } from './review-types.ts';

/**
 * What was done to the analysed channel, in `lang` (report and review): the EMG band really applied and, when the
 * device's rate limited it, the settings asked for; or that a device envelope was taken as is. Empty for analyses
 * without these fields (before version 3).
 */
export function bandText(a: Pick<SessionAnalysis, 'channel' | 'channelKind' | 'filter' | 'rateHz' | 'emg'>, lang: ReportLanguage): string {
  const n = (x: number): string => x.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1, useGrouping: false });
  if (a.channelKind === 'envelope') return reportText(lang, 'report.envelopeAsIs', { channel: a.channel ?? '' });
  const f = a.filter;
  if (!f) return '';
  const notch = f.notchHz ? reportText(lang, 'report.bandNotch', { n: f.notchHz }) : '';
  const limited = f.limitedByRate ? reportText(lang, 'report.bandLimited', { rate: n(a.rateHz), setLo: n(a.emg.bandHz[0]), setHi: n(a.emg.bandHz[1]) }) : '';
  return reportText(lang, 'report.band', { lo: n(f.loHz), hi: n(f.hiHz), notch }) + limited;
}
