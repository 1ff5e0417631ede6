// One-page session report as a self-contained HTML string (no DOM): header, SVG overview plots, metrics, Glazer norms, notes.
import { formatDateTime, formatNumber } from '../api/i18n.ts';
import { OKABE_ITO } from '../api/palette.ts';
import type { Result } from '../api/contract.ts';
import { bandText } from '../api/band-text.ts';
import { phaseLabel, reportText, type ReportKey, type ReportLanguage } from '../api/report-messages.ts';
import type { SessionAnalysis } from '../api/review-types.ts';
import { classifyAnnotation, phaseIntervals } from '../sessions/annotations.ts';
import { openEdf } from '../sessions/edf-reader.ts';
import { recordedKind, type RecordedKind } from '../sessions/channel-fields.ts';
import type { Sidecar } from '../sessions/sidecar.ts';
import { runFileTask } from './file-work.ts';
import { sessionsErrorToApp } from './recording.ts';
import { H, linesOf, textMm, ONE_COLUMN_ROWS, plotLayout, REPORT_BOX_MM, REPORT_CSS, REPORT_PT, REPORT_SAFETY_MM, TWO_COLUMN_ROWS } from './report-layout.ts';

/** What the report shows; every text in it is escaped. */
export interface ReportInput {
  readonly title: string;
  readonly patient: string;
  /** ISO time of the first sample. */
  readonly startedAt: string;
  readonly durationS: number;
  readonly protocol: string | null;
  /** Data channels; `kind` as the file's signal header says (an `envelope` is labelled as such). */
  readonly channels: readonly { readonly label: string; readonly unit: string; readonly rateHz: number; readonly kind?: RecordedKind | null }[];
  /** Overview min/max per channel and column (null = empty column). */
  readonly min: readonly (readonly (number | null)[])[];
  readonly max: readonly (readonly (number | null)[])[];
  readonly phases: readonly { readonly name: string; readonly startS: number; readonly endS: number }[];
  readonly markers: readonly { readonly onsetS: number; readonly text: string }[];
  readonly analysis: SessionAnalysis | null;
  readonly notes: readonly { readonly at: string; readonly text: string }[];
  readonly appVersion: string;
}

/** HTML-escapes text for element content and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fmt = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const unitText = (u: string): string => (u === 'uV' ? 'µV' : u);

/** Number text in the report's language: the one formatter of the app (api/i18n.ts). */
export { formatNumber };

/** Date and time in the app's style per language: the one formatter (api/i18n.ts). */
export { formatDateTime };

/** Label of a grouped row `first … last`: `Hold 1–5` when the two names differ only in a number, else both names. */
function groupLabel(first: string, last: string): string {
  let a = 0;
  while (a < first.length && a < last.length && first[a] === last[a]) a++;
  while (a > 0 && /\d/.test(first[a - 1]!)) a--;
  let b = 0;
  while (b < first.length - a && b < last.length - a && first[first.length - 1 - b] === last[last.length - 1 - b]) b++;
  while (b > 0 && /\d/.test(first[first.length - b]!)) b--;
  const x = first.slice(a, first.length - b), y = last.slice(a, last.length - b);
  return /^\d+$/.test(x) && /^\d+$/.test(y) ? `${first.slice(0, a)}${x}–${y}${first.slice(first.length - b)}` : `${first} … ${last}`;
}

function mmss(s: number): string {
  const m = Math.floor(s / 60), r = Math.round(s - m * 60);
  return `${m}:${String(r).padStart(2, '0')}`;
}

/** One channel as an SVG min/max envelope (two polylines filled between), with phase shading and marker ticks. */
export function channelSvg(label: string, unit: string, min: readonly (number | null)[], max: readonly (number | null)[], durationS: number,
  phases: ReportInput['phases'], markers: ReportInput['markers'], width = 700, height = 100): string {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < min.length; i++) {
    const a = min[i], b = max[i];
    if (a !== null && a !== undefined && Number.isFinite(a)) lo = Math.min(lo, a);
    if (b !== null && b !== undefined && Number.isFinite(b)) hi = Math.max(hi, b);
  }
  if (!(hi > lo)) { lo = Number.isFinite(lo) ? lo - 1 : 0; hi = lo + 2; }
  const padL = 48, padB = 16, w = width - padL, h = height - padB;
  const n = Math.max(1, min.length);
  const x = (i: number): string => (padL + (i / n) * w).toFixed(1);
  const xs = (t: number): string => (padL + (durationS > 0 ? (t / durationS) * w : 0)).toFixed(1);
  const y = (v: number): string => (h - ((v - lo) / (hi - lo)) * (h - 4) - 2).toFixed(1);
  const upper: string[] = [], lower: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = min[i], b = max[i];
    if (a === null || a === undefined || b === null || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    upper.push(`${x(i)},${y(b)}`);
    lower.push(`${x(i)},${y(a)}`);
  }
  const shade = phases.map((p, i) => `<rect x="${xs(p.startS)}" y="0" width="${Math.max(0.5, Number(xs(p.endS)) - Number(xs(p.startS))).toFixed(1)}" height="${h}" fill="${i % 2 ? OKABE_ITO.sky : OKABE_ITO.orange}" fill-opacity="0.15"><title>${escapeHtml(p.name)}</title></rect>`).join('');
  const ticks = markers.map((m) => `<line x1="${xs(m.onsetS)}" x2="${xs(m.onsetS)}" y1="0" y2="${h}" stroke="#cc79a7" stroke-dasharray="3,2"><title>${escapeHtml(m.text)}</title></line>`).join('');
  const poly = upper.length ? `<polygon points="${[...upper, ...lower.reverse()].join(' ')}" fill="${OKABE_ITO.blue}" fill-opacity="0.35" stroke="${OKABE_ITO.blue}" stroke-width="0.6"/>` : '';
  return `<svg class="plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}">`
    + `<rect x="${padL}" y="0" width="${w}" height="${h}" fill="none" stroke="#999"/>${shade}${poly}${ticks}`
    + `<text x="2" y="12" font-size="11">${escapeHtml(label)}</text><text x="2" y="26" font-size="11">${escapeHtml(unitText(unit))}</text>`
    + `<text x="${padL - 4}" y="11" font-size="11" text-anchor="end">${fmt(hi, 0)}</text><text x="${padL - 4}" y="${h}" font-size="11" text-anchor="end">${fmt(lo, 0)}</text>`
    + `<text x="${padL}" y="${height - 3}" font-size="11">0:00</text><text x="${width}" y="${height - 3}" font-size="11" text-anchor="end">${mmss(durationS)}</text></svg>`;
}

type Row = SessionAnalysis['phases'][number];
const mean = (xs: readonly (number | null)[]): number | null => { const v = xs.filter((x): x is number => x !== null && Number.isFinite(x)); return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null; };

/** Repeated phases (`hold-1`, `hold-2`, … ; `hold-1-rest`, …) as one row each: means averaged, the highest peak. */
export function groupRepeats(rows: readonly Row[]): { rows: (Row & { repeats: number })[]; grouped: boolean } {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = r.kind === 'session' ? `session:${r.channel}` : r.name.replace(/-\d+(?=-|$)/, '-#');
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  let grouped = false;
  const out = [...groups.values()].map((g) => {
    if (g.length === 1) return { ...g[0]!, repeats: 1 };
    grouped = true;
    const first = g[0]!, last = g[g.length - 1]!;
    const peaks = g.map((r) => r.peakUv).filter((x): x is number => x !== null);
    return { ...first, name: `${first.name} … ${last.name}`, endS: last.endS, repeats: g.length, meanUv: mean(g.map((r) => r.meanUv)), sdUv: mean(g.map((r) => r.sdUv)),
      cvPercent: mean(g.map((r) => r.cvPercent)), peakUv: peaks.length ? Math.max(...peaks) : null, timeInTargetPercent: mean(g.map((r) => r.timeInTargetPercent)) };
  });
  return { rows: out, grouped };
}

/** The metrics table(s): one column up to {@link ONE_COLUMN_ROWS} rows, then two side by side, then repeats grouped. */
function metricsTables(a: SessionAnalysis, forceGroup: boolean, lang: ReportLanguage): { html: string; heightMm: number } {
  const e = escapeHtml;
  const t = (key: ReportKey, params?: Readonly<Record<string, string | number>>) => reportText(lang, key, params);
  const fmt = (x: number | null | undefined, digits = 1) => formatNumber(lang, x, digits);
  let rows: (Row & { repeats?: number })[] = a.phases.filter((p) => p.channel === a.channel || p.kind === 'session');
  let groupedNote = '';
  if (forceGroup || rows.length > 2 * TWO_COLUMN_ROWS) {
    const g = groupRepeats(rows);
    if (g.grouped) { rows = g.rows; groupedNote = `<p class="cite">${e(t('report.grouped'))}</p>`; }
  }
  const name = (id: string) => { const g = id.split(' … '); return g.length === 2 ? groupLabel(phaseLabel(g[0]!, lang), phaseLabel(g[1]!, lang)) : phaseLabel(id, lang); };
  const label = (p: Row & { repeats?: number }) => `${p.kind === 'session' ? `${t('report.wholeSession')}${p.channel === a.channel ? '' : `, ${p.channel}`}` : name(p.name)}${p.repeats && p.repeats > 1 ? ` (${p.repeats}×)` : ''}`;
  const tr = (p: Row & { repeats?: number }) => `<tr><td>${e(label(p))}</td><td>${mmss(p.startS)}–${mmss(p.endS)}</td><td>${fmt(p.meanUv)}</td><td>${fmt(p.sdUv)}</td><td>${fmt(p.cvPercent, 0)}</td><td>${fmt(p.peakUv)}</td><td>${fmt(p.timeInTargetPercent, 0)}</td></tr>`;
  const head = `<thead><tr>${(['phase', 'time', 'mean', 'sd', 'cv', 'peak', 'inTarget'] as const).map((k) => `<th>${e(t(`report.col.${k}`))}</th>`).join('')}</tr></thead>`;
  const table = (rs: typeof rows) => `<table class="phases">${head}<tbody>${rs.map(tr).join('')}</tbody></table>`;
  const two = rows.length > ONE_COLUMN_ROWS;
  const per = two ? Math.ceil(rows.length / 2) : rows.length;
  const tables = two ? `<div class="cols2">${table(rows.slice(0, per))}${table(rows.slice(per))}</div>` : table(rows);
  // Names too long for the phase column wrap: each line of each column's rows counts (the taller column sets the height).
  const nameMm = (two ? (REPORT_BOX_MM.width - 4) / 2 : REPORT_BOX_MM.width) * 0.29 - 1.6;
  const colRows = (rs: typeof rows) => rs.reduce((n, r) => n + linesOf(label(r), REPORT_PT.table, nameMm), 0);
  const bodyRows = two ? Math.max(colRows(rows.slice(0, per)), colRows(rows.slice(per))) : colRows(rows);
  return { html: tables + groupedNote, heightMm: (bodyRows + 2) * H.row + (groupedNote ? 2 * H.smallLine + H.para : 0) };
}

/** Notes fitted to `budgetMm`: whole notes while they fit, the next one cut at a word with a visible "continues in the app" line. */
export function fitNotes(notes: ReportInput['notes'], budgetMm: number, lang: ReportLanguage): { html: string; clipped: boolean } {
  const e = escapeHtml;
  if (!notes.length) return { html: '<p>–</p>', clipped: false };
  const width = REPORT_BOX_MM.width - 3;
  const stampMm = textMm('2026-11-24 09:20', REPORT_PT.small) + 1.5;
  const noteMm = (text: string) => linesOf(text, REPORT_PT.body, width, stampMm) * H.bodyLine + 1;
  const p = (n: ReportInput['notes'][number], text: string) => `<p class="note"><span class="at">${e(formatDateTime(lang, n.at, false))}</span>${e(text)}</p>`;
  const total = notes.reduce((s, n) => s + noteMm(n.text), 0);
  if (total <= budgetMm) return { html: notes.map((n) => p(n, n.text)).join(''), clipped: false };
  const room = budgetMm - (H.bodyLine + H.para); // the "continues" line
  const out: string[] = [];
  let used = 0, i = 0;
  for (; i < notes.length && used + noteMm(notes[i]!.text) <= room; i++) { used += noteMm(notes[i]!.text); out.push(p(notes[i]!, notes[i]!.text)); }
  let hidden = 0, hiddenNotes = notes.length - i;
  if (i < notes.length) {
    const n = notes[i]!;
    // The longest start of the note, cut after a word (or anywhere in a very long word), that fits the room left.
    const fits = (k: number) => used + noteMm(`${n.text.slice(0, k).trimEnd()} …`) <= room;
    let lo = 0, hi = n.text.length;
    while (lo < hi) { const mid = Math.ceil((lo + hi) / 2); if (fits(mid)) lo = mid; else hi = mid - 1; }
    let cut = n.text.slice(0, lo);
    const sp = cut.search(/\s\S*$/);
    if (lo < n.text.length && sp > cut.length / 2) cut = cut.slice(0, sp);
    cut = cut.trimEnd();
    if (cut.length > 0) { out.push(p(n, `${cut} …`)); hiddenNotes--; hidden += n.text.length - cut.length; }
    else hidden += n.text.length;
    for (let k = i + 1; k < notes.length; k++) hidden += notes[k]!.text.length;
  }
  const more = hiddenNotes === 0 ? '' : reportText(lang, hiddenNotes === 1 ? 'report.notesMoreOne' : 'report.notesMoreMany', { n: hiddenNotes });
  out.push(`<p class="more">${e(reportText(lang, 'report.notesMore', { n: hidden, notes: more }))}</p>`);
  return { html: out.join(''), clipped: true };
}

const DOC_CSS = 'html,body{margin:0;background:#fff}@media screen{body{padding:8mm}}';

/** Room the notes need at least: one line and the "continue in the app" line, mm. */
const MIN_NOTES_MM = 2 * H.bodyLine + H.para + 1;

/**
 * Renders the one-page report in `lang` (every text; units as symbols, citations as published) so it fits
 * {@link REPORT_BOX_MM}, i.e. one A4 or Letter page at scale 1. A complete HTML document. When the fixed parts leave no
 * room for notes (many channels), repeated phases are grouped, then plots made lower; only beyond that (15–16 channels
 * of a full Glazer assessment) can the page still run over, which the desktop's Save as PDF meets with one reprint at
 * 0.85 (electron/main/report-pdf.ts).
 */
export function renderReportHtml(r: ReportInput, lang: ReportLanguage): string {
  const room = REPORT_BOX_MM.height - REPORT_SAFETY_MM - MIN_NOTES_MM;
  let c = compose(r, 0, lang);
  for (let level = 1; level <= 2 && c.mm > room; level++) c = compose(r, level, lang);
  return c.html.replace('<!--notes-->', () => fitNotes(r.notes, REPORT_BOX_MM.height - REPORT_SAFETY_MM - c.mm, lang).html);
}

/** The report with a placeholder for the notes and its estimated height without them; `level` 1 groups repeats, 2 also lowers plots. */
function compose(r: ReportInput, level: number, lang: ReportLanguage): { html: string; mm: number } {
  const e = escapeHtml;
  const t = (key: ReportKey, params?: Readonly<Record<string, string | number>>) => reportText(lang, key, params);
  const fmt = (x: number | null | undefined, digits = 1) => formatNumber(lang, x, digits);
  const a = r.analysis;
  const W = REPORT_BOX_MM.width;
  let mm = 0; // estimated height of everything but the notes
  const title = r.title || t('report.untitled');
  mm += linesOf(title, REPORT_PT.h1, W) * H.h1Line + H.h1Margin;
  const channelText = (c: ReportInput['channels'][number]) => `${c.label} (${c.kind === 'envelope' ? `${t('report.kind.envelope')}, ` : ''}${unitText(c.unit)}, ${fmt(c.rateHz, 0)} Hz)`;
  const date = formatDateTime(lang, r.startedAt);
  const duration = `${mmss(r.durationS)} (${fmt(r.durationS, 0)} s)`;
  const head: [ReportKey, string][] = [['report.patient', r.patient], ['report.date', date], ['report.duration', duration],
    ['report.protocol', r.protocol ?? '–'], ['report.channels', r.channels.map(channelText).join(', ')]];
  // The header's items wrap as whole items (flex): their lengths plus the gaps, a line per row of items.
  let headLines = 1, used = 0;
  for (const [k, v] of head) {
    const it = `${t(k)} ${v}`;
    const w = textMm(it, REPORT_PT.body) + 6.5; // label gap and item gap
    if (used > 0 && used + w > W) { headLines++; used = 0; }
    if (w > W) { headLines += linesOf(it, REPORT_PT.body, W) - 1; used = W / 2; } else used += w;
  }
  mm += headLines * H.bodyLine;

  const pl = plotLayout(r.channels.length, level >= 2);
  const phases = r.phases.map((p) => ({ ...p, name: phaseLabel(p.name, lang) }));
  const plots = r.channels.map((c, i) => channelSvg(c.label, c.unit, r.min[i] ?? [], r.max[i] ?? [], r.durationS, phases, r.markers, pl.viewW, pl.viewH)).join('\n');
  const plotRows = Math.ceil(r.channels.length / pl.cols);
  mm += H.h2 + plotRows * pl.heightMm + (plotRows - 1) * H.plotGap;
  let markers = '';
  if (r.markers.length) {
    // At most two lines of markers; the rest are counted (every marker is also a tick in the plots).
    const all = r.markers.map((m) => `${mmss(m.onsetS)} ${m.text}`);
    const lead = t('report.markers');
    let shown = 0;
    while (shown < all.length && linesOf(`${lead} ${all.slice(0, shown + 1).join(' · ')} ${t('report.markersMore', { n: 999 })}`, REPORT_PT.body, W) <= 2) shown++;
    if (shown === 0) shown = 1;
    const more = all.length - shown;
    markers = `<p class="markers">${e(lead)} ${all.slice(0, shown).map(e).join(' · ')}${more ? ` <span class="more">${e(t('report.markersMore', { n: more }))}</span>` : ''}</p>`;
    mm += Math.min(2, linesOf(`${lead} ${all.slice(0, shown).join(' · ')}`, REPORT_PT.body, W)) * H.bodyLine + H.para + (more ? H.bodyLine : 0);
  }

  const pressure = a && a.summary.restingPressure !== null && a.summary.restingPressure !== undefined
    ? t('report.restingPressure', { value: fmt(a.summary.restingPressure), unit: a.summary.pressureUnit ?? '' }).trimEnd() : '';
  let metrics: string;
  if (a && a.channel !== null) {
    const tables = metricsTables(a, level >= 1, lang);
    const keyText = t('report.keyFigures', { tone: fmt(a.summary.restingToneUv), cv: fmt(a.summary.variabilityPercent, 0), tit: fmt(a.summary.timeInTargetPercent, 0),
      relax: fmt(a.targets.relaxUpperUv), source: a.targets.source === 'default' ? t('report.defaultTarget') : '', peak: fmt(a.summary.peakUv), pressure: pressure ? `, ${pressure}` : '' });
    const band = bandText(a, lang);
    const noteText = a.nonFiniteSamples > 0 ? t('report.signalProblem', { n: String(a.nonFiniteSamples) }) : '';
    const key = `<p class="cite">${e(keyText)}${band ? ` <span class="band">${e(band)}</span>` : ''}${noteText ? ` <strong data-testid="report-signal-problem">${e(noteText)}</strong>` : ''}</p>`;
    metrics = `<h2>${e(t(a.channelKind === 'envelope' ? 'report.metricsOfEnvelope' : 'report.metricsOf', { channel: a.channel }))} <small>${e(t('report.metricsUnits'))}</small></h2>${tables.html}\n${key}`;
    mm += (markers ? H.h2AfterPara : H.h2) + tables.heightMm + linesOf(`${keyText} ${band} ${noteText}`, REPORT_PT.small, W) * H.smallLine + H.para;
  } else {
    metrics = `<h2>${e(t('report.metrics'))}</h2><p>${e(t('report.noEmg'))}${pressure ? ` ${e(t('report.keyFiguresPressure', { pressure }))}` : ''}</p>`;
    mm += (markers ? H.h2AfterPara : H.h2) + 2 * H.bodyLine + H.para;
  }
  let glazer = '';
  if (a?.glazer) {
    const g = a.glazer, N = g.norms;
    const norm2 = (x: number) => formatNumber(lang, x, 2);
    const lat = (x: { onsetLatencyS: { value: number | null }; releaseLatencyS: { value: number | null } } | null | undefined) => (x ? `${fmt(x.onsetLatencyS.value, 2)} / ${fmt(x.releaseLatencyS.value, 2)}` : '–');
    const line = (key: ReportKey, v: number | null | undefined, norm: { mean: number; sd: number }, z: number | null, latency = '–') =>
      `<tr><td>${e(t(key))}</td><td>${fmt(v)}</td><td>${norm2(norm.mean)} ± ${norm2(norm.sd)}</td><td>${fmt(z, 1)}</td><td>${latency}</td></tr>`;
    // The population is said in the report's language when it is the one the catalogue knows (dsp/glazer.ts's norms).
    const population = N.population === reportText('en', 'report.glazer.population') ? t('report.glazer.population') : N.population;
    const normsLead = `${t('report.glazer.norms')} ${population}; ${N.citation}, doi:${N.doi}.`;
    const flag = t('report.glazer.lessReliable');
    glazer = `<h2>${e(t('report.glazer.title'))}</h2><table><thead><tr><th>${e(t('report.col.phase'))}</th><th>${e(t('report.glazer.meanUv'))}</th><th>${e(t('report.glazer.normUv'))}</th><th>z</th><th>${e(t('report.glazer.latency'))}</th></tr></thead><tbody>
${line('report.glazer.restBefore', g.restBefore?.meanUv.value, N.restBefore, g.z.restBefore)}${line('report.glazer.flicks', g.flicks?.meanUv.value, N.flicks, g.z.flicks, lat(g.flicks))}${line('report.glazer.holds', g.holds?.meanUv.value, N.holds, g.z.holds, lat(g.holds))}${line('report.glazer.endurance', g.endurance?.meanUv.value, N.endurance, g.z.endurance)}${line('report.glazer.restAfter', g.restAfter?.meanUv.value, N.restAfter, g.z.restAfter)}</tbody></table>
<p class="cite">${e(normsLead)} <span class="flag">${e(flag)}</span> (${e(g.reliability.citation)}, doi:${e(g.reliability.doi)}).</p>`;
    mm += H.h2AfterPara + 6 * H.row + linesOf(`${normsLead} ${flag} (${g.reliability.citation}, doi:${g.reliability.doi}).`, REPORT_PT.small, W) * H.smallLine + H.para;
  }
  const ex = a?.excluded;
  const footerText = `Loslaten ${r.appVersion} — ${ex ? t('report.footerAnalysis', {
    total: fmt(ex.totalS, 2), filled: fmt(ex.byReason.padding + ex.byReason.interpolated, 2), settling: fmt(ex.byReason['filter-settling'], 2), bad: fmt(ex.byReason['non-finite'], 2) }) : t('report.footer')}`;
  const footer = `<p class="cite">${e(footerText)}</p>`;
  // The notes' heading (always after a paragraph: the key figures, the Glazer citation or the no-EMG line) and the footer.
  mm += H.h2AfterPara + linesOf(footerText, REPORT_PT.small, W) * H.smallLine + H.para;
  const dl = head.map(([k, v]) => `<div><dt>${e(t(k))}</dt><dd>${k === 'report.channels' ? r.channels.map((c) => e(channelText(c))).join(', ') : e(v)}</dd></div>`).join('');
  return { mm, html: `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${e(t('report.docTitle', { title }))}</title><style>${DOC_CSS}\n${REPORT_CSS}</style></head>
<body><main class="report" lang="${lang}" data-estimated-mm="${mm.toFixed(0)}">
<h1>${e(title)}</h1>
<dl>${dl}</dl>
<h2>${e(t('report.recording'))}</h2>
<div class="plots plots-${pl.cols}">${plots}</div>
${markers}
${metrics}
${glazer}
<h2>${e(t('report.notes'))}</h2>
<!--notes-->
${footer}
</main></body></html>
` };
}

/** Overview columns in the report's plots. */
export const REPORT_COLUMNS = 700;

/**
 * Gathers a report from a recording and its sidecar (null for a bare EDF, e.g. from the CLI). `analysis` may be
 * given (the library's cached one); otherwise it is computed here.
 */
export async function buildReportInput(edfPath: string, sc: Sidecar | null, appVersion: string, analysis?: SessionAnalysis | null): Promise<Result<ReportInput>> {
  const o = openEdf(edfPath);
  if (!o.ok) return { ok: false, error: sessionsErrorToApp(o.error) };
  const r = o.value;
  let input: Omit<ReportInput, 'analysis'>;
  try {
    const rev = r.review(REPORT_COLUMNS);
    if (!rev.ok) return { ok: false, error: sessionsErrorToApp(rev.error) };
    const anns = rev.value.annotations.annotations;
    const onsets = rev.value.annotations.recordOnsetsS;
    const durationS = r.records === 0 ? 0 : onsets[r.records - 1]! + r.header.recordDurationS;
    const h = r.header;
    const pid = h.patient.trim();
    input = {
      title: sc?.title || (sc ? '' : edfPath.split(/[\\/]/).pop() ?? ''),
      patient: sc?.patient?.name ?? sc?.patient?.code ?? sc?.profile.name ?? sc?.profile.id ?? (pid || 'X'),
      startedAt: sc?.recording.startedAt ?? edfStartIso(h.startDate, h.startTime),
      durationS,
      protocol: sc?.protocol?.name ?? null,
      channels: r.dataSignals.map((i) => ({ label: h.signals[i]!.label, unit: h.signals[i]!.physicalDimension, rateHz: r.rateHz(i), kind: recordedKind(h.signals[i]!) })),
      min: rev.value.overview.signals.map((s) => Array.from(s.min, (v) => (Number.isFinite(v) ? v : null))),
      max: rev.value.overview.signals.map((s) => Array.from(s.max, (v) => (Number.isFinite(v) ? v : null))),
      phases: phaseIntervals(anns),
      markers: anns.filter((a) => classifyAnnotation(a.text).kind === 'marker').map((a) => ({ onsetS: a.onsetS, text: classifyAnnotation(a.text).name ?? a.text })),
      notes: sc?.notes.map((n) => ({ at: n.at, text: n.text })) ?? [],
      appVersion,
    };
  } finally {
    r.close();
  }
  let an = analysis ?? null;
  if (analysis === undefined) {
    const a = await runFileTask({ kind: 'analyse', edfPath, sidecar: sc }); // off the sensor's thread
    an = a.ok ? a.value : null;
  }
  return { ok: true, value: { ...input, analysis: an } };
}

/** EDF start fields `dd.mm.yy` + `hh.mm.ss` (local time) as `yyyy-mm-ddThh:mm:ss` (years 85–99 → 19xx, per the spec). */
export function edfStartIso(date: string, time: string): string {
  const d = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(date.trim());
  const t = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(time.trim());
  if (!d || !t) return `${date.trim()} ${time.trim()}`;
  const yy = Number(d[3]);
  return `${yy >= 85 ? 1900 + yy : 2000 + yy}-${d[2]}-${d[1]}T${t[1]}:${t[2]}:${t[3]}`;
}
