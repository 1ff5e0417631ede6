// End to end: simulator on a pty → device link → web host → the real renderer in headless Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChildProcess } from 'node:child_process';
import { outputPath, useAppAndBrowser } from '../helpers/browser.ts';
import { PtyPair, simReady, spawnSim, stopProcess } from '../helpers/pty.ts';

const ctx = useAppAndBrowser();
let pair: PtyPair;
let sim: ChildProcess;
const pageErrors: string[] = [];

beforeAll(async () => {
  pair = await new PtyPair().start();
  sim = spawnSim(pair.a, ['--kind', 'pressure', '--script', 'steady']);
  await simReady(sim);
});

afterAll(async () => {
  await stopProcess(sim);
  await pair?.stop();
});

async function openApp(): Promise<Page> {
  // The raw panels are what this test reads: shown (they are off by default at home), pressure in the device's mmHg.
  await ctx.app.core.handle('saveSettings', { settings: { pressureUnit: 'mmHg' } });
  const page = await ctx.browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(ctx.app.host.url);
  await page.check('[data-testid=show-raw]');
  return page;
}

describe('live view in a real browser', () => {
  it('shows the simulated port, connects and draws its values: 25.00 mmHg steady pressure', async () => {
    const page = await openApp();
    await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
    await page.selectOption('[data-testid=device-select]', '__other'); // a pty is not enumerated by the OS: typed by hand
    await page.fill('[data-testid=port-path]', pair.b);
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
    await page.waitForFunction(() => (globalThis as any).__loslaten?.stats.samples > 300);
    const readout = page.locator('[data-testid=readout-P]');
    await expect.poll(() => readout.getAttribute('data-value'), { timeout: 5000 }).not.toBeNull();
    await expect.poll(async () => Number(await readout.getAttribute('data-value')), { timeout: 5000 }).toBeCloseTo(25, 2);
    expect(await readout.textContent()).toBe('25.00 mmHg');
    expect(await readout.getAttribute('data-unit')).toBe('mmHg');
    // Every value in the page's ring equals the simulator's 25.00 mmHg: nothing altered on the way.
    const ring = await page.evaluate(() => {
      const l = (globalThis as any).__loslaten;
      const r = l.rings[0];
      let min = Infinity; let max = -Infinity; let n = 0;
      for (let i = Math.max(0, r.end - r.capacity); i < r.end; i++) { const v = r.at(i); if (v === v) { n++; min = Math.min(min, v); max = Math.max(max, v); } }
      return { n, min, max, frames: l.stats.frames, bad: l.stats.badFrames, samples: l.stats.samples };
    });
    expect(ring.n).toBeGreaterThan(300);
    expect(ring.min).toBeCloseTo(25, 4);
    expect(ring.max).toBeCloseTo(25, 4);
    expect(ring.bad).toBe(0);
    // Batches, not samples: at 100 Hz the frames carry several samples each, ~60 frames per second at most.
    expect(ring.samples / ring.frames).toBeGreaterThan(1);
    // uPlot really drew: the canvas has non-background pixels along the trace.
    const drawn = await page.evaluate(() => {
      const c = document.querySelector('[data-testid=trace-P] canvas') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) ink++;
      return { w: c.width, ink };
    });
    expect(drawn.ink).toBeGreaterThan(drawn.w);
    expect(await page.textContent('[data-testid=count-lost]')).toBe('0');
    expect(await page.textContent('[data-testid=count-rejected]')).toBe('0');
    await page.screenshot({ path: outputPath('live-pressure.png'), fullPage: true });
    await page.click('[data-testid=disconnect]');
    await page.waitForSelector('[data-testid=link-state][data-state=idle]');
    await page.close();
  });

  it('runs the built-in Demo sensor with no hardware: live EMG in µV', async () => {
    const page = await openApp();
    await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
    await page.selectOption('[data-testid=device-select]', 'demo:emg');
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
    await page.waitForFunction(() => (globalThis as any).__loslaten?.stats.samples > 4000);
    const text = await page.locator('[data-testid=readout-PF]').textContent();
    expect(text).toMatch(/^\d+\.\d µV$/);
    const v = Number(await page.locator('[data-testid=readout-PF]').getAttribute('data-value'));
    expect(v).toBeGreaterThan(1);
    expect(v).toBeLessThan(150);
    await page.screenshot({ path: outputPath('live-demo-emg.png'), fullPage: true });
    await page.click('[data-testid=disconnect]');
    await page.close();
  });

  it('explains a failed connection in the chosen language', async () => {
    const page = await openApp();
    await page.selectOption('[data-testid=lang-select]', 'nl');
    const silent = await new PtyPair().start();
    try {
      await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
      await page.selectOption('[data-testid=device-select]', '__other');
      await page.fill('[data-testid=port-path]', silent.b);
      await page.click('[data-testid=connect]');
      const err = page.locator('[data-testid=error]');
      await err.waitFor({ timeout: 6000 });
      expect(await err.textContent()).toContain('antwoordde niet binnen 2 s');
      expect(await page.textContent('[data-testid=connect]')).toBe('Verbinden');
    } finally {
      await silent.stop();
      await page.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
