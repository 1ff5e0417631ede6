// The browser host's printable report (renderer/report/) prints on ONE page, A4 and Letter, for a full Glazer
// assessment with a long note: the page's print media, the app chrome hidden, the report's own rules from report.css;
// in Dutch too (the app's language setting), with no English report text left.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportEn, reportNl, type ReportKey } from '../../api/report-messages.ts';
import { pdfPageCount } from '../../electron/main/report-pdf.ts';
import { glazerAssessmentProtocol } from '../../training/protocols.ts';
import { outputPath, useAppAndBrowser } from '../helpers/browser.ts';
import { tempDir } from '../helpers/pty.ts';
import { LONG_NOTE } from '../review/report-sessions.ts';
import { writeSyntheticSession } from '../review/synthetic.ts';

const ctx = useAppAndBrowser({ allowPathImport: true });
const pageErrors: string[] = [];

beforeAll(async () => {
  // Every phase of the assessment at its real length (5:40), as the longest metrics table a report gets.
  const phases = glazerAssessmentProtocol().phases.map((p) => ({ name: p.id, seconds: p.durationS, amplitudeUv: p.kind === 'rest' || p.kind === 'recovery' ? 9 : 60 }));
  const edf = await writeSyntheticSession(join(tempDir('loslaten-print-src-'), 'glazer.edf'), phases, 'marker: coughed');
  const r = await ctx.app.core.handle('importSessionFromPath', { profileId: 'anna', path: edf, title: 'Meting week 0' });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const note = await ctx.app.core.handle('addSessionNote', { profileId: 'anna', sessionId: (r.value as { id: string }).id, text: LONG_NOTE });
  if (!note.ok) throw new Error(JSON.stringify(note.error));
}, 90_000);

describe('printable report in the browser host', () => {
  it('a full Glazer assessment with a ~600-character note prints on one A4 and one Letter page, nothing cut', async () => {
    const page = await ctx.browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.goto(ctx.app.host.url);
      await page.click('[data-testid=nav-sessions]');
      await page.click('[data-testid=session-open]');
      await page.click('[data-testid=report-open]');
      await page.waitForSelector('[data-testid=report-page] svg');
      // The report's own layout applies inside the app (the core's <style> is dropped there; report.css has the same rules).
      expect(await page.locator('[data-testid=report-page] .cols2 table.phases').count()).toBe(2);
      expect(await page.locator('[data-testid=report-page] table.phases tbody tr').count()).toBe(glazerAssessmentProtocol().phases.length + 2);
      await page.emulateMedia({ media: 'print' });
      expect(await page.isVisible('[data-testid=report-print]')).toBe(false);
      const text = (await page.locator('[data-testid=report-page]').innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(LONG_NOTE.replace(/\s+/g, ' '));
      expect(text).not.toContain('Notes continue in the app');
      expect(text).toContain('doi:10.1097/MD.0000000000019060');
      // As the browser's Print would: the page's print media, the paper the user picks, scale 1, CSS page size preferred.
      for (const format of ['A4', 'Letter'] as const) {
        const pdf = await page.pdf({ format, preferCSSPageSize: true, printBackground: true, scale: 1 });
        expect(pdfPageCount(pdf), format).toBe(1);
        if (format === 'A4') writeFileSync(outputPath('report-browser-print.pdf'), pdf);
      }
      await page.emulateMedia({ media: 'screen' });
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('in Dutch (the language chosen in the app) the report has no English text and still prints on one page', async () => {
    const page = await ctx.browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // A report text of the other language, as a whole text node ({placeholders} match anything).
    const matchers = (from: Record<ReportKey, string>, to: Record<ReportKey, string>) => (Object.keys(from) as ReportKey[])
      // (skipped: texts too short to tell the languages apart)
      .filter((k) => from[k] !== to[k] && from[k].replace(/\{\w+\}/g, '').replace(/[^\p{L}]+/gu, '').length >= 4)
      .map((k) => ({ k, re: new RegExp(`^${from[k].split(/\{\w+\}/).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')}$`, 's') }));
    const textNodes = () => page.evaluate(() => {
      const out: string[] = [];
      const root = document.querySelector('[data-testid=report-page]')!;
      const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) { const t = n.textContent?.replace(/\s+/g, ' ').trim(); if (t) out.push(t); }
      for (const el of root.querySelectorAll('p,h2,dt,th,td')) out.push((el.textContent ?? '').replace(/\s+/g, ' ').trim());
      return out;
    });
    try {
      await page.goto(ctx.app.host.url);
      await page.selectOption('[data-testid=lang-select]', 'nl');
      await page.click('[data-testid=nav-sessions]');
      await page.click('[data-testid=session-open]');
      await page.click('[data-testid=report-open]');
      await page.waitForSelector('[data-testid=report-page] svg');
      const text = (await page.locator('[data-testid=report-page]').innerText()).replace(/\s+/g, ' ');
      // The report keeps its language in the app's page (screen readers read it as Dutch; the core's <html> is not used there).
      expect(await page.locator('[data-testid=report-page] main.report[lang=nl]').count()).toBe(1);
      for (const w of ['Patiënt', 'Datum', 'Meetwaarden (µV RMS)', 'Kerncijfers: rusttonus', 'Glazer-meting naast normwaarden', 'Houden 3: rust', 'Notities']) expect(text).toContain(w);
      expect(text).toMatch(/rusttonus \d+,\d µV/);
      expect(text).toContain(LONG_NOTE.replace(/\s+/g, ' '));
      const english = matchers(reportEn, reportNl);
      const left = (await textNodes()).flatMap((t) => english.filter((m) => m.re.test(t)).map((m) => `${m.k}: ${t.slice(0, 60)}`));
      expect(left).toEqual([]);
      expect(await page.locator('[data-testid=report-page] table.phases tbody tr').count()).toBe(glazerAssessmentProtocol().phases.length + 2);
      await page.emulateMedia({ media: 'print' });
      for (const format of ['A4', 'Letter'] as const) {
        const pdf = await page.pdf({ format, preferCSSPageSize: true, printBackground: true, scale: 1 });
        expect(pdfPageCount(pdf), format).toBe(1);
        if (format === 'A4') writeFileSync(outputPath('report-browser-print-nl.pdf'), pdf);
      }
      await page.emulateMedia({ media: 'screen' });
      await page.click('[data-testid=report-close]');
      // And back: English again, no Dutch report text left.
      await page.selectOption('[data-testid=lang-select]', 'en');
      await page.click('[data-testid=report-open]');
      await page.waitForFunction(() => document.querySelector('[data-testid=report-page]')?.textContent?.includes('Key figures'));
      const dutch = matchers(reportNl, reportEn);
      const leftNl = (await textNodes()).flatMap((t) => dutch.filter((m) => m.re.test(t)).map((m) => `${m.k}: ${t.slice(0, 60)}`));
      expect(leftNl).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
