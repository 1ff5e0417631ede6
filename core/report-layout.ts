// One-page layout of the session report: its stylesheet (mm/pt sizes) and the height budget that decides what fits.
/**
 * The page area the report is laid out for, mm: A4 width and US-Letter height, each less the 10 mm @page margins
 * (A4 190 × 277, Letter 195.9 × 259.4): whatever fits this box fits either paper at scale 1.
 */
export const REPORT_BOX_MM = { width: 190, height: 259 } as const;
/** Height kept free below the estimate for fonts that set wider than the estimate assumes, mm. */
export const REPORT_SAFETY_MM = 8;

/** Type sizes, pt: never below 8 pt (plot labels ≈ 8.5 pt at print size). */
export const REPORT_PT = { body: 9, h1: 13, h2: 10, table: 8, small: 8 } as const;

const PT_MM = 25.4 / 72;
const lineMm = (pt: number, lh: number): number => pt * lh * PT_MM;
/**
 * Advance of a character, em, as DejaVu Sans (Linux's system-ui, the widest common UI font) sets it, rounded up:
 * Dutch/English prose comes to ~0.55 em a character (measured 0.51). Segoe UI, Arial and SF set narrower.
 */
export function charEm(c: string): number {
  if (c === ' ' || /[iljI.,:;'|!()\[\]]/.test(c)) return 0.34;
  if (/[ftr]/.test(c)) return 0.42;
  if (c === 'm' || c === 'w') return 0.92;
  if (c === 'M' || c === 'W') return 1.0;
  if (/[A-Z]/.test(c)) return 0.74;
  if (c.codePointAt(0)! >= 0x2e80) return 1.05; // CJK, emoji: full width
  return 0.62;
}
/** Width of a one-line text at `pt`, mm. */
export function textMm(text: string, pt: number): number {
  let w = 0;
  for (const c of text) w += charEm(c);
  return w * pt * PT_MM;
}
/**
 * Lines a text takes at `pt` in `widthMm`: its own line breaks kept (white-space: pre-wrap), words wrapped whole, a word
 * longer than a line broken anywhere (overflow-wrap: anywhere). `firstIndentMm` = room taken on the first line (a stamp).
 */
export function linesOf(text: string, pt: number, widthMm: number, firstIndentMm = 0): number {
  const lineEm = widthMm / (pt * PT_MM);
  let lines = 0;
  for (const [k, para] of text.split('\n').entries()) {
    lines++;
    let x = k === 0 ? firstIndentMm / (pt * PT_MM) : 0;
    for (const word of para.split(' ')) {
      let w = 0;
      for (const c of word) w += charEm(c);
      const space = x > 0 ? charEm(' ') : 0;
      if (x + space + w <= lineEm) { x += space + w; continue; }
      if (x > 0) { lines++; x = 0; }
      while (w > lineEm) { lines++; w -= lineEm; }
      x = w;
    }
  }
  return lines;
}

/** Heights of the report's blocks, mm (line boxes + margins of the stylesheet below). */
export const H = {
  h1Line: lineMm(REPORT_PT.h1, 1.2), h1Margin: 1.5,
  h2: lineMm(REPORT_PT.h2, 1.2) + 3.5,
  /** A heading right after a paragraph: the paragraph's 1.2 mm bottom margin collapses into the heading's 2.5 mm top one. */
  h2AfterPara: lineMm(REPORT_PT.h2, 1.2) + 3.5 - 1.2,
  bodyLine: lineMm(REPORT_PT.body, 1.25), para: 1.2,
  smallLine: lineMm(REPORT_PT.small, 1.25),
  row: lineMm(REPORT_PT.table, 1.2) + 0.8,
  /** Grid gap between rows of plots (none after the last row). */
  plotGap: 1,
} as const;

/**
 * Plot grid for `n` channels: columns, each plot's height in mm and its SVG viewBox size (text ≈ 8.5 pt when printed).
 * `low`: the smallest heights (for reports that would not fit otherwise).
 */
export function plotLayout(n: number, low = false): { cols: number; heightMm: number; viewW: number; viewH: number } {
  const cols = n <= 3 ? 1 : n <= 8 ? 2 : 3;
  const rows = Math.max(1, Math.ceil(n / cols));
  const heightMm = low ? (cols === 1 ? Math.max(16, 40 / rows) : 13) : cols === 1 ? Math.min(30, Math.max(18, 52 / rows)) : Math.max(14, 56 / rows);
  const widthMm = (REPORT_BOX_MM.width - (cols - 1) * 4) / cols;
  const viewW = Math.round(700 / cols);
  return { cols, heightMm, viewW, viewH: Math.round((viewW * heightMm) / widthMm) };
}

/** Rows per column above which the metrics table is split in two columns side by side. */
export const ONE_COLUMN_ROWS = 12;
/** Rows per column of the two-column table; more phases than that are grouped (repeats averaged). */
export const TWO_COLUMN_ROWS = 17;

/**
 * The report's stylesheet, scoped to `.report` so the browser host can use the very same rules (renderer/report/report.css
 * holds a copy; a test keeps the two equal). No `size` in @page: the printer's paper (A4 or Letter) is used.
 */
export const REPORT_CSS = `.report{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:${REPORT_PT.body}pt;line-height:1.25;color:#1d2329;max-width:${REPORT_BOX_MM.width}mm;margin:0 auto}
.report h1{font-size:${REPORT_PT.h1}pt;line-height:1.2;margin:0 0 1.5mm;overflow-wrap:anywhere}
.report h2{font-size:${REPORT_PT.h2}pt;line-height:1.2;margin:2.5mm 0 1mm;break-after:avoid}
.report h2 small{font-size:${REPORT_PT.small}pt;font-weight:400;color:#444}
.report p{margin:0 0 1.2mm}
.report dl{display:flex;flex-wrap:wrap;gap:0 5mm;margin:0}.report dl>div{display:flex;gap:1.5mm;max-width:100%}
.report dt{font-weight:600}.report dd{margin:0;overflow-wrap:anywhere}
.report table{border-collapse:collapse;width:100%;font-size:${REPORT_PT.table}pt;line-height:1.2;font-variant-numeric:tabular-nums}
.report th,.report td{border-bottom:0.5pt solid #bbb;padding:0.3mm 0.8mm;text-align:right;white-space:nowrap}
.report th{font-weight:600;white-space:normal;vertical-align:bottom}.report td:first-child{white-space:normal;overflow-wrap:anywhere}.report th:first-child,.report td:first-child{text-align:left}
.report table.phases{table-layout:fixed}.report .phases th:nth-child(1){width:29%}.report .phases th:nth-child(2){width:21%}.report .phases th:nth-child(3),.report .phases th:nth-child(6){width:10.5%}.report .phases th:nth-child(4){width:9%}.report .phases th:nth-child(5){width:7.5%}.report .phases th:nth-child(7){width:12.5%}
.report .cols2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:0 4mm;align-items:start}
.report .plots{display:grid;gap:1mm 4mm}.report .plots-2{grid-template-columns:repeat(2,minmax(0,1fr))}.report .plots-3{grid-template-columns:repeat(3,minmax(0,1fr))}.report .plot{display:block;width:100%;height:auto}
.report .flag{color:#b34700;font-size:inherit;font-weight:inherit}.report .cite{font-size:${REPORT_PT.small}pt;color:#444}
.report .note{white-space:pre-wrap;overflow-wrap:anywhere;border-left:0.8mm solid #999;padding-left:1.5mm;margin:0 0 1mm}
.report .note .at{font-size:${REPORT_PT.small}pt;color:#555;margin-right:1.5mm}.report .more{font-weight:600;color:#b34700}
.report table,.report tr,.report svg,.report .note{break-inside:avoid}
@page{margin:10mm}@media print{.report{max-width:${REPORT_BOX_MM.width}mm;margin:0}}`;
