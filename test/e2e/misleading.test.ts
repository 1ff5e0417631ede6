// End to end (issue 15, "what misleads"): a page whose core stopped says so within 2 s and reconnects by itself.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AppCore } from '../../core/app-core.ts';
import { startWebHost } from '../../core/web-host.ts';
import { closeApp, outputPath, startApp, useBrowser } from '../helpers/browser.ts';
import { ROOT, tempDir } from '../helpers/pty.ts';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';
import { Recorder } from '../../sessions/recorder.ts';
import type { SessionWindow } from '../../api/contract.ts';

const ctx = useBrowser();

const open = (url: string): Promise<Page> => ctx.open(url);

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

/** 10 s of a 120 Hz sine of `a1` µV, a 20 s unplug, then 10 s of `a2` µV (EDF+D, two parts). */
async function recordingWithGap(a1: number, a2: number): Promise<string> {
  const h: StreamHeader = { rateHz: 1000, channels: [{ label: 'PF', kind: 'emg', unit: 'uV', scale: 0.05, rawMin: -32768, rawMax: 32767 }] };
  const rec = new Recorder({ outPath: join(tempDir('loslaten-gap-'), 'gap.edf'), header: h, syncMode: 'async' });
  const t0 = Date.now() - 60_000;
  const per = 100, ch = new Int32Array(per);
  const part = (from: number, a: number, hostOffsetMs: number) => {
    for (let i = from; i < from + 10_000; i += per) {
      for (let j = 0; j < per; j++) ch[j] = Math.round((a * Math.sin((2 * Math.PI * 120 * (i + j)) / 1000)) / 0.05);
      rec.onBatch({ streamId: 1, header: h, firstSampleIndex: i, firstSeq: i & 0xffff, lostBefore: 0, count: per, channels: [ch], hostTimeMs: t0 + hostOffsetMs + (i - from) + per });
    }
  };
  part(0, a1, 0);
  rec.discontinuity({ reason: 'reconnect' });
  part(10_000, a2, 30_000);
  const s = await rec.close();
  if (s.error) throw new Error(s.error.kind);
  return s.path;
}

describe('review after an unplug', () => {
  it('draws the gap as a gap, uses one duration, and shows the RMS envelope with the targets (raw one click away)', async () => {
    const app = await startApp({ allowPathImport: true });
    try {
      const core = app.core;
      await core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' } });
      const imp = await core.handle('importSessionFromPath', { profileId: 'home', path: await recordingWithGap(40, 8), title: 'With an unplug' });
      if (!imp.ok) throw new Error(JSON.stringify(imp.error));
      const id = (imp.value as { id: string }).id;
      // The core's window: a NaN column in the gap (never a line across it), the envelope in µV RMS.
      const w = await core.handle('readSessionWindow', { profileId: 'home', sessionId: id, startS: 0, endS: 40, maxPoints: 400, signal: 'envelope' });
      if (!w.ok) throw new Error(JSON.stringify(w.error));
      const win = w.value as SessionWindow;
      const gapAt = win.t.findIndex((_, i) => Number.isNaN(win.max[0]![i]!));
      expect(win.t[gapAt]).toBeCloseTo(10, 1);
      expect(win.t[gapAt + 1]).toBeGreaterThanOrEqual(29.9);
      const at = (s: number) => win.max[0]![win.t.findIndex((x) => x >= s)]!;
      expect(at(5)).toBeGreaterThan(25); // 40 µV sine → 28 µV RMS
      expect(at(5)).toBeLessThan(32);
      expect(at(35)).toBeGreaterThan(4);
      expect(at(35)).toBeLessThan(7);
      // Each part is filtered on its own: no spike where the second part starts.
      const afterGap = win.t.map((x, i) => (x >= 30 && x < 31 ? win.max[0]![i]! : 0));
      expect(Math.max(...afterGap)).toBeLessThan(8);
      const raw = await core.handle('readSessionWindow', { profileId: 'home', sessionId: id, startS: 0, endS: 40, maxPoints: 400, signal: 'raw' });
      if (!raw.ok) throw new Error('raw');
      expect(Math.max(...(raw.value as SessionWindow).max[0]!.filter(Number.isFinite))).toBeGreaterThan(38);

      const page = await open(app.host.url);
      await page.click('[data-testid=nav-sessions]');
      await page.click(`[data-testid=session-row][data-session-id="${id}"] [data-testid=session-open]`);
      await page.waitForSelector('[data-testid=review]');
      // One duration: the list, the review header and the whole-session row all say 0:40 (the gap is part of it).
      const head = await page.textContent('.review-head');
      expect(head).toContain('0:40');
      await page.waitForSelector('[data-testid=metrics-row][data-phase=session]');
      expect(await page.textContent('[data-testid=metrics-row][data-phase=session]')).toContain('0:00–0:40');
      const list = await core.handle('listSessions', { profileId: 'home' });
      expect(list.ok && (list.value as { durationS: number }[])[0]!.durationS).toBe(40);
      // The detail view shows the envelope (as the metrics), labelled so; the raw signal is one click away.
      await page.waitForSelector('[data-testid=detail-PF][data-drawn]');
      expect(await page.getAttribute('[data-testid=detail-PF]', 'data-label')).toBe('PF RMS (200 ms)');
      expect(await page.isChecked('[data-testid=review-raw]')).toBe(false);
      await page.evaluate(() => document.querySelector('[data-testid=detail]')!.scrollIntoView());
      await page.screenshot({ path: outputPath('review-envelope-targets.png') });
      await page.check('[data-testid=review-raw]');
      await expect.poll(() => page.getAttribute('[data-testid=detail-PF]', 'data-label')).toBe('PF');
      await page.close();
    } finally {
      await closeApp(app);
    }
  }, 60_000);
});

describe('number fields', () => {
  it('refuse absurd values with a message naming the range and the value still in use; what is shown is what is applied', async () => {
    const app = await startApp();
    try {
      await app.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' } });
      const page = await open(app.host.url);
      await page.selectOption('[data-testid=device-select]', 'demo:emg');
      await page.click('[data-testid=connect]');
      await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
      await page.click('[data-testid=settings-calibration] summary');
      await page.click('[data-testid=settings-more] summary');
      const relax = () => page.evaluate(() => (globalThis as any).__loslatenFeedback.engine.frameState.targets?.relaxUpper as number);
      await expect.poll(relax).toBe(10);
      for (const bad of ['99999', '', '-3', 'abc']) {
        await page.fill('[data-testid=target-relaxUpper]', bad);
        expect(await page.textContent('[data-testid=target-relaxUpper-error]')).toBe('Enter a number from 0.1 to 1000 µV. Still in use: 10 µV.');
        expect(await relax()).toBe(10);
      }
      // Leaving the field shows the value in force again.
      await page.locator('[data-testid=target-relaxUpper]').blur();
      expect(await page.inputValue('[data-testid=target-relaxUpper]')).toBe('10');
      await page.fill('[data-testid=target-relaxUpper]', '12.5');
      await expect.poll(relax).toBe(12.5);
      expect(await page.locator('[data-testid=target-relaxUpper-error]').count()).toBe(0);
      // RMS window: −1 is refused and the trace title keeps saying the window in force.
      await page.fill('[data-testid=dsp-rms]', '-1');
      expect(await page.textContent('[data-testid=dsp-rms-error]')).toContain('Still in use: 200 ms');
      expect(await page.textContent('[data-testid=fb-trace-PF]')).toContain('RMS 200 ms');
      await page.fill('[data-testid=dsp-rms]', '300');
      await expect.poll(() => page.textContent('[data-testid=fb-trace-PF]')).toContain('RMS 300 ms');
      // Calibration length 10 s is outside 30–60 s: said so, not silently measured as 30.
      await page.fill('[data-testid=cal-rest-seconds]', '10');
      expect(await page.textContent('[data-testid=cal-rest-seconds-error]')).toBe('Enter a whole number from 30 to 60 s. Still in use: 30 s.');
      // Breathing rate 0, −3, 1000: refused; the guide keeps 6 per minute.
      for (const bad of ['0', '-3', '1000']) {
        await page.fill('[data-testid=pacer-rate]', bad);
        expect(await page.textContent('[data-testid=pacer-rate-error]')).toContain('from 3 to 12 /min');
      }
      await page.click('[data-testid=relax-start]');
      expect(await page.evaluate(() => (globalThis as any).__loslatenFeedback.engine.pacerRun()?.settings.breathsPerMin)).toBe(6);
      await page.click('[data-testid=relax-stop]');
      await page.close();
    } finally {
      await closeApp(app);
    }
  }, 60_000);
});

describe('pressure', () => {
  it('one unit per profile in every panel; the relax line counts from the measured resting level', async () => {
    const app = await startApp();
    try {
      await app.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' } });
      const page = await open(app.host.url);
      await page.selectOption('[data-testid=device-select]', 'demo:pressure');
      await page.click('[data-testid=connect]');
      await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
      await page.check('[data-testid=show-raw]');
      const fb = page.locator('[data-testid=fb-readout-P]');
      const raw = page.locator('[data-testid=readout-P]');
      await expect.poll(() => raw.textContent()).toMatch(/cmH₂O$/);
      expect(await fb.getAttribute('data-unit')).toBe('cmH2O');
      await expect.poll(async () => Number(await fb.getAttribute('data-value')), { timeout: 5000 }).toBeGreaterThan(10);
      const rawV = Number((await raw.textContent())!.replace(/[^\d.-]/g, ''));
      expect(Math.abs(rawV - Number(await fb.getAttribute('data-value')))).toBeLessThan(4); // the same signal, the same unit
      // The resting level is measured over the first seconds; the relax line sits 5 cmH₂O above it, not at 5 cmH₂O.
      const t = () => page.evaluate(() => {
        const e = (globalThis as any).__loslatenFeedback.engine;
        return { measuredRest: e.measuredRest as number, relaxUpper: e.frameState.targets?.relaxUpper as number };
      });
      await expect.poll(async () => (await t()).measuredRest, { timeout: 10_000 }).toBeGreaterThan(15);
      // The targets the chart draws take the level at the next frame (frameState), so wait for that frame: a line
      // left at 5 cmH₂O never gets there.
      await expect.poll(async () => { const e = await t(); return Math.abs(e.relaxUpper - (e.measuredRest + 5)); }, { timeout: 5000 }).toBeLessThan(0.05);
      await page.click('[data-testid=settings-calibration] summary');
      await expect.poll(() => page.textContent('[data-testid=pressure-rest-level]')).toMatch(/^Resting level measured: \d+\.\d cmH₂O\.$/);
      // At rest the demo patient is not "above your line" forever: within the next breaths the zone says relaxed.
      await expect.poll(() => page.getAttribute('[data-testid=zone]', 'data-zone'), { timeout: 15_000 }).toBe('in');
      await page.close();
    } finally {
      await closeApp(app);
    }
  }, 60_000);
});
