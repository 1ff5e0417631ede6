// End to end (issue 15, "what misleads"): a page whose core stopped says so within 2 s and reconnects by itself.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AppCore } from '../../core/app-core.ts';
import { startWebHost } from '../../core/web-host.ts';
import { closeApp, startApp, useBrowser } from '../helpers/browser.ts';
import { ROOT } from '../helpers/pty.ts';

const ctx = useBrowser();

async function open(url: string): Promise<Page> {
  const page = await ctx.browser.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid=experience]');
  return page;
}

describe('the page and its core', () => {
  it('says the connection to the app is lost within 2 s of the core stopping, and reconnects when it is back', async () => {
    const first = await startApp();
    const dataDir = first.core.dataDir;
    const port = first.host.port;
    const token = new URL(first.host.url).searchParams.get('token')!;
    await first.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' } });
    const page = await open(first.host.url);
    await page.selectOption('[data-testid=device-select]', 'demo:emg');
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
    const t0 = Date.now();
    await closeApp(first);
    await page.waitForSelector('[data-testid=link-state][data-state=host-lost]', { timeout: 2000 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await page.textContent('[data-testid=link-state]')).toContain('connection to the app is lost');
    expect(await page.textContent('body')).not.toContain('Receiving data');
    // The app comes back on the same address: the page finds it by itself and shows the new core's state.
    const core = new AppCore({ dataDir });
    const host = await startWebHost(core, { staticDir: join(ROOT, 'dist', 'renderer'), port, token });
    try {
      await page.waitForSelector('[data-testid=link-state][data-state=idle]', { timeout: 5000 });
      await page.selectOption('[data-testid=device-select]', 'demo:emg');
      await page.click('[data-testid=connect]');
      await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
    } finally {
      await page.close();
      await closeApp({ core, host });
    }
  }, 60_000);
});
