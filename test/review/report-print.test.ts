// The session report prints on ONE page (A4 and US Letter, scale 1, JavaScript off as in Electron's print window) for a
// full Glazer assessment, a 10-minute downtraining and a pressure session, in English and in (longer) Dutch; notes beyond
// the page are cut visibly.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phaseLabel, type ReportLanguage } from '../../api/report-messages.ts';
import { renderReportHtml, fitNotes, groupRepeats, type ReportInput } from '../../core/report.ts';
import { REPORT_CSS, REPORT_PT } from '../../core/report-layout.ts';
import { pdfPageCount } from '../../electron/main/report-pdf.ts';
import { glazerAssessmentProtocol } from '../../training/protocols.ts';
import { CHROMIUM, outputPath } from '../helpers/browser.ts';
import { ROOT } from '../helpers/pty.ts';
import { downtrainingCase, glazerCase, LONG_NOTE, pressureCase, type ReportCase } from './report-sessions.ts';

let browser: Browser;
let cases: ReportCase[] = [];
const LANGS = ['en', 'nl'] as const;
/** A number as the report writes it in `lang` (decimal comma in Dutch). */
const num = (lang: ReportLanguage, x: number, digits: number) => (lang === 'nl' ? x.toFixed(digits).replace('.', ',') : x.toFixed(digits));
/** Words the tests expect, per language (written out, not taken from the catalogue). */
const WORDS = {
  en: { patient: 'Patient', date: 'Date 2026-11-24 09:05:01', protocol: 'Protocol', more: 'Notes continue in the app', pressure: 'resting pressure', tone: 'resting tone', cv: 'variability', tit: 'time in target', peak: 'peak',
    glazer: 'Glazer assessment vs. normative values', markers: 'Markers: 2:05 coughed', flicks: 'Flick 1–20 (20×)', whole: 'Whole session' },
  nl: { patient: 'Patiënt', date: 'Datum 24-11-2026 09:05:01', protocol: 'Oefening', more: 'Notities gaan verder in de app', pressure: 'rustdruk', tone: 'rusttonus', cv: 'variatie', tit: 'tijd binnen doel', peak: 'piek',
    glazer: 'Glazer-meting naast normwaarden', markers: 'Markeringen: 2:05 coughed', flicks: 'Snel 1–20 (20×)', whole: 'Hele sessie' },
} as const;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error('Chromium is not installed: run `apt-get install -y chromium` (.ci/run does this)');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  for (const lang of LANGS) cases.push(await glazerCase(undefined, lang), await downtrainingCase(undefined, lang), await pressureCase(undefined, lang));
}, 90_000);
afterAll(async () => { await browser?.close(); });

const dataUrl = (html: string) => `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;

/** The report in a page with JavaScript off (as Electron's PDF window), ready to print. */
async function openReport(html: string, javaScriptEnabled = false): Promise<Page> {
  const ctx = await browser.newContext({ javaScriptEnabled });
  const page = await ctx.newPage();
  await page.goto(dataUrl(html));
  return page;
}

/** Prints like main does (CSS page size preferred, backgrounds on, scale 1, no header/footer) on `format` paper. */
async function print(page: Page, format: 'A4' | 'Letter'): Promise<Buffer> {
  return page.pdf({ format, preferCSSPageSize: true, printBackground: true, scale: 1, displayHeaderFooter: false });
}

/** The report's text as laid out (white space collapsed). */
async function reportText(page: Page): Promise<string> {
  return (await page.locator('main.report').innerText()).replace(/\s+/g, ' ');
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('one-page session report', () => {
  for (const lang of LANGS) for (const kind of ['glazer', 'downtraining', 'pressure'] as const) {
    it(`${kind} (${lang}): one page on A4 and on Letter at scale 1, with patient, date, protocol, metrics, notes`, async () => {
      const c = cases.find((x) => x.name === kind && x.lang === lang)!;
      const w = WORDS[lang];
      const page = await openReport(c.html);
      try {
        for (const format of ['A4', 'Letter'] as const) {
          const pdf = await print(page, format);
          expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
          expect(pdfPageCount(pdf), `${kind} on ${format}`).toBe(1);
          // The page really is that paper (portrait): A4 595 × 842 pt, Letter 612 × 792 pt.
          expect(pdf.toString('latin1')).toMatch(format === 'A4' ? /\/MediaBox\s*\[\s*0\s+0\s+59[45](\.\d+)?\s+84[12](\.\d+)?\s*\]/ : /\/MediaBox\s*\[\s*0\s+0\s+612\s+792\s*\]/);
          if (kind === 'glazer' && format === 'A4') writeFileSync(outputPath(`report-glazer-${lang}.pdf`), pdf);
        }
        const text = await reportText(page);
        const a = c.input.analysis!;
        expect(text).toContain(`${w.patient} Anna de Vries`);
        expect(text).toContain(w.date);
        expect(text).toContain(`${w.protocol} ${c.input.protocol}`);
        // Every note whole: nothing cut for these realistic lengths.
        for (const n of c.notes) expect(text).toContain(collapse(n));
        expect(text).not.toContain(w.more);
        if (kind === 'pressure') {
          expect(a.channel).toBeNull();
          expect(text).toContain(`${w.pressure} ${num(lang, a.summary.restingPressure!, 1)} mmHg`);
          expect(await page.locator('svg.plot').count()).toBe(1);
        } else {
          expect(text).toContain(`${w.tone} ${num(lang, a.summary.restingToneUv!, 1)} µV`);
          expect(text).toContain(`${w.cv} ${num(lang, a.summary.variabilityPercent!, 0)} %`);
          expect(text).toContain(`${w.tit} ${num(lang, a.summary.timeInTargetPercent!, 0)} %`);
          expect(text).toContain(`${w.peak} ${num(lang, a.summary.peakUv!, 1)} µV`);
          // Every phase of the analysed channel has its own row with its mean (no phase is dropped), plus the whole-session rows.
          const rows = page.locator('table.phases tbody tr');
          const phases = a.phases.filter((p) => p.channel === a.channel && p.kind !== 'session');
          expect(await rows.count()).toBe(phases.length + 2);
          for (const p of phases) expect(text).toContain(phaseLabel(p.name, lang));
          if (lang === 'nl') expect(text).toContain(kind === 'glazer' ? 'Houden 3: rust' : 'Loslaten met de adem');
          expect(await page.locator('svg.plot').count()).toBe(2);
        }
        if (kind === 'glazer') {
          expect(a.phases.filter((p) => p.channel === a.channel && p.kind !== 'session').map((p) => p.name)).toEqual(glazerAssessmentProtocol().phases.map((p) => p.id));
          expect(text).toContain(w.glazer);
          expect(text).toContain('Oleksy Ł, et al. Medicine 2020;99(5):e19060, doi:10.1097/MD.0000000000019060');
          expect(text).toContain(w.markers);
          await page.screenshot({ path: outputPath(`report-glazer-${lang}.png`), fullPage: true });
        }
      } finally {
        await page.context().close();
      }
    }, 60_000);
  }

  it('no type smaller than 7.5 pt in tables and 8 pt elsewhere, plot labels included (measured in the laid-out page)', async () => {
    const page = await openReport(cases[0]!.html, true);
    try {
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 718, height: 1000 }); // 190 mm at 96 px/in: the printed width
      const sizes = await page.evaluate(() => {
        const out: { tag: string; pt: number }[] = [];
        for (const el of document.querySelectorAll('main.report *')) {
          if (el instanceof SVGTextElement) {
            // Rendered size: font-size in SVG units × the SVG's scale on the page.
            const svg = el.ownerSVGElement!;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            out.push({ tag: 'svg text', pt: (Number(el.getAttribute('font-size')) * scale * 72) / 96 });
          } else if (!(el instanceof SVGElement) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())) {
            out.push({ tag: el.closest('table') ? 'table' : el.tagName, pt: (parseFloat(getComputedStyle(el).fontSize) * 72) / 96 });
          }
        }
        return out;
      });
      const min = (f: (s: { tag: string }) => boolean) => Math.min(...sizes.filter(f).map((s) => s.pt));
      console.log(`report type sizes: tables ≥ ${min((s) => s.tag === 'table').toFixed(2)} pt, plot labels ≥ ${min((s) => s.tag === 'svg text').toFixed(2)} pt, other text ≥ ${min((s) => s.tag !== 'table' && s.tag !== 'svg text').toFixed(2)} pt`);
      expect(min((s) => s.tag === 'table')).toBeGreaterThanOrEqual(7.5);
      expect(min((s) => s.tag !== 'table')).toBeGreaterThanOrEqual(8);
      expect(REPORT_PT.table).toBeGreaterThanOrEqual(7.5);
    } finally {
      await page.context().close();
    }
  }, 30_000);

  it('the height estimate that sizes the notes is never below the laid-out height (Chromium, print width)', async () => {
    for (const c of cases) {
      const page = await openReport(c.html, true);
      try {
        await page.emulateMedia({ media: 'print' });
        await page.setViewportSize({ width: 718, height: 1000 });
        const realMm = await page.evaluate(() => {
          const mm = (el: Element) => (el.getBoundingClientRect().height * 25.4) / 96;
          const notes = [...document.querySelectorAll('main.report .note, main.report .more')].reduce((s, el) => s + mm(el) + 1, 0);
          return mm(document.querySelector('main.report')!) - notes;
        });
        const estimateMm = Number(/data-estimated-mm="(\d+)"/.exec(c.html)![1]);
        console.log(`${c.name} (${c.lang}): laid out ${realMm.toFixed(1)} mm without notes, estimated ${estimateMm} mm`);
        expect(estimateMm).toBeGreaterThanOrEqual(realMm - 0.5);
        expect(estimateMm).toBeLessThan(realMm + 25); // and not so generous that notes are cut for nothing
      } finally {
        await page.context().close();
      }
    }
  }, 30_000);

  for (const lang of LANGS) it(`notes longer than the page leaves are cut at a word with a visible "continue in the app" line that counts what is left (${lang})`, async () => {
    const notes = [LONG_NOTE, `Tweede notitie. ${LONG_NOTE}`, `Derde. ${LONG_NOTE}`, `Vierde. ${LONG_NOTE}`, `Vijfde. ${LONG_NOTE}`];
    const c = await glazerCase(notes, lang);
    const page = await openReport(c.html);
    try {
      for (const format of ['A4', 'Letter'] as const) expect(pdfPageCount(await print(page, format)), format).toBe(1);
      const text = await reportText(page);
      expect(text).toContain(collapse(LONG_NOTE)); // the first note stays whole
      const more = (lang === 'en' ? /Notes continue in the app: (\d+) more characters \((\d) more notes?\)\./ : /Notities gaan verder in de app: nog (\d+) tekens \(nog (\d) notities?\)\./).exec(text);
      expect(more).not.toBeNull();
      // What is shown plus what is counted as left is every character of the notes: nothing is dropped silently.
      const shown = [...c.html.matchAll(/<p class="note"><span class="at">[^<]*<\/span>([^<]*)<\/p>/g)].map((m) => m[1]!.replace(/ …$/, '').replace(/&#39;/g, "'"));
      const total = notes.reduce((s, n) => s + n.length, 0);
      expect(shown.reduce((s, n) => s + n.length, 0) + Number(more![1])).toBe(total);
      expect(Number(more![2])).toBe(notes.length - shown.filter((s) => notes.includes(s)).length - (shown.some((s) => !notes.includes(s)) ? 1 : 0));
      for (const s of shown) expect(notes.some((n) => n.startsWith(s))).toBe(true);
    } finally {
      await page.context().close();
    }
  }, 60_000);

  it('fitNotes keeps all notes that fit and says nothing is left out', () => {
    const notes = [{ at: '2026-11-24T09:20:00Z', text: 'kort' }, { at: '2026-11-24T09:21:00Z', text: 'a\nb' }];
    const r = fitNotes(notes, 100, 'en');
    expect(r.clipped).toBe(false);
    expect(r.html).toContain('kort');
    expect(r.html).not.toContain('continue');
    const tight = fitNotes([{ at: '2026-11-24T09:20:00Z', text: 'woord '.repeat(400) }], 20, 'en');
    expect(tight.clipped).toBe(true);
    expect(tight.html).toMatch(/woord …<\/p><p class="more">Notes continue in the app: \d+ more characters\.<\/p>$/);
    expect(tight.html).toContain('<span class="at">2026-11-24 09:20</span>');
    const nl = fitNotes([{ at: '2026-11-24T09:20:00Z', text: 'woord '.repeat(400) }], 20, 'nl');
    expect(nl.html).toMatch(/woord …<\/p><p class="more">Notities gaan verder in de app: nog \d+ tekens\.<\/p>$/);
    expect(nl.html).toContain('<span class="at">24-11-2026 09:20</span>');
  });

  for (const lang of LANGS) it(`a protocol with many repeats groups them (averaged, counted, said so) and still prints on one page (${lang})`, async () => {
    const base = cases[0]!.input;
    const a = base.analysis!;
    // 20 flicks + 20 holds with their rests: 82 phase rows, far more than two columns hold.
    const phases: ReportInput['analysis'] extends infer A ? A extends { phases: infer P } ? P : never : never = [
      ...Array.from({ length: 20 }, (_, i) => i).flatMap((i) => [
        { ...a.phases[1]!, name: `flick-${i + 1}`, startS: i * 12, endS: i * 12 + 2, meanUv: 60 + i },
        { ...a.phases[2]!, name: `flick-${i + 1}-rest`, startS: i * 12 + 2, endS: i * 12 + 12 },
        { ...a.phases[11]!, name: `hold-${i + 1}`, startS: 240 + i * 20, endS: 250 + i * 20, peakUv: 40 + i },
        { ...a.phases[12]!, name: `hold-${i + 1}-rest`, startS: 250 + i * 20, endS: 260 + i * 20 },
      ]),
      ...a.phases.filter((p) => p.kind === 'session'),
    ];
    const g = groupRepeats(phases);
    expect(g.grouped).toBe(true);
    expect(g.rows.map((r) => `${r.name} ${r.repeats}`)).toContain('flick-1 … flick-20 20');
    const flicks = g.rows.find((r) => r.name.startsWith('flick-1 '))!;
    expect(flicks.meanUv).toBeCloseTo(60 + 9.5, 6);
    expect(g.rows.find((r) => r.name.startsWith('hold-1 '))!.peakUv).toBe(59);
    const html = renderReportHtml({ ...base, analysis: { ...a, phases } }, lang);
    expect(html).toContain(lang === 'en' ? 'Repeated phases are shown as one row (n×)' : 'Herhaalde stappen staan op één regel (n×)');
    const page = await openReport(html);
    try {
      for (const format of ['A4', 'Letter'] as const) expect(pdfPageCount(await print(page, format)), format).toBe(1);
      const text = await reportText(page);
      expect(text).toContain(WORDS[lang].flicks);
      expect(text).toContain(lang === 'en' ? 'Hold 1–20: rest (20×)' : 'Houden 1–20: rust (20×)');
    } finally {
      await page.context().close();
    }
  }, 30_000);

  for (const lang of LANGS) it(`many channels (${lang}): 8 fit one page (repeats grouped, lower plots in a grid); 16 need the desktop's 0.85 reprint`, async () => {
    const base = cases[0]!.input;
    const a = base.analysis!;
    const withChannels = (n: number): ReportInput => {
      const chans = Array.from({ length: n }, (_, i) => ({ ...base.channels[i % 2]!, label: `CH${i + 1}` }));
      const others = chans.slice(1).map((ch) => ({ ...a.phases.at(-1)!, channel: ch.label }));
      return { ...base, channels: chans, min: chans.map((_, i) => base.min[i % 2]!), max: chans.map((_, i) => base.max[i % 2]!),
        notes: [{ at: '2026-11-24T09:20:00Z', text: LONG_NOTE }], analysis: { ...a, phases: [...a.phases.filter((p) => p.channel === a.channel), ...others] } };
    };
    for (const [n, fitsAtScale] of [[8, 1], [16, 0.85]] as const) {
      const html = renderReportHtml(withChannels(n), lang);
      expect(html.match(/<svg /g)).toHaveLength(n);
      const page = await openReport(html);
      try {
        const text = await reportText(page);
        expect(text).toContain(`${WORDS[lang].whole}, CH${n}`);
        expect(text).toMatch(new RegExp(`${WORDS[lang].more}|Uithoudingsvermogen`));
        expect(pdfPageCount(await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true, scale: fitsAtScale })), `${n} channels`).toBe(1);
        if (n === 8) expect(pdfPageCount(await print(page, 'Letter'))).toBe(1);
        else expect(pdfPageCount(await print(page, 'A4'))).toBe(2); // beyond the layout: why main keeps one reprint
      } finally {
        await page.context().close();
      }
    }
  }, 30_000);

  it('the browser host prints with the very same rules (renderer/report/report.css holds REPORT_CSS verbatim)', () => {
    const css = readFileSync(join(ROOT, 'renderer', 'report', 'report.css'), 'utf8');
    const block = /\/\* report-style:begin[^*]*\*\/\n([\s\S]*?)\n\/\* report-style:end \*\//.exec(css);
    expect(block?.[1]).toBe(REPORT_CSS);
    // Sizes in print units and no forced paper size: the printer's A4 or Letter is used.
    expect(REPORT_CSS).not.toMatch(/[{;]\s*size\s*:/);
    expect(REPORT_CSS).toMatch(/@page\{margin:10mm\}/);
    for (const m of REPORT_CSS.matchAll(/font-size:([\d.]+)pt/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(7.5);
  });
});
