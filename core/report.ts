// One-page session report as a self-contained HTML string (no DOM): header, SVG overview plots, metrics, Glazer norms, notes.
import type { Result } from '../api/contract.ts';
import type { SessionAnalysis } from '../api/review-types.ts';
import { classifyAnnotation, phaseIntervals } from '../sessions/annotations.ts';
import { openEdf } from '../sessions/edf-reader.ts';
import type { Sidecar } from '../sessions/sidecar.ts';
import { analyseRecording } from './analysis-service.ts';
import { sessionsErrorToApp } from './recording.ts';

/** What the report shows; every text in it is escaped. */
export interface ReportInput {
  readonly title: string;
  readonly patient: string;
  /** ISO time of the first sample. */
  readonly startedAt: string;
  readonly durationS: number;
  readonly protocol: string | null;
  readonly channels: readonly { readonly label: string; readonly unit: string; readonly rateHz: number }[];
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
  const shade = phases.map((p, i) => `<rect x="${xs(p.startS)}" y="0" width="${Math.max(0.5, Number(xs(p.endS)) - Number(xs(p.startS))).toFixed(1)}" height="${h}" fill="${i % 2 ? '#56b4e9' : '#e69f00'}" fill-opacity="0.15"><title>${escapeHtml(p.name)}</title></rect>`).join('');
  const ticks = markers.map((m) => `<line x1="${xs(m.onsetS)}" x2="${xs(m.onsetS)}" y1="0" y2="${h}" stroke="#cc79a7" stroke-dasharray="3,2"><title>${escapeHtml(m.text)}</title></line>`).join('');
  const poly = upper.length ? `<polygon points="${[...upper, ...lower.reverse()].join(' ')}" fill="#0072b2" fill-opacity="0.35" stroke="#0072b2" stroke-width="0.6"/>` : '';
  return `<svg class="plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}">`
    + `<rect x="${padL}" y="0" width="${w}" height="${h}" fill="none" stroke="#999"/>${shade}${poly}${ticks}`
    + `<text x="2" y="12" font-size="10">${escapeHtml(label)}</text><text x="2" y="24" font-size="9">${escapeHtml(unitText(unit))}</text>`
    + `<text x="${padL - 4}" y="10" font-size="9" text-anchor="end">${fmt(hi, 0)}</text><text x="${padL - 4}" y="${h}" font-size="9" text-anchor="end">${fmt(lo, 0)}</text>`
    + `<text x="${padL}" y="${height - 3}" font-size="9">0:00</text><text x="${width}" y="${height - 3}" font-size="9" text-anchor="end">${mmss(durationS)}</text></svg>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;font-size:11pt;color:#1d2329;max-width:190mm;margin:8mm auto}
h1{font-size:16pt;margin:0 0 2mm}h2{font-size:12pt;margin:4mm 0 1mm}table{border-collapse:collapse;width:100%;font-size:8.5pt}
th,td{border-bottom:1px solid #ccc;padding:0.4mm 2mm;text-align:right}th:first-child,td:first-child{text-align:left}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 4mm;margin:0}dt{font-weight:600}dd{margin:0}
.plot{width:100%;height:auto}.flag{color:#d55e00}.note{white-space:pre-wrap;border-left:3px solid #999;padding-left:2mm;margin:1mm 0}
.cite{font-size:8.5pt;color:#555}@page{size:A4;margin:10mm}@media print{body{margin:0}}`;

/** Renders the one-page report. The result is a complete HTML document. */
export function renderReportHtml(r: ReportInput): string {
  const e = escapeHtml;
  const a = r.analysis;
  const plots = r.channels.map((c, i) => channelSvg(c.label, c.unit, r.min[i] ?? [], r.max[i] ?? [], r.durationS, r.phases, r.markers)).join('\n');
  // One page: every phase of the analysed (first EMG) channel; other channels by their whole-session row only.
  const rows = (a?.phases ?? []).filter((p) => p.channel === a?.channel || p.kind === 'session').map((p) => `<tr><td>${p.kind === 'session' ? 'Whole session' : e(p.name)}</td><td>${e(p.channel)}</td><td>${mmss(p.startS)}–${mmss(p.endS)}</td><td>${fmt(p.meanUv)}</td><td>${fmt(p.sdUv)}</td><td>${fmt(p.cvPercent, 0)}</td><td>${fmt(p.peakUv)}</td><td>${fmt(p.timeInTargetPercent, 0)}</td></tr>`).join('');
  const metrics = a && a.channel !== null ? `<h2>Metrics (µV RMS)</h2><table><thead><tr><th>Phase</th><th>Channel</th><th>Time</th><th>Mean µV</th><th>SD µV</th><th>CV %</th><th>Peak µV</th><th>In target %</th></tr></thead><tbody>${rows}</tbody></table>
<p class="cite">Key figures: resting tone ${fmt(a.summary.restingToneUv)} µV, variability ${fmt(a.summary.variabilityPercent, 0)} %, time in target ${fmt(a.summary.timeInTargetPercent, 0)} % (relax ≤ ${fmt(a.targets.relaxUpperUv)} µV${a.targets.source === 'default' ? ', default target' : ''}), peak ${fmt(a.summary.peakUv)} µV.</p>` : '<p>No metrics (no EMG channel).</p>';
  let glazer = '';
  if (a?.glazer) {
    const g = a.glazer, N = g.norms;
    const line = (name: string, v: number | null | undefined, norm: { mean: number; sd: number }, z: number | null) =>
      `<tr><td>${name}</td><td>${fmt(v)}</td><td>${norm.mean.toFixed(2)} ± ${norm.sd.toFixed(2)}</td><td>${fmt(z, 1)}</td></tr>`;
    glazer = `<h2>Glazer assessment vs. normative values</h2><table><thead><tr><th>Phase</th><th>Mean µV</th><th>Norm µV (mean ± SD)</th><th>z</th></tr></thead><tbody>
${line('Rest before', g.restBefore?.meanUv.value, N.restBefore, g.z.restBefore)}${line('Quick flicks', g.flicks?.meanUv.value, N.flicks, g.z.flicks)}${line('Tonic holds', g.holds?.meanUv.value, N.holds, g.z.holds)}${line('Endurance', g.endurance?.meanUv.value, N.endurance, g.z.endurance)}${line('Rest after', g.restAfter?.meanUv.value, N.restAfter, g.z.restAfter)}</tbody></table>
<p class="cite">Norms: ${e(N.population)}; ${e(N.citation)}, doi:${e(N.doi)}. <span class="flag">Rise/recovery times and median frequency are less reliable</span> (${e(g.reliability.citation)}, doi:${e(g.reliability.doi)}).</p>`;
  }
  const notes = r.notes.length ? r.notes.map((n) => `<p class="note"><small>${e(n.at.slice(0, 16).replace('T', ' '))}</small><br>${e(n.text)}</p>`).join('') : '<p>–</p>';
  const markers = r.markers.length ? `<p>${r.markers.map((m) => `${mmss(m.onsetS)} ${e(m.text)}`).join(' · ')}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${e(r.title || 'Session')} — Loslaten report</title><style>${STYLE}</style></head>
<body><main class="report">
<h1>${e(r.title || 'Session')}</h1>
<dl><dt>Patient</dt><dd>${e(r.patient)}</dd><dt>Date</dt><dd>${e(r.startedAt.slice(0, 19).replace('T', ' '))}</dd><dt>Duration</dt><dd>${mmss(r.durationS)} (${fmt(r.durationS, 0)} s)</dd><dt>Protocol</dt><dd>${e(r.protocol ?? '–')}</dd><dt>Channels</dt><dd>${r.channels.map((c) => `${e(c.label)} (${e(unitText(c.unit))}, ${fmt(c.rateHz, 0)} Hz)`).join(', ')}</dd></dl>
<h2>Recording</h2>
${plots}
${markers}
${metrics}
${glazer}
<h2>Notes</h2>
${notes}
<p class="cite">Loslaten ${e(r.appVersion)} — raw device values from the EDF+ recording; envelope: band-pass, notch and RMS as in the session settings.</p>
</main></body></html>
`;
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
      channels: r.dataSignals.map((i) => ({ label: h.signals[i]!.label, unit: h.signals[i]!.physicalDimension, rateHz: r.rateHz(i) })),
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
    const a = await analyseRecording(edfPath, sc);
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
