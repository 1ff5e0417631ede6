// End to end: importing an exercise, guided rest calibration with proposed targets, the pressure Demo sensor, Dutch texts.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { outputPath, useAppAndBrowser } from '../helpers/browser.ts';

const ctx = useAppAndBrowser({ disconnectAfterEach: true });
const pageErrors: string[] = [];

async function open(device: 'demo:emg' | 'demo:pressure', lang: 'en' | 'nl', reducedMotion: 'reduce' | 'no-preference' = 'no-preference'): Promise<Page> {
  const page = await ctx.browser.newPage();
  await page.emulateMedia({ reducedMotion });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(ctx.app.host.url);
  await page.selectOption('[data-testid=lang-select]', lang);
  await page.waitForSelector(`[data-testid=device-select] option[value="${device}"]`, { state: 'attached' });
  await page.selectOption('[data-testid=device-select]', device);
  await page.click('[data-testid=connect]');
  await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
  await page.waitForFunction(() => (globalThis as any).__loslaten?.processed?.[0]?.end > 200);
  return page;
}

const evening = {
  id: 'evening-calm', name: { nl: 'Avondrust', en: 'Evening calm' },
  phases: [
    { id: 'rest', name: { nl: 'Rust', en: 'Rest' }, durationS: 20, instruction: { nl: 'Adem rustig en laat los.', en: 'Breathe calmly and let go.' }, target: 'relax', pacer: true, kind: 'downtrain' },
    { id: 'squeeze', name: { nl: 'Aanspannen', en: 'Squeeze' }, durationS: 5, instruction: { nl: 'Span zacht aan.', en: 'Squeeze gently.' }, target: 'contract', pacer: false, kind: 'hold' },
  ],
};

describe('biofeedback setup in a real browser', () => {
  it('imports a user exercise (and explains a broken one), keeps it, and runs it in Dutch', async () => {
    const page = await open('demo:emg', 'nl');
    await page.setInputFiles('[data-testid=protocol-import]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...evening, phases: [{ ...evening.phases[0], durationS: 0 }] })) });
    const msg = page.locator('[data-testid=protocol-message]');
    await expect.poll(() => msg.textContent()).toContain('Dit bestand is geen geldige oefening');
    expect(await msg.textContent()).toContain('phase 1 › durationS');
    await page.setInputFiles('[data-testid=protocol-import]', { name: 'evening.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(evening)) });
    await expect.poll(() => msg.textContent()).toBe('“Avondrust” toegevoegd.');
    // Kept across a reload (localStorage, validated again on load).
    await page.reload();
    await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
    await page.waitForSelector('[data-testid=protocol-select] option[value=evening-calm]', { state: 'attached' });
    await page.selectOption('[data-testid=protocol-select]', 'evening-calm');
    await page.click('[data-testid=protocol-start]');
    await page.waitForSelector('[data-testid=phase][data-phase-id=rest]');
    expect(await page.textContent('[data-testid=phase-instruction]')).toBe('Adem rustig en laat los.');
    expect(await page.textContent('[data-testid=phase-next]')).toContain('Hierna: Aanspannen (5 s)');
    await page.waitForSelector('[data-testid=pacer]:not([data-phase=off])');
    expect(await page.textContent('[data-testid=pacer-phase]')).toMatch(/^Adem (in|uit)$/);
    await page.waitForTimeout(1500);
    expect(await page.textContent('[data-testid=zone]')).toMatch(/(Ontspannen — onder je lijn|Boven je lijn — laat rustig los)/);
    await page.screenshot({ path: outputPath('biofeedback-nl.png'), fullPage: false });
    // The squeeze step judges against the contraction band.
    await page.click('[data-testid=protocol-skip]');
    await page.waitForSelector('[data-testid=phase][data-phase-id=squeeze]');
    await page.waitForFunction(() => (globalThis as any).__loslatenFeedback.engine.frameState.activeTarget === 'contract');
    await page.waitForSelector('[data-testid=pacer][data-phase=off]');
    await page.click('[data-testid=protocol-stop]');
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('guided rest calibration measures mean and variability, proposes targets, and the trace follows them', async () => {
    const page = await open('demo:emg', 'en');
    await page.click('[data-testid=settings-calibration] summary');
    expect(await page.textContent('[data-testid=cal-results]')).toContain('Not calibrated yet.');
    await page.click('[data-testid=cal-rest]');
    await page.waitForSelector('[data-testid=cal-step][data-step=rest]');
    expect(await page.textContent('[data-testid=cal-step]')).toMatch(/Measuring your rest level… \d+ s/);
    await page.waitForFunction(() => document.querySelector('[data-testid=cal-results]')!.textContent!.includes('Rest level'), undefined, { timeout: 40_000 });
    const text = (await page.textContent('[data-testid=cal-results]'))!;
    const m = /Rest level: ([\d.]+) µV \(variation (\d+) %\)/.exec(text);
    expect(m).not.toBeNull();
    const mean = Number(m![1]);
    expect(mean).toBeGreaterThan(2);
    expect(mean).toBeLessThan(40);
    expect(text).toMatch(/Proposal: relax ≤ [\d.]+ µV/);
    await page.screenshot({ path: outputPath('biofeedback-calibration.png'), fullPage: true });
    await page.click('[data-testid=cal-propose]');
    await page.waitForFunction((mu) => Math.abs((globalThis as any).__loslatenFeedback.engine.frameState.targets.relaxUpper - mu) < 0.06, mean);
    // Stored in the core's settings of the current (home) profile, not in the browser.
    await expect.poll(async () => {
      const r = await ctx.app.core.handle('getSettings', { profileId: 'home' });
      return r.ok ? (r.value as { settings: { targets: { emg?: { relaxUpper: number } } } }).settings.targets.emg?.relaxUpper ?? 0 : 0;
    }).toBeCloseTo(mean, 1);
    const stored = await ctx.app.core.handle('getSettings', { profileId: 'home' });
    if (!stored.ok) throw new Error('no settings');
    const cal = (stored.value as { settings: { calibration: { emg?: { unit: string; rest?: { mean: number } } } } }).settings.calibration;
    expect(cal.emg?.unit).toBe('uV');
    expect(cal.emg?.rest?.mean).toBeCloseTo(mean, 1);
    expect(await page.evaluate(() => localStorage.getItem('loslaten.calibration.v1'))).toBeNull();
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('pressure Demo sensor: processed pressure in cmH2O by default, unit choice, zero', async () => {
    const page = await open('demo:pressure', 'en');
    const readout = page.locator('[data-testid=fb-readout-P]');
    await expect.poll(() => readout.getAttribute('data-unit')).toBe('cmH2O');
    await expect.poll(() => readout.textContent()).toMatch(/^-?\d+\.\d\d cmH₂O$/);
    const cm = Number(await readout.getAttribute('data-value'));
    // The simulated probe sits around 20 mmHg ≈ 27 cmH2O plus breathing and squeezes.
    expect(cm).toBeGreaterThan(15);
    await page.click('[data-testid=settings-more] summary');
    await page.selectOption('[data-testid=pref-pressure-unit]', 'mmHg'); // one unit per profile, chosen in Preferences
    await expect.poll(() => readout.getAttribute('data-unit')).toBe('mmHg');
    await page.waitForTimeout(600);
    const mm = Number(await readout.getAttribute('data-value'));
    expect(mm).toBeGreaterThan(10);
    expect(mm).toBeLessThan(cm);
    await page.click('[data-testid=settings-calibration] summary');
    await page.click('[data-testid=cal-zero]');
    await page.waitForTimeout(1200);
    expect(Math.abs(Number(await readout.getAttribute('data-value')))).toBeLessThan(6);
    await page.screenshot({ path: outputPath('biofeedback-pressure.png'), fullPage: false });
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('the breathing guide scales with the pacer clock, and stands still with reduced motion', async () => {
    const transforms = async (page: Page) => {
      const out: string[] = [];
      for (let i = 0; i < 4; i++) { out.push(await page.$eval('.pacer-circle', (e) => (e as HTMLElement).style.transform)); await page.waitForTimeout(400); }
      return out;
    };
    const moving = await open('demo:emg', 'en');
    await moving.check('[data-testid=pacer-toggle]');
    await moving.waitForSelector('[data-testid=pacer]:not([data-phase=off])');
    const t1 = await transforms(moving);
    expect(t1.every((x) => /^scale\((0\.\d+|1)\)$/.test(x))).toBe(true);
    expect(new Set(t1).size).toBeGreaterThan(2);
    await moving.close();
    await ctx.app.core.handle('disconnect', {});
    const still = await open('demo:emg', 'en', 'reduce');
    await still.check('[data-testid=pacer-toggle]');
    await still.waitForSelector('[data-testid=pacer]:not([data-phase=off])');
    expect(await transforms(still)).toEqual(['', '', '', '']);
    expect(await still.textContent('[data-testid=pacer-phase]')).toMatch(/^Breathe (in|out)$/);
    await still.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
