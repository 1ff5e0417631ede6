// End to end with devices that are not LL1: emulators on ptys → driver → web host → the real renderer in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { outputPath, useAppAndBrowser } from '../helpers/browser.ts';
import { PtyPair } from '../helpers/pty.ts';
import { EmulatorOnPort } from '../../core/sim/device-emulator.ts';

const ctx = useAppAndBrowser({ disconnectAfterEach: true });
let textPair: PtyPair;
let cytonPair: PtyPair;
let text: EmulatorOnPort;
let cyton: EmulatorOnPort;
const pageErrors: string[] = [];

beforeAll(async () => {
  textPair = await new PtyPair().start();
  cytonPair = await new PtyPair().start();
  // A steady Arduino: an envelope output printing 300 and a pressure ADC printing 500.
  text = await new EmulatorOnPort(textPair.a, { device: 'text', rateHz: 200, columns: 2, constant: [300, 500] }).open();
  cyton = await new EmulatorOnPort(cytonPair.a, { device: 'cyton' }).open();
});

afterAll(async () => {
  await text?.close();
  await cyton?.close();
  await textPair?.stop();
  await cytonPair?.stop();
});

async function openApp(): Promise<Page> {
  const page = await ctx.browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(ctx.app.host.url);
  await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
  await page.selectOption('[data-testid=device-select]', '__other'); // a pty is not enumerated by the OS
  return page;
}

async function rawTraces(page: Page): Promise<void> {
  const box = page.locator('[data-testid=show-raw]');
  if (!(await box.isChecked())) await box.check();
}

describe('devices other than LL1 in a real browser', () => {
  it('a text stream: envelope 300 µV and pressure (500 − 400) × 0.25 = 25 mmHg in the readouts; settings kept for the profile', async () => {
    const page = await openApp();
    await page.fill('[data-testid=port-path]', textPair.b);
    await page.selectOption('[data-testid=driver-select]', 'text');
    await page.fill('[data-testid=text-rate]', '200');
    await page.fill('[data-testid=text-columns]', 'ENV:envelope:uV:1:0,P:pressure:mmHg:0.25:400');
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
    await rawTraces(page);
    const p = page.locator('[data-testid=readout-P]');
    // Shown in the profile's pressure unit (cmH₂O by default since one unit per profile): 25 mmHg = 33.99 cmH₂O.
    await expect.poll(() => p.textContent(), { timeout: 8000 }).toBe('33.99 cmH₂O');
    const env = page.locator('[data-testid=readout-ENV]');
    await expect.poll(() => env.textContent(), { timeout: 8000 }).toBe('300.0 µV');
    // The envelope is labelled as one (never band-passed, no RMS) in the feedback and the raw trace.
    expect(await page.textContent('[data-testid=fb-trace-ENV] .fb-label')).toBe('ENV tension (envelope from the device, not filtered)');
    expect(await page.textContent('[data-testid=trace-ENV] .trace-label')).toBe('ENV envelope from the device (mean of 100 ms)');
    await expect.poll(async () => Number(await page.getAttribute('[data-testid=fb-readout-ENV]', 'data-unit') === 'uV'), { timeout: 5000 }).toBe(1);
    // No sequence numbers: the UI says a missing line cannot be noticed, and shows no loss count.
    expect(await page.textContent('[data-testid=count-lost]')).toBe('–');
    expect(await page.locator('[data-testid=no-loss-detection]').count()).toBe(1);
    // A text stream takes no commands: no pressure zero button that would do nothing.
    expect(await page.getByRole('button', { name: 'Zero pressure' }).count()).toBe(0);
    await page.screenshot({ path: outputPath('live-text-stream.png'), fullPage: true });
    await page.click('[data-testid=disconnect]');
    await page.waitForSelector('[data-testid=link-state][data-state=idle]');
    // Offered again: a fresh page picks the text driver with the same columns for this profile.
    await page.reload();
    await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
    await page.selectOption('[data-testid=device-select]', '__other');
    await expect.poll(() => page.locator('[data-testid=driver-select]').inputValue(), { timeout: 5000 }).toBe('text');
    expect(await page.locator('[data-testid=text-columns]').inputValue()).toBe('ENV:envelope:uV:1:0,P:pressure:mmHg:0.25:400');
    expect(await page.locator('[data-testid=text-rate]').inputValue()).toBe('200');
    await page.close();
  });

  it('an OpenBCI Cyton: 8 channels streaming in µV, no loss, and the live view says 250 Hz limits the band to 112.5 Hz', async () => {
    const page = await openApp();
    await page.fill('[data-testid=port-path]', cytonPair.b);
    await page.selectOption('[data-testid=driver-select]', 'cyton');
    await page.selectOption('[data-testid=cyton-role-3]', 'abdominal');
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=link-state][data-state=streaming]', { timeout: 10_000 });
    await page.waitForFunction(() => (globalThis as any).__loslaten?.stats.samples > 500);
    await rawTraces(page);
    const pf = page.locator('[data-testid=readout-PF]');
    await expect.poll(() => pf.textContent(), { timeout: 8000 }).toMatch(/^\d+\.\d µV$/);
    // The emulator's counts span the whole 24-bit range: RMS of hundreds of thousands of µV, not zero.
    expect(Number(await pf.getAttribute('data-value'))).toBeGreaterThan(1000);
    expect(await page.locator('[data-testid=readout-ABD3]').count()).toBe(1); // input 3 named by its role
    const note = page.locator('[data-testid=band-limit]');
    await expect.poll(() => note.getAttribute('data-hi-hz'), { timeout: 5000 }).toBe('112.5');
    expect(await note.textContent()).toContain('250');
    expect(await page.textContent('[data-testid=count-lost]')).toBe('0');
    await page.screenshot({ path: outputPath('live-cyton.png'), fullPage: true });
    await page.click('[data-testid=disconnect]');
    await page.waitForSelector('[data-testid=link-state][data-state=idle]');
    // Disconnecting stopped the board: the last byte it got was `s`.
    await expect.poll(() => cyton.emulator.received.at(-1), { timeout: 2000 }).toBe(0x73);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
