// The browser host has no file paths: a dropped file is never opened by the browser and a one-line message says that
// dropping works in the desktop app (en + nl); the report keeps its printable page (no Save as PDF button).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppAndBrowser } from '../helpers/browser.ts';
import { tempDir } from '../helpers/pty.ts';
import { writeSyntheticSession } from '../review/synthetic.ts';
import { join } from 'node:path';

const ctx = useAppAndBrowser({ allowPathImport: true });
const pageErrors: string[] = [];

beforeAll(async () => {
  const edf = await writeSyntheticSession(join(tempDir('loslaten-drop-src-'), 'home.edf'));
  const r = await ctx.app.core.handle('importSessionFromPath', { profileId: 'anna', path: edf });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
}, 60_000);

/** Dispatches a drag event carrying files; false when the page took it (preventDefault: the browser opens nothing). */
function drag(page: Page, type: string, names: string[]): Promise<boolean> {
  return page.evaluate(([t, n]) => {
    const dt = new DataTransfer();
    for (const name of n as string[]) dt.items.add(new File(['x'], name));
    return window.dispatchEvent(new DragEvent(t as string, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [type, names] as const);
}

describe('dropping files in the browser host', () => {
  it('shows the overlay, takes the drop and explains in one line where dropping works; nothing is imported', async () => {
    const page = await ctx.browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(ctx.app.host.url);
    await page.waitForSelector('[data-testid=nav-sessions]');
    const url = page.url();
    expect(await drag(page, 'dragenter', ['home.edf'])).toBe(false);
    await page.waitForSelector('[data-testid=drop-overlay]');
    expect(await drag(page, 'dragover', ['home.edf'])).toBe(false);
    expect(await drag(page, 'drop', ['home.edf'])).toBe(false);
    await page.waitForSelector('[data-testid=drop-result]');
    expect(await page.locator('[data-testid=drop-overlay]').count()).toBe(0);
    expect(await page.textContent('[data-testid=drop-result] p')).toBe('Dropping files works in the Loslaten desktop app. Here, import with: loslaten import <file.edf> --profile <id>');
    expect(await page.getAttribute('[data-testid=drop-result]', 'role')).toBe('status');
    expect(page.url()).toBe(url);
    await page.click('[data-testid=drop-result-close]');
    await page.selectOption('[data-testid=lang-select]', 'nl');
    await drag(page, 'drop', ['home.edf']);
    await page.waitForSelector('[data-testid=drop-result]');
    expect(await page.textContent('[data-testid=drop-result] p')).toContain('werkt in de Loslaten-desktopapp');
    await page.selectOption('[data-testid=lang-select]', 'en');
    // A drag of text inside the page is not a file drop: no overlay.
    const textDrag = await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', 'hello');
      return window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    expect(textDrag).toBe(true);
    expect(await page.locator('[data-testid=drop-overlay]').count()).toBe(0);
    const list = await ctx.app.core.handle('listSessions', { profileId: 'anna' });
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('the library offers Import by upload and the report keeps Print (no Save as PDF) in the browser', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(ctx.app.host.url);
    await page.click('[data-testid=nav-sessions]');
    await page.waitForSelector('[data-testid=import-upload]', { state: 'attached' });
    expect(await page.locator('[data-testid=import-files]').count()).toBe(0);
    await page.click('[data-testid=session-open]');
    await page.click('[data-testid=report-open]');
    await page.waitForSelector('[data-testid=report-print]');
    expect(await page.locator('[data-testid=report-save-pdf]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
