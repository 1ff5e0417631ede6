// End to end: record the Demo sensor from the UI, place a therapist marker with the keyboard, find it in the file.
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { openStreaming, outputPath, useAppAndBrowser } from '../helpers/browser.ts';

const ctx = useAppAndBrowser();

describe('recording from the UI', () => {
  it('starts, marks with M on the sample clock, stops, and the session holds the marker', async () => {
    const page = await openStreaming(ctx.browser, ctx.app.host.url);
    expect(await page.getAttribute('[data-testid=profile-id]', 'data-profile-id')).toBe('home');
    await page.click('[data-testid=rec-start]');
    await page.waitForSelector('[data-testid=rec-state][data-state=recording]');
    // Squeezing exercises are labelled as not advised (no therapist has enabled them for this profile).
    await page.selectOption('[data-testid=protocol-select]', 'glazer-assessment');
    expect(await page.locator('[data-testid=protocol-unsuitable]').textContent()).toContain('not advised');
    // An exercise runs during the recording: its phases go into the file on the sample clock.
    const downtraining = await page.$eval('[data-testid=protocol-select]', (s) => [...(s as HTMLSelectElement).options].find((o) => o.value.startsWith('downtraining'))!.value);
    await page.selectOption('[data-testid=protocol-select]', downtraining);
    expect(await page.locator('[data-testid=protocol-unsuitable]').count()).toBe(0);
    await page.click('[data-testid=protocol-start]');
    await page.waitForSelector('[data-testid=phase][data-phase-id=settle]');
    await page.waitForTimeout(1500);
    await page.locator('body').press('m');
    await page.waitForSelector('[data-testid=marker-placed][data-marker="1"]');
    await page.fill('[data-testid=marker-text]', 'kuchte <even>');
    await page.press('[data-testid=marker-text]', 'Enter');
    await page.waitForTimeout(800);
    await page.screenshot({ path: outputPath('recording.png'), fullPage: true });
    await page.click('[data-testid=protocol-skip]');
    await page.waitForSelector('[data-testid=phase][data-phase-id=downtrain]');
    await page.waitForTimeout(500);
    await page.click('[data-testid=rec-stop]');
    await page.waitForSelector('[data-testid=rec-state][data-state=stopped]');
    const list = await ctx.app.core.handle('listSessions', { profileId: 'home' });
    if (!list.ok) throw new Error(JSON.stringify(list.error));
    const sessions = list.value as { id: string }[];
    expect(sessions).toHaveLength(1);
    const ov = await ctx.app.core.handle('openSession', { profileId: 'home', sessionId: sessions[0]!.id, columns: 100 });
    if (!ov.ok) throw new Error(JSON.stringify(ov.error));
    const anns = (ov.value as { annotations: { onsetS: number; text: string }[] }).annotations;
    const mark = anns.find((a) => a.text.startsWith('marker:'));
    expect(mark?.text).toBe('marker: #1');
    expect(anns.find((a) => a.text === 'marker: #1 kuchte <even>')?.onsetS).toBeCloseTo(mark!.onsetS, 2);
    expect(mark!.onsetS).toBeGreaterThan(1);
    expect(mark!.onsetS).toBeLessThan(3);
    const phases = anns.filter((a) => a.text.startsWith('phase ')).map((a) => a.text);
    expect(phases).toEqual(['phase start settle', 'phase end settle', 'phase start downtrain']);
    const settleStart = anns.find((a) => a.text === 'phase start settle')!.onsetS;
    const settleEnd = anns.find((a) => a.text === 'phase end settle')!.onsetS;
    expect(settleStart).toBeLessThan(mark!.onsetS);
    expect(settleEnd).toBeGreaterThan(mark!.onsetS);
    await page.close();
  });
});
