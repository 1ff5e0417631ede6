// Texts of the one-page session report (core/report.ts), English and Dutch; pure data, spread into the renderer's catalogue.
// `{name}` placeholders are filled by the report. Units stay symbols (µV, mmHg, %); citations stay as published.
// No text may be the app's name followed by a placeholder ("Loslaten {n}"): the e2e language sweep would take every
// English sentence starting with "Loslaten" for it. Phase names are short: one line of the two-column metrics table.

import { fillPlaceholders, type AppLanguage } from './i18n.ts';

/** The report's languages (the app's languages). */
export type ReportLanguage = AppLanguage;

/** English report texts. */
export const reportEn = {
  'report.untitled': 'Session',
  'report.docTitle': '{title} — Loslaten report',
  'report.patient': 'Patient',
  'report.date': 'Date',
  'report.duration': 'Duration',
  'report.protocol': 'Protocol',
  'report.channels': 'Channels',
  'report.recording': 'Recording',
  'report.markers': 'Markers:',
  'report.markersMore': '+ {n} more (ticks in the plots; all in the app)',
  'report.metrics': 'Metrics',
  'report.metricsOf': 'Metrics (µV RMS), {channel}',
  'report.metricsUnits': '— CV and in target in %',
  'report.col.phase': 'Phase',
  'report.col.time': 'Time',
  'report.col.mean': 'Mean',
  'report.col.sd': 'SD',
  'report.col.cv': 'CV',
  'report.col.peak': 'Peak',
  'report.col.inTarget': 'In target',
  'report.wholeSession': 'Whole session',
  'report.phase.rest-before': 'Rest before',
  'report.phase.rest-after': 'Rest after',
  'report.phase.endurance': 'Endurance',
  'report.phase.settle': 'Settle in',
  'report.phase.downtrain': 'Letting go with the breath',
  'report.phase.flick': 'Flick {n}',
  'report.phase.hold': 'Hold {n}',
  'report.phase.squeeze': 'Squeeze {n}',
  'report.phase.drop': 'Drop {n}',
  'report.phase.rest': '{phase}: rest',
  'report.grouped': 'Repeated phases are shown as one row (n×): mean, SD, CV and time in target averaged over the repeats, the highest peak. Every single phase is listed in the app’s review.',
  'report.keyFigures': 'Key figures: resting tone {tone} µV, variability {cv} %, time in target {tit} % (relax ≤ {relax} µV{source}), peak {peak} µV{pressure}.',
  'report.defaultTarget': ', default target',
  'report.restingPressure': 'resting pressure {value} {unit}',
  'report.noEmg': 'No EMG metrics (no EMG channel).',
  'report.keyFiguresPressure': 'Key figures: {pressure}.',
  'report.glazer.title': 'Glazer assessment vs. normative values',
  'report.glazer.meanUv': 'Mean µV',
  'report.glazer.normUv': 'Norm µV (mean ± SD)',
  'report.glazer.latency': 'Latency s',
  'report.glazer.restBefore': 'Rest before',
  'report.glazer.flicks': 'Quick flicks',
  'report.glazer.holds': 'Tonic holds',
  'report.glazer.endurance': 'Endurance',
  'report.glazer.restAfter': 'Rest after',
  'report.glazer.population': 'healthy nulliparous women, vaginal sEMG probe',
  'report.glazer.norms': 'Norms:',
  'report.glazer.lessReliable': 'Latencies (cue → 90 % of rest-to-plateau; let-go → within 10 %) and median frequency: less reliable',
  'report.notes': 'Notes',
  'report.notesMore': 'Notes continue in the app: {n} more characters{notes}.',
  'report.notesMoreOne': ' (1 more note)',
  'report.notesMoreMany': ' ({n} more notes)',
  'report.kind.envelope': 'device envelope',
  'report.metricsOfEnvelope': 'Metrics (µV, envelope from the device), {channel}',
  'report.band': 'EMG band used: {lo}–{hi} Hz{notch}.',
  'report.bandNotch': ', notch {n} Hz',
  'report.bandLimited': ' The device’s {rate} Hz sample rate limits the band (settings: {setLo}–{setHi} Hz).',
  'report.envelopeAsIs': '{channel} is an envelope the device already rectified and smoothed: shown and analysed as is, without band-pass or RMS.',
  'report.footerAnalysis': 'raw EDF+ values; left out {total} s (filled {filled}, filter start-up {settling}, invalid {bad}).',
  'report.signalProblem': 'Signal problem: {n} non-finite input values (left out, never read as relaxation).',
  'report.footer': 'raw device values from the EDF+ recording; envelope: band-pass, notch and RMS as in the session settings.',
} as const;

/** Key of a report text. */
export type ReportKey = keyof typeof reportEn;

/** Dutch report texts; typed so a missing key fails tsc. */
export const reportNl: Record<ReportKey, string> = {
  'report.untitled': 'Sessie',
  'report.docTitle': '{title} — Loslaten-verslag',
  'report.patient': 'Patiënt',
  'report.date': 'Datum',
  'report.duration': 'Duur',
  'report.protocol': 'Oefening',
  'report.channels': 'Kanalen',
  'report.recording': 'Opname',
  'report.markers': 'Markeringen:',
  'report.markersMore': '+ {n} meer (streepjes in de grafieken; alle in de app)',
  'report.metrics': 'Meetwaarden',
  'report.metricsOf': 'Meetwaarden (µV RMS), {channel}',
  'report.metricsUnits': '— VC en binnen doel in %',
  'report.col.phase': 'Stap',
  'report.col.time': 'Tijd',
  'report.col.mean': 'Gem.',
  'report.col.sd': 'SA',
  'report.col.cv': 'VC',
  'report.col.peak': 'Piek',
  'report.col.inTarget': 'Binnen doel',
  'report.wholeSession': 'Hele sessie',
  'report.phase.rest-before': 'Rust vooraf',
  'report.phase.rest-after': 'Rust achteraf',
  'report.phase.endurance': 'Uithouden',
  'report.phase.settle': 'Tot rust komen',
  'report.phase.downtrain': 'Loslaten met de adem',
  'report.phase.flick': 'Snel {n}',
  'report.phase.hold': 'Houden {n}',
  'report.phase.squeeze': 'Aanspannen {n}',
  'report.phase.drop': 'Laat los {n}',
  'report.phase.rest': '{phase}: rust',
  'report.grouped': 'Herhaalde stappen staan op één regel (n×): gemiddelde, SA, VC en tijd binnen doel gemiddeld over de herhalingen, de hoogste piek. Elke stap apart staat in de terugblik in de app.',
  'report.keyFigures': 'Kerncijfers: rusttonus {tone} µV, variatie {cv} %, tijd binnen doel {tit} % (ontspannen ≤ {relax} µV{source}), piek {peak} µV{pressure}.',
  'report.defaultTarget': ', standaarddoel',
  'report.restingPressure': 'rustdruk {value} {unit}',
  'report.noEmg': 'Geen EMG-meetwaarden (geen EMG-kanaal).',
  'report.keyFiguresPressure': 'Kerncijfers: {pressure}.',
  'report.glazer.title': 'Glazer-meting naast normwaarden',
  'report.glazer.meanUv': 'Gem. µV',
  'report.glazer.normUv': 'Norm µV (gem. ± SA)',
  'report.glazer.latency': 'Latentie s',
  'report.glazer.restBefore': 'Rust vooraf',
  'report.glazer.flicks': 'Snelle aanspanningen',
  'report.glazer.holds': 'Vasthouden',
  'report.glazer.endurance': 'Uithoudingsvermogen',
  'report.glazer.restAfter': 'Rust achteraf',
  'report.glazer.population': 'gezonde nullipare vrouwen, vaginale sEMG-sonde',
  'report.glazer.norms': 'Normen:',
  'report.glazer.lessReliable': 'Latenties (signaal → 90 % rust-plateau; los → binnen 10 %) en mediane frequentie: minder betrouwbaar',
  'report.notes': 'Notities',
  'report.notesMore': 'Notities gaan verder in de app: nog {n} tekens{notes}.',
  'report.notesMoreOne': ' (nog 1 notitie)',
  'report.notesMoreMany': ' (nog {n} notities)',
  'report.kind.envelope': 'omhullende van het apparaat',
  'report.metricsOfEnvelope': 'Meetwaarden (µV, omhullende van het apparaat), {channel}',
  'report.band': 'Gebruikte EMG-band: {lo}–{hi} Hz{notch}.',
  'report.bandNotch': ', netfilter {n} Hz',
  'report.bandLimited': ' De samplefrequentie van het apparaat ({rate} Hz) beperkt de band (instelling: {setLo}–{setHi} Hz).',
  'report.envelopeAsIs': '{channel} is een omhullende die het apparaat al gelijkgericht en afgevlakt heeft: getoond en geanalyseerd zoals hij is, zonder banddoorlaat of RMS.',
  'report.footerAnalysis': 'ruwe EDF+-waarden; weggelaten {total} s (ingevuld {filled}, filterstart {settling}, ongeldig {bad}).',
  'report.signalProblem': 'Signaalprobleem: {n} ongeldige invoerwaarden (weggelaten, nooit als ontspanning gelezen).',
  'report.footer': 'ruwe apparaatwaarden uit de EDF+-opname; omhullende: banddoorlaat, netfilter en RMS zoals ingesteld.',
};

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
