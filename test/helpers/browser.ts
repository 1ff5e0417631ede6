// Test helpers: headless Debian Chromium via playwright-core, and the app's web host on a fresh core.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { AppCore, type AppCoreOptions } from '../../core/app-core.ts';
import { startWebHost, type WebHost } from '../../core/web-host.ts';
import { ROOT, tempDir } from './pty.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots and other artefacts the tests leave for people to look at. */
export const OUTPUT_DIR = join(ROOT, 'test-output');

export async function launchBrowser(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error('Chromium is not installed: run `apt-get install -y chromium` (.ci/run does this)');
  return chromium.launchPersistentContext(tempDir('loslaten-chromium-'), {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export async function startApp(opts: AppCoreOptions = {}): Promise<{ core: AppCore; host: WebHost }> {
  const staticDir = join(ROOT, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) throw new Error('dist/renderer is missing: `npm test` builds it first (vite build)');
  // Never the user's real data folder: each app under test gets a fresh one.
  const core = new AppCore({ dataDir: tempDir('loslaten-data-'), ...opts });
  const host = await startWebHost(core, { staticDir });
  return { core, host };
}

/** An app under test: its core and its web host. */
export type TestApp = { core: AppCore; host: WebHost };

/** Disposes the core (closing any recording) and closes its web host. */
export async function closeApp(app: TestApp | undefined): Promise<void> {
  await app?.core.dispose();
  await app?.host.close();
}

/**
 * One browser for a whole test file: launched before its tests, closed after them. The returned object's `browser`
 * is valid inside tests and hooks.
 */
export function useBrowser(): { readonly browser: BrowserContext; open(url: string, pageErrors?: string[]): Promise<Page> } {
  let browser: BrowserContext | undefined;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });
  const get = (): BrowserContext => { if (!browser) throw new Error('the browser is not launched yet'); return browser; };
  return {
    get browser() { return get(); },
    /** A new page on `url`, once the app's main screen is there; its uncaught errors go into `pageErrors` when given. */
    async open(url: string, pageErrors?: string[]): Promise<Page> {
      const page = await get().newPage();
      if (pageErrors) page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(url);
      await page.waitForSelector('[data-testid=experience]');
      return page;
    },
  };
}

/**
 * One app (fresh data folder) and one browser for a whole test file. With `disconnectAfterEach`, a failed test cannot
 * leave the shared core connected for the next one.
 */
export function useAppAndBrowser(opts: AppCoreOptions & { disconnectAfterEach?: boolean } = {}): { readonly app: TestApp; readonly browser: BrowserContext } {
  const { disconnectAfterEach, ...coreOpts } = opts;
  let app: TestApp | undefined;
  const b = useBrowser();
  beforeAll(async () => { app = await startApp(coreOpts); });
  if (disconnectAfterEach) afterEach(async () => { await app?.core.handle('disconnect', {}); });
  afterAll(async () => { await closeApp(app); });
  return {
    get app() { if (!app) throw new Error('the app is not started yet'); return app; },
    get browser() { return b.browser; },
  };
}

export function outputPath(name: string): string {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return join(OUTPUT_DIR, name);
}

/** Opens the app in a new page and connects a demo sensor; resolves once it streams. */
export async function openStreaming(browser: BrowserContext, url: string, deviceId: 'demo:emg' | 'demo:pressure' = 'demo:emg'): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector(`[data-testid=device-select] option[value="${deviceId}"]`, { state: 'attached' });
  await page.selectOption('[data-testid=device-select]', deviceId);
  await page.click('[data-testid=connect]');
  await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
  return page;
}
