// Accessibility in headless Chromium: axe-core on the main screens (no serious or critical violations), keyboard focus, 200 % text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { outputPath, useAppAndBrowser } from '../helpers/browser.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

const ctx = useAppAndBrowser();

/**
 * Runs axe in the page. The page's CSP forbids inline scripts, so axe is evaluated through the DevTools protocol
 * (Runtime.evaluate), which the CSP does not govern.
 */
async function axe(page: Page, label: string): Promise<AxeViolation[]> {
  const cdp = await page.context().newCDPSession(page);
  const injected = await cdp.send('Runtime.evaluate', { expression: `${AXE_SOURCE};typeof axe`, returnByValue: true });
  expect(injected.result.value, 'axe-core loaded').toBe('object');
  const r = await cdp.send('Runtime.evaluate', {
    expression: `axe.run(document, { resultTypes: ['violations'] }).then((r) => JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, data: (n.any[0] && n.any[0].data) || null })) }))))`,
    awaitPromise: true, returnByValue: true,
  });
  await cdp.detach();
  const all = JSON.parse(r.result.value as string) as AxeViolation[];
  const bad = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) console.log(`axe (${label}):`, JSON.stringify(bad, null, 1));
  return bad;
}

async function open(): Promise<Page> {
  const page = await ctx.browser.newPage();
  await page.goto(ctx.app.host.url);
  await page.waitForSelector('[data-testid=experience]');
  return page;
}

describe('accessibility (axe-core, keyboard, zoom)', () => {
  it('has no serious or critical violations on the safety screen, first-run guide, live view with the home progress trend, settings, themes and therapist view with the day queue', async () => {
    const page = await open();
    const found: Record<string, AxeViolation[]> = {};
    const check = async (label: string) => { const v = await axe(page, label); if (v.length) found[label] = v; };
    await page.selectOption('[data-testid=lang-select]', 'en');
    await page.waitForSelector('[data-testid=safety-screen]');
    await check('safety');
    await page.click('[data-testid=safety-accept]');
    await page.waitForSelector('[data-testid=first-run]');
    await check('first run');
    await page.click('[data-testid=first-run-skip]');
    // Live view streaming, with every panel open.
    await page.selectOption('[data-testid=device-select]', 'demo:emg');
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
    await page.waitForSelector('[data-testid=zone]');
    // A short recording: the home card shows progress and the resting-tone trend (chart + sentence).
    await page.click('[data-testid=rec-start]');
    await page.waitForSelector('[data-testid=rec-state][data-state=recording]');
    await page.waitForTimeout(1000);
    await page.click('[data-testid=rec-stop]');
    await page.waitForSelector('[data-testid=rest-trend]');
    for (const d of await page.locator('details').all()) await d.evaluate((el) => { (el as HTMLDetailsElement).open = true; });
    await check('live + settings');
    for (const theme of ['dark', 'high-contrast', 'light']) {
      await page.selectOption('[data-testid=pref-theme]', theme);
      await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
      await check(`theme ${theme}`);
    }
    await page.selectOption('[data-testid=lang-select]', 'nl');
    await check('live nl');
    await page.selectOption('[data-testid=lang-select]', 'en');
    await page.click('[data-testid=mode-therapist]');
    await page.fill('[data-testid=patient-name]', 'Test Patient');
    await page.click('[data-testid=patient-create]');
    await page.waitForSelector('[data-testid=patient-detail]');
    // Today's queue with one entry in it.
    await page.click('[data-testid=queue-add-test-patient]');
    await page.waitForSelector('[data-testid=queue-entry]');
    await check('therapist + queue');
    await page.click('[data-testid=disconnect]');
    await page.close();
    expect(found).toEqual({});
  });

  it('reaches the main controls by keyboard with a visible focus ring', async () => {
    const page = await open();
    const reached = new Set<string>();
    let unfocusedRing = 0;
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const cs = getComputedStyle(el);
        const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none'
          || (el.parentElement !== null && getComputedStyle(el.parentElement).outlineStyle !== 'none');
        return { id: el.dataset.testid ?? el.tagName, ring };
      });
      if (!info) continue;
      reached.add(info.id);
      if (!info.ring) unfocusedRing++;
    }
    for (const id of ['lang-select', 'help-button', 'device-select', 'connect', 'protocol-select']) expect(reached, id).toContain(id);
    expect(reached.has('mode-home') || reached.has('mode-therapist')).toBe(true);
    expect(unfocusedRing).toBe(0);
    await page.close();
  });

  it('scales text to 200 % without horizontal scrolling or clipped controls', async () => {
    const page = await open();
    await page.click('[data-testid=settings-more] summary');
    await page.fill('[data-testid=pref-text-scale]', '200');
    await page.waitForFunction(() => document.documentElement.style.fontSize === '200%');
    const m = await page.evaluate(() => ({
      scrollW: document.documentElement.scrollWidth, clientW: document.documentElement.clientWidth,
      fs: parseFloat(getComputedStyle(document.querySelector('h1')!).fontSize),
    }));
    expect(m.fs).toBeGreaterThanOrEqual(2 * 28);
    expect(m.scrollW).toBeLessThanOrEqual(m.clientW + 1);
    await page.screenshot({ path: outputPath('experience-text-200.png') });
    await page.fill('[data-testid=pref-text-scale]', '100');
    await page.close();
  });
});
