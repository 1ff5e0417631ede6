// End to end: the Demo sensor runs the downtraining protocol in headless Chromium — bands, pacer shading, phase panel, µV, audio graph.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { outputPath, useAppAndBrowser } from '../helpers/browser.ts';

const ctx = useAppAndBrowser({ disconnectAfterEach: true });
const pageErrors: string[] = [];

async function openDemo(lang: 'en' | 'nl' = 'en'): Promise<Page> {
  const page = await ctx.browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(ctx.app.host.url);
  await page.selectOption('[data-testid=lang-select]', lang);
  await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
  await page.selectOption('[data-testid=device-select]', 'demo:emg');
  await page.click('[data-testid=connect]');
  await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
  await page.waitForFunction(() => (globalThis as any).__loslaten?.processed?.[0]?.end > 2000);
  return page;
}

/**
 * Counts canvas pixels of a chart per colour class. Bands are translucent on a transparent canvas, so classes go by
 * the stored colour with a minimum alpha: relax fill (sky), contraction fill (orange), pacer strip (yellow / green).
 */
async function chartPixels(page: Page, label = 'PF') {
  return page.evaluate((l) => {
    const c = document.querySelector(`[data-testid=fb-plot-${l}] canvas`) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const near = (x: number, y: number) => Math.abs(x - y) <= 14;
    let relaxFill = 0, contractFill = 0, pacerYellow = 0, pacerGreen = 0, ink = 0;
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i]!, g = d[i + 1]!, b = d[i + 2]!, a = d[i + 3]!;
      if (a === 0) continue;
      ink++;
      if (a > 20 && a < 150 && near(r, 86) && near(g, 180) && near(b, 233)) relaxFill++;
      if (a > 20 && a < 150 && near(r, 230) && near(g, 159) && b < 30) contractFill++;
      if (a > 200 && r > 225 && g > 210 && b < 100) pacerYellow++;
      if (a > 200 && r < 25 && near(g, 158) && near(b, 115)) pacerGreen++;
    }
    return { w: c.width, h: c.height, ink, relaxFill, contractFill, pacerYellow, pacerGreen };
  }, label);
}

describe('biofeedback with the Demo sensor', () => {
  it('runs the downtraining protocol: phase panel, µV readout, target bands, pacer shading and zone', async () => {
    const page = await openDemo('en');
    // The processed stream: an RMS envelope in µV on the same sample clock as the raw ring.
    const readout = page.locator('[data-testid=fb-readout-PF]');
    await expect.poll(() => readout.textContent(), { timeout: 5000 }).toMatch(/^\d+\.\d µV$/);
    expect(await readout.getAttribute('data-unit')).toBe('uV');
    const clocks = await page.evaluate(() => { const l = (globalThis as any).__loslaten; return { raw: l.rings[0].end, proc: l.processed[0].end, rate: l.processed[0].rateHz }; });
    expect(clocks.rate).toBe(2000);
    expect(Math.abs(clocks.raw - clocks.proc)).toBeLessThan(2000);

    // Choose downtraining and start: the first step is settling in, with an instruction, a countdown and what comes next.
    const value = await page.$eval('[data-testid=protocol-select]', (s) => [...(s as HTMLSelectElement).options].find((o) => o.value.startsWith('downtraining'))!.value);
    await page.selectOption('[data-testid=protocol-select]', value);
    await page.click('[data-testid=protocol-start]');
    await page.waitForSelector('[data-testid=phase][data-phase-id=settle]');
    expect(await page.textContent('[data-testid=phase-name]')).toBe('Settle in');
    expect((await page.textContent('[data-testid=phase-instruction]'))!.length).toBeGreaterThan(20);
    expect(await page.textContent('[data-testid=phase-next]')).toContain('Next: Letting go with the breath');
    const c0 = Number(await page.getAttribute('[data-testid=phase-countdown]', 'data-value'));
    await page.waitForTimeout(1200);
    const c1 = Number(await page.getAttribute('[data-testid=phase-countdown]', 'data-value'));
    expect(c0 - c1).toBeGreaterThan(0.5);
    expect(c0 - c1).toBeLessThan(2.5);

    // Skip to the paced phase: the pacer runs on the sample clock and its phases are shaded on the trace.
    await page.click('[data-testid=protocol-skip]');
    await page.waitForSelector('[data-testid=phase][data-phase-id=downtrain]');
    await page.waitForSelector('[data-testid=pacer]:not([data-phase=off])');
    expect(await page.textContent('[data-testid=pacer-phase]')).toMatch(/Breathe (in|out)/);
    // Both inhale and exhale shaded on screen: at 6/min that takes at most one full breath (10 s); polled instead of a
    // fixed 10.5 s wait, so the test goes on once the second phase has drawn enough (assertions below unchanged).
    await expect.poll(async () => { const p = await chartPixels(page); return Math.min(p.pacerYellow, p.pacerGreen); }, { timeout: 15_000, interval: 250 }).toBeGreaterThan(500);
    const px = await chartPixels(page);
    expect(px.ink).toBeGreaterThan(px.w);
    expect(px.relaxFill).toBeGreaterThan(2000);
    expect(px.contractFill).toBe(0); // only the active target's band is drawn
    expect(px.pacerYellow).toBeGreaterThan(500);
    expect(px.pacerGreen).toBeGreaterThan(500);
    const fb = await page.evaluate(() => {
      const e = (globalThis as any).__loslatenFeedback.engine;
      const f = e.frameState;
      return { runs: f.pacerRuns.length, target: f.activeTarget, zone: f.zone, events: e.runnerView()?.phase?.id };
    });
    expect(fb.runs).toBe(1);
    expect(fb.target).toBe('relax');
    expect(['in', 'above']).toContain(fb.zone);
    // The zone indicator: icon + words, not colour alone.
    const zone = page.locator('[data-testid=zone]');
    expect(['in', 'above']).toContain(await zone.getAttribute('data-zone'));
    expect(await zone.textContent()).toMatch(/^[✓▲](Relaxed — below your line|Above your line — let go gently)$/);
    await expect.poll(async () => Number(await page.getAttribute('[data-testid=time-in-target]', 'data-value')), { timeout: 3000 }).toBeGreaterThanOrEqual(0);
    expect(await page.textContent('[data-testid=time-in-target]')).toMatch(/^\d+ %$/);
    // Live metrics of this step, in µV.
    expect(await page.textContent('[data-testid=metric-mean]')).toMatch(/^\d+\.\d µV$/);
    expect(await page.textContent('[data-testid=metric-cv]')).toMatch(/^\d+ %$/);
    expect(await page.textContent('[data-testid=metric-breath]')).toMatch(/^[+-]?\d+ %$/);
    // The abdominal channel is drawn beneath, with its accessory-muscle status.
    expect(await page.getAttribute('[data-testid=accessory-flag]', 'data-flag')).toMatch(/^(on|off)$/);
    expect((await chartPixels(page, 'ABD')).ink).toBeGreaterThan(px.w / 2);
    // Phase events on the sample clock: settle started, ended by the skip exactly where downtrain started.
    const events = await page.evaluate(() => (globalThis as any).__loslatenFeedback.events.history().map((e: any) => ({ ...e })));
    const proto = events.filter((e: any) => e.source === 'protocol');
    expect(proto.map((e: any) => `${e.type}:${e.phaseId ?? ''}`)).toEqual(['phase-start:settle', 'phase-end:settle', 'phase-start:downtrain']);
    expect(proto[1].reason).toBe('skipped');
    expect(proto[2].sampleIndex).toBe(proto[1].sampleIndex);
    expect(proto[2].tSeconds).toBeCloseTo(proto[2].sampleIndex / 2000, 9);
    expect(events.some((e: any) => e.source === 'pacer' && e.type === 'pacer-start' && e.sampleIndex === proto[2].sampleIndex)).toBe(true);
    await page.screenshot({ path: outputPath('biofeedback-downtraining.png'), fullPage: true });

    // Stop: the pacer stops with the protocol.
    await page.click('[data-testid=protocol-stop]');
    await page.waitForSelector('[data-testid=protocol-panel][data-status=stopped]');
    await page.waitForSelector('[data-testid=pacer][data-phase=off]');
    // Without a protocol the user picks the target: the contraction band replaces the relaxation zone.
    await page.check('[data-testid=target-contract]');
    await page.waitForFunction(() => (globalThis as any).__loslatenFeedback.engine.frameState.activeTarget === 'contract');
    await page.waitForTimeout(300);
    const px2 = await chartPixels(page);
    expect(px2.contractFill).toBeGreaterThan(2000);
    expect(px2.relaxFill).toBe(0);
    expect(await page.textContent('[data-testid=zone]')).toMatch(/band/);
    await page.screenshot({ path: outputPath('biofeedback-contract.png'), fullPage: false });
    await page.check('[data-testid=target-relax]');
    await page.click('[data-testid=disconnect]');
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('enabling sound builds the Web Audio graph, and the tone follows the signal', async () => {
    const page = await openDemo('en');
    await page.click('[data-testid=settings-more] summary');
    expect(await page.evaluate(() => (globalThis as any).__loslatenFeedback.audio.nodeCount)).toBe(0);
    await page.check('[data-testid=audio-enable]');
    await page.waitForFunction(() => (globalThis as any).__loslatenFeedback.audio.nodeCount >= 4);
    await page.waitForFunction(() => (globalThis as any).__loslatenFeedback.audio.frequencyHz > 0);
    const a = await page.evaluate(() => ({ ...(globalThis as any).__loslatenFeedback.audio }));
    expect(a.state).toBe('running');
    expect(a.frequencyHz).toBeGreaterThanOrEqual(196);
    expect(a.frequencyHz).toBeLessThanOrEqual(784);
    expect(a.gain).toBeGreaterThan(0);
    // Soft pacer cues: the breathing guide's first phase sounds one at once.
    await page.check('[data-testid=pacer-toggle]');
    await page.waitForFunction(() => (globalThis as any).__loslatenFeedback.audio.cues >= 1);
    // "Quiet when relaxed": silent exactly when the signal is at or below the relaxation line, in the same frame.
    await page.check('[data-testid=audio-mode-quiet]');
    await page.waitForTimeout(300);
    for (let i = 0; i < 5; i++) {
      const q = await page.evaluate(() => { const f = (globalThis as any).__loslatenFeedback; return { zone: f.engine.frameState.zone, value: f.engine.frameState.value, relax: f.engine.frameState.targets.relaxUpper, gain: f.audio.gain }; });
      if (q.value <= q.relax) expect(q.gain).toBe(0); else expect(q.gain).toBeGreaterThan(0);
      await page.waitForTimeout(200);
    }
    await page.uncheck('[data-testid=pacer-toggle]');
    await page.uncheck('[data-testid=audio-enable]');
    await page.waitForFunction(() => (globalThis as any).__loslatenFeedback.audio.nodeCount === 0);
    await page.click('[data-testid=disconnect]');
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
