// End to end: a Demo session recorded through the API (plus an imported synthetic Glazer file) → library, review, trends, report in Chromium.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { outputPath, useAppAndBrowser } from '../helpers/browser.ts';
import { tmpDir, writeSyntheticSession } from '../review/synthetic.ts';
import type { Result } from '../../api/contract.ts';

const ctx = useAppAndBrowser({ allowPathImport: true });
let demoId = '';
let importedId = '';
const pageErrors: string[] = [];
const PROFILE = 'e2e-review';

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}
/** Serious or critical axe-core violations in the page (evaluated over CDP: the page's CSP blocks inline scripts). */
async function axeSerious(page: Page): Promise<string[]> {
  const src = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Runtime.evaluate', { expression: `${src};typeof axe`, returnByValue: true });
  const r = await cdp.send('Runtime.evaluate', {
    expression: `axe.run(document, { resultTypes: ['violations'] }).then((r) => JSON.stringify(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '))))`,
    awaitPromise: true, returnByValue: true,
  });
  await cdp.detach();
  return JSON.parse(r.result.value as string) as string[];
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  const c = ctx.app.core;
  // A short Glazer-like Demo session: phases and a marker on the live sample clock.
  ok(await c.handle('connect', { deviceId: 'demo:emg' }));
  for (let i = 0; i < 50 && c.link.status().state !== 'streaming'; i++) await sleep(100);
  const rec = ok(await c.handle('startRecording', { profileId: PROFILE, title: 'Demo <b>review</b>', protocol: { id: 'glazer-assessment', name: 'Assessment (Glazer protocol)' } })) as { sessionId: string };
  demoId = rec.sessionId;
  const steps: [string, number][] = [['rest-before', 2000], ['flick-1', 1000], ['flick-1-rest', 1000], ['hold-1', 1500], ['endurance', 1500], ['rest-after', 1500]];
  for (const [name, ms] of steps) {
    ok(await c.handle('annotate', { kind: 'phase-start', text: name }));
    if (name === 'hold-1') { await sleep(700); ok(await c.handle('annotate', { kind: 'marker', text: 'patient coughed' })); await sleep(ms - 700); }
    else await sleep(ms);
    ok(await c.handle('annotate', { kind: 'phase-end', text: name }));
  }
  await sleep(600);
  ok(await c.handle('stopRecording', {}));
  await c.handle('disconnect', {});
  // A second session for the trends: an imported file with known levels.
  const edf = await writeSyntheticSession(path.join(tmpDir(), 'home.edf'));
  importedId = (ok(await c.handle('importSessionFromPath', { profileId: PROFILE, path: edf, title: 'Home recording' })) as { id: string }).id;
}, 60_000);

async function openApp(): Promise<Page> {
  const page = await ctx.browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(ctx.app.host.url);
  await page.waitForSelector('[data-testid=nav-sessions]');
  return page;
}

describe('review in a real browser', () => {
  it('lists the sessions, opens the Demo one: overview, phases, annotations, clickable jump, metrics, Glazer norms with citation, replay', async () => {
    const page = await openApp();
    await page.click('[data-testid=nav-sessions]');
    await page.waitForSelector('[data-testid=session-row]');
    expect(await page.locator('[data-testid=session-row]').count()).toBe(2);
    const row = page.locator(`[data-testid=session-row][data-session-id="${demoId}"]`);
    expect(await row.textContent()).toContain('Demo <b>review</b>'); // shown as text, not markup
    expect(await row.textContent()).toContain('Assessment (Glazer protocol)');
    await expect.poll(async () => (await row.locator('[data-testid=row-rest]').textContent())?.trim(), { timeout: 20_000 }).not.toBe('–');
    await page.screenshot({ path: outputPath('review-library.png'), fullPage: true });
    expect(await axeSerious(page)).toEqual([]);

    await row.locator('[data-testid=session-open]').click();
    await page.waitForSelector('[data-testid=review]');
    // Overview drawn for both channels from the core's min/max columns.
    await page.waitForSelector('[data-testid=overview-PF][data-drawn="1500"]');
    await page.waitForSelector('[data-testid=overview-ABD][data-drawn="1500"]');
    const ink = await page.evaluate(() => {
      const c = document.querySelector('[data-testid=overview-PF] canvas') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return { n, w: c.width };
    });
    expect(ink.n).toBeGreaterThan(ink.w * 5);
    // Phases from the phase annotations, in order.
    const phaseIds = await page.locator('[data-testid=phase-interval]').evaluateAll((els) => els.map((e) => e.getAttribute('data-phase')));
    expect(phaseIds).toEqual(['rest-before', 'flick-1', 'flick-1-rest', 'hold-1', 'endurance', 'rest-after']);
    // Shown by name, in the app's language, not as recorded ids.
    expect(await page.locator('[data-testid=phase-interval] button').allTextContents()).toEqual(['Rest before', 'Flick 1', 'Flick 1: rest', 'Hold 1', 'Endurance', 'Rest after']);
    // Annotations listed; the marker is there.
    const marker = page.locator('[data-testid=annotation][data-kind=marker]');
    expect(await marker.textContent()).toContain('patient coughed');
    // Detail view: zoom in, then a click on the marker centres the window on it.
    await page.waitForSelector('[data-testid=detail-PF][data-drawn]');
    await page.click('[data-testid=zoom-in]');
    await page.click('[data-testid=zoom-in]');
    const before = Number(await page.getAttribute('[data-testid=detail-window]', 'data-from'));
    const onset = Number(await marker.getAttribute('data-onset'));
    await marker.click();
    await expect.poll(async () => Number(await page.getAttribute('[data-testid=detail-window]', 'data-from'))).not.toBe(before);
    const from = Number(await page.getAttribute('[data-testid=detail-window]', 'data-from'));
    const to = Number(await page.getAttribute('[data-testid=detail-window]', 'data-to'));
    expect(onset).toBeGreaterThan(from);
    expect(onset).toBeLessThan(to);
    expect(Math.abs((from + to) / 2 - onset)).toBeLessThan(0.6);
    // The chart's own x-scale follows, and its data come from readSessionWindow for that range.
    await expect.poll(async () => Number(await page.getAttribute('[data-testid=detail-PF]', 'data-from'))).toBeCloseTo(from, 1);
    // Metrics table (per phase, both channels) and the Glazer summary with the published norms and citation.
    await page.waitForSelector('[data-testid=phase-metrics]', { timeout: 20_000 });
    expect(await page.locator('[data-testid=metrics-row][data-channel=PF]').count()).toBe(7); // six phases + whole session
    // The band really applied at the recording's rate (the Demo sensor's 2 kHz leaves the settings' 20–500 Hz whole).
    expect(await page.textContent('[data-testid=analysis-band]')).toBe('EMG band used: 20–500 Hz, notch 50 Hz.');
    await page.waitForSelector('[data-testid=glazer]');
    const glazer = await page.textContent('[data-testid=glazer]');
    expect(glazer).toContain('6.26 ± 3.33');
    expect(glazer).toContain('49.76 ± 26.44');
    expect(await page.textContent('[data-testid=norms-citation]')).toContain('doi:10.1097/MD.0000000000019060');
    expect(await page.textContent('[data-testid=norms-citation]')).toContain('Oleksy');
    expect(await page.locator('[data-testid=reliability-flag]').count()).toBeGreaterThan(0);
    // Replay at 4×: the cursor runs.
    await page.click('[data-testid=speed-4]');
    await page.click('[data-testid=replay-play]');
    await page.waitForTimeout(800);
    await page.click('[data-testid=replay-pause]');
    const cursor = Number(await page.getAttribute('[data-testid=replay-cursor]', 'data-value'));
    expect(cursor).toBeGreaterThan(from + 1.5); // ≥ 0.8 s × 4 minus start-up
    await page.screenshot({ path: outputPath('review-session.png'), fullPage: true });
    expect(await axeSerious(page)).toEqual([]);
    // Printable report: the core's HTML (SVG plots, metrics, norms) in the page.
    await page.click('[data-testid=report-open]');
    await page.waitForSelector('[data-testid=report-page] svg');
    expect(await page.locator('[data-testid=report-page] svg').count()).toBe(2);
    expect(await page.textContent('[data-testid=report-page]')).toContain('Demo <b>review</b>');
    await page.screenshot({ path: outputPath('review-report.png'), fullPage: false });
    // Print layout: only the report (no app chrome, no charts behind it).
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('[data-testid=report-page] svg')).toBe(true);
    expect(await page.isVisible('[data-testid=overview]')).toBe(false);
    expect(await page.isVisible('[data-testid=report-print]')).toBe(false);
    expect(await page.isVisible('[data-testid=nav-live]')).toBe(false);
    await page.pdf({ path: outputPath('review-report.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    await page.click('[data-testid=report-close]');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it('notes, rename and delete (with confirmation) from the library; the trends view charts both sessions', async () => {
    const page = await openApp();
    await page.click('[data-testid=nav-sessions]');
    const row = page.locator(`[data-testid=session-row][data-session-id="${importedId}"]`);
    await row.waitFor();
    await row.locator('[data-testid=note]').click();
    await page.fill('[data-testid=note-input]', 'Felt calm <i>today</i>');
    await page.click('[data-testid=note-save]');
    await expect.poll(async () => await row.textContent()).toContain('1 notes');
    await row.locator('[data-testid=rename]').click();
    await page.fill('[data-testid=rename-input]', 'Home, week 2');
    await page.click('[data-testid=rename-save]');
    await expect.poll(async () => await row.textContent()).toContain('Home, week 2');

    await page.click('[data-testid=nav-trends]');
    await page.waitForSelector('[data-testid=trend-chart][data-points="2"]', { timeout: 20_000 });
    const rows = page.locator('[data-testid=trend-row]');
    expect(await rows.count()).toBe(2);
    // The imported synthetic session rests at 10/14 µV sines: resting tone between their RMS values.
    const rests = (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-rest')))));
    expect(rests.some((r) => r > 7 && r < 10)).toBe(true);
    await page.screenshot({ path: outputPath('review-trends.png'), fullPage: true });
    expect(await axeSerious(page)).toEqual([]);

    await page.click('[data-testid=nav-sessions]');
    await row.locator('[data-testid=delete]').click();
    await page.waitForSelector('[data-testid=delete-confirm]');
    await page.click('[data-testid=delete-cancel]');
    expect(await page.locator('[data-testid=session-row]').count()).toBe(2);
    await row.locator('[data-testid=delete]').click();
    await page.click('[data-testid=delete-yes]');
    await expect.poll(() => page.locator('[data-testid=session-row]').count()).toBe(1);
    expect(ok(await ctx.app.core.handle('listSessions', { profileId: PROFILE }))).toHaveLength(1);
    // The web host never imports by path.
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);
});
