// End to end, headless Chromium: the home card's resting-tone trend over weeks, and the therapist's day queue across a host restart.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeApp, outputPath, startApp, useBrowser } from '../helpers/browser.ts';
import { tempDir } from '../helpers/pty.ts';
import { localDay } from '../../api/queue.ts';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { readSidecar, sidecarPathFor, writeSidecar } from '../../sessions/sidecar.ts';
import { listSessions } from '../../sessions/library.ts';
import type { AppCore } from '../../core/app-core.ts';

const pageErrors: string[] = [];
const ctx = useBrowser();

const DAY_MS = 86_400_000;

const open = (url: string): Promise<Page> => ctx.open(url, pageErrors);

/** An 8 s EMG recording of a 120 Hz sine of `amplitudeUv` (resting tone ≈ amplitude / √2) that started at `startMs`. */
async function emgRecording(dir: string, name: string, amplitudeUv: number, startMs: number): Promise<string> {
  const h: StreamHeader = { rateHz: 1000, channels: [{ label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 }] };
  const rec = new Recorder({ outPath: join(dir, name), header: h, syncMode: 'async' });
  const per = 500, ch = new Int32Array(per);
  for (let i = 0; i < 120_000; i += per) { // two minutes, a realistic short practice
    for (let j = 0; j < per; j++) ch[j] = Math.round((amplitudeUv * Math.sin((2 * Math.PI * 120 * (i + j)) / 1000)) / 0.1);
    rec.onBatch({ streamId: 1, header: h, firstSampleIndex: i, firstSeq: i & 0xffff, lostBefore: 0, count: per, channels: [ch], hostTimeMs: startMs + i + per - 1 });
  }
  const s = await rec.close();
  if (s.error) throw new Error(`recording failed: ${s.error.kind}`);
  return s.path;
}

/**
 * Imports a recording into the home profile as if practised at `startMs`: an import is dated by the import itself,
 * so the test sets the session's start in its sidecar (as a recording on that day would have).
 */
async function importInto(core: AppCore, path: string, startMs: number): Promise<void> {
  const r = await core.handle('importSessionFromPath', { profileId: 'home', path });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const item = listSessions(core.sessionsDir, 'home').sessions.find((x) => x.id === (r.value as { id: string }).id)!;
  const sc = readSidecar(sidecarPathFor(item.edfPath));
  if (!sc.ok) throw new Error('no sidecar');
  const w = writeSidecar(sidecarPathFor(item.edfPath), { ...sc.value, recording: { ...sc.value.recording, startedAt: new Date(startMs).toISOString() } });
  if (!w.ok) throw new Error('sidecar not written');
}

describe('home mode: resting-tone trend in the progress card', () => {
  it('one session: a calm "a few more sessions" sentence; three sessions over 3 weeks: "went from … to … over 3 weeks", in µV', async () => {
    const app = await startApp({ allowPathImport: true });
    try {
      await app.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' } });
      const dir = tempDir('loslaten-trend-');
      const now = Date.now();
      await importInto(app.core, await emgRecording(dir, 'a.edf', 20, now - 21 * DAY_MS), now - 21 * DAY_MS);
      const page = await open(app.host.url);
      const trend = page.locator('[data-testid=rest-trend]');
      await trend.waitFor();
      expect(await trend.getAttribute('data-points')).toBe('1');
      expect(await page.textContent('[data-testid=rest-trend-sentence]')).toBe('After a few more sessions you will see here how your resting tone changes.');
      await importInto(app.core, await emgRecording(dir, 'b.edf', 16, now - 10 * DAY_MS), now - 10 * DAY_MS);
      await importInto(app.core, await emgRecording(dir, 'c.edf', 14, now), now);
      await page.reload();
      await page.waitForSelector('[data-testid=rest-trend][data-points="3"]');
      expect(await trend.getAttribute('data-unit')).toBe('uV');
      const sentence = (await page.textContent('[data-testid=rest-trend-sentence]'))!;
      // 20, 16 and 14 µV sine amplitudes: resting tone (RMS) ≈ 14.1, 11.3 and 9.9 µV.
      expect(sentence).toMatch(/^Your resting tone went from 14\.\d µV to 9\.\d µV over 3 weeks\. Letting go is getting easier — well done\.$/);
      expect(await page.textContent('[data-testid=rest-trend] h3')).toBe('Resting tone (µV)');
      // The chart's text alternative names the unit and every value, oldest first.
      const label = (await page.getAttribute('[data-testid=rest-trend-chart]', 'aria-label'))!;
      expect(label).toMatch(/^Resting tone per session, oldest first, in µV: 14\.\d; 11\.\d; 9\.\d$/);
      expect(await page.getAttribute('[data-testid=rest-trend-chart]', 'role')).toBe('img');
      expect(await page.locator('[data-testid=rest-trend-chart] circle').count()).toBe(3);
      await page.locator('[data-testid=progress]').screenshot({ path: outputPath('experience-home-trend.png') });
      // Dutch: the same figures with a decimal comma.
      await page.selectOption('[data-testid=lang-select]', 'nl');
      await expect.poll(() => page.textContent('[data-testid=rest-trend-sentence]')).toMatch(/^Je rusttonus ging van 14,\d µV naar 9,\d µV in 3 weken\./);
      await page.close();
    } finally {
      await closeApp(app);
    }
    expect(pageErrors).toEqual([]);
  });
});

describe('home mode: resting pressure for a pressure probe', () => {
  it('pressure sessions draw the resting pressure in the profile\'s unit (hPa), never in µV', async () => {
    const app = await startApp();
    const c = app.core;
    try {
      await c.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' }, settings: { pressureUnit: 'hPa' } });
      const r = await c.handle('connect', { deviceId: 'demo:pressure' });
      expect(r.ok).toBe(true);
      for (let i = 0; i < 50 && c.link.status().state !== 'streaming'; i++) await new Promise((res) => setTimeout(res, 100));
      for (let k = 0; k < 3; k++) {
        const s = await c.handle('startRecording', { profileId: 'home' });
        if (!s.ok) throw new Error(JSON.stringify(s.error));
        await new Promise((res) => setTimeout(res, 800));
        expect((await c.handle('stopRecording', {})).ok).toBe(true);
      }
      await c.handle('disconnect', {});
      const page = await open(app.host.url);
      await page.waitForSelector('[data-testid=rest-trend][data-points="3"]');
      expect(await page.getAttribute('[data-testid=rest-trend]', 'data-kind')).toBe('pressure');
      expect(await page.getAttribute('[data-testid=rest-trend]', 'data-unit')).toBe('hPa');
      expect(await page.textContent('[data-testid=rest-trend] h3')).toBe('Resting pressure (hPa)');
      const sentence = (await page.textContent('[data-testid=rest-trend-sentence]'))!;
      expect(sentence).toMatch(/^Your resting pressure (went from|was) -?[\d.]+ hPa/);
      expect(sentence).not.toContain('µV');
      expect(await page.getAttribute('[data-testid=rest-trend-chart]', 'aria-label')).toMatch(/^Resting pressure per session, oldest first, in hPa: /);
      await page.close();
    } finally {
      await c.dispose();
      await app.host.close();
    }
    expect(pageErrors).toEqual([]);
  });
});

describe('therapist mode: the day queue', () => {
  it('queues two patients (not an archived one), reorders by keyboard, starts the first, marks done, and keeps the queue across a restart', async () => {
    const first = await startApp();
    const dataDir = first.core.dataDir;
    try {
      await first.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en', mode: 'therapist' } });
      const page = await open(first.host.url);
      await page.waitForSelector('[data-testid=queue] [data-testid=queue-empty]');
      for (const name of ['Anna de Vries', 'Bea Bakker', 'Chloé Jansen']) {
        await page.fill('[data-testid=patient-name]', name);
        await page.click('[data-testid=patient-create]');
        await page.waitForSelector(`[data-testid=patient-active]:has-text("${name}")`);
      }
      await page.click('[data-testid=patient-archive-chloe-jansen]');
      await page.waitForSelector('[data-testid=queue-add-chloe-jansen]', { state: 'detached' });
      // Bea's own default exercise: Start must bring it up.
      await first.core.handle('saveSettings', { profileId: 'bea-bakker', settings: { defaultProtocolId: 'glazer-assessment' } });
      await page.click('[data-testid=patient-open-anna-de-vries]');
      await page.waitForSelector('[data-testid=patient-active]:has-text("Anna de Vries")');

      // Add: Anna from her row in the list; Bea through the form with a time and a note. Archived Chloé is not offered.
      await page.click('[data-testid=queue-add-anna-de-vries]');
      await page.waitForSelector('[data-testid=queue-entry][data-profile=anna-de-vries]');
      expect(await page.locator('[data-testid=queue-patient] option[value=chloe-jansen]').count()).toBe(0);
      await page.selectOption('[data-testid=queue-patient]', 'bea-bakker');
      await page.fill('[data-testid=queue-time]', '09:30');
      await page.fill('[data-testid=queue-note]', 'first visit');
      await page.click('[data-testid=queue-add]');
      await page.waitForSelector('[data-testid=queue-entry][data-profile=bea-bakker]');
      const order = () => page.locator('[data-testid=queue-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-profile')));
      expect(await order()).toEqual(['anna-de-vries', 'bea-bakker']);
      expect(await page.getAttribute('[data-testid=queue-entry][data-profile=anna-de-vries]', 'data-next')).toBe('yes');

      // Reorder by keyboard: Bea up; focus stays on her row (on "Move down", as "Move up" is now disabled at the top).
      await page.focus('[data-testid=queue-entry][data-profile=bea-bakker] [data-testid=queue-up]');
      await page.keyboard.press('Enter');
      await expect.poll(order).toEqual(['bea-bakker', 'anna-de-vries']);
      await expect.poll(() => page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return `${el?.closest('li')?.getAttribute('data-profile')}/${el?.dataset.testid}`;
      })).toBe('bea-bakker/queue-down');
      expect(await page.textContent('[data-testid=queue-news]')).toBe('Bea Bakker is now number 1 in the queue.');
      await page.keyboard.press('Enter'); // and back down, then up again with the mouse
      await expect.poll(order).toEqual(['anna-de-vries', 'bea-bakker']);
      await page.click('[data-testid=queue-entry][data-profile=bea-bakker] [data-testid=queue-up]');
      await expect.poll(order).toEqual(['bea-bakker', 'anna-de-vries']);

      // Start the first: Bea becomes the active patient in the live view, with her default exercise.
      await page.click('[data-testid=queue-entry][data-profile=bea-bakker] [data-testid=queue-start]');
      await page.waitForSelector('[data-testid=patient-active]:has-text("Bea Bakker")');
      await page.waitForSelector('[data-testid=queue-entry][data-profile=bea-bakker][data-state=active]');
      expect(await page.evaluate(() => document.body.dataset.view)).toBe('live');
      expect(await page.getAttribute('[data-testid=profile-id]', 'data-profile-id')).toBe('bea-bakker');
      await expect.poll(() => page.inputValue('[data-testid=protocol-select]')).toBe('glazer-assessment');
      // A recording of Bea: when it stops, her entry is done and Anna is next.
      await page.selectOption('[data-testid=device-select]', 'demo:emg');
      await page.click('[data-testid=connect]');
      await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
      await page.click('[data-testid=rec-start]');
      await page.waitForSelector('[data-testid=rec-state][data-state=recording]');
      await page.waitForTimeout(1200);
      await page.click('[data-testid=rec-stop]');
      await page.waitForSelector('[data-testid=queue-entry][data-profile=bea-bakker][data-state=done]');
      await page.waitForSelector('[data-testid=queue-entry][data-profile=anna-de-vries][data-next=yes]');
      expect(await page.textContent('[data-testid=queue-news]')).toBe('Bea Bakker marked done. Next: Anna de Vries.');
      const sessions = await first.core.handle('listSessions', { profileId: 'bea-bakker' });
      expect(sessions.ok && sessions.value).toHaveLength(1);
      await page.locator('[data-testid=queue]').screenshot({ path: outputPath('experience-queue.png') });
      // One click marks Anna done too.
      await page.click('[data-testid=queue-entry][data-profile=anna-de-vries] [data-testid=queue-done]');
      await page.waitForSelector('[data-testid=queue-entry][data-profile=anna-de-vries][data-state=done]');
      await page.click('[data-testid=disconnect]');
      await page.close();
    } finally {
      await closeApp(first);
    }
    const file = join(dataDir, 'queue', `${localDay()}.json`);
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, day: localDay() });

    const second = await startApp({ dataDir });
    try {
      const page = await open(second.host.url);
      await page.waitForSelector('[data-testid=queue-entry]');
      const rows = await page.locator('[data-testid=queue-entry]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-profile'), e.getAttribute('data-state')]));
      expect(rows).toEqual([['bea-bakker', 'done'], ['anna-de-vries', 'done']]);
      expect(await page.textContent('[data-testid=queue-entry][data-profile=bea-bakker] .queue-time')).toBe('09:30');
      expect(await page.textContent('[data-testid=queue-entry][data-profile=bea-bakker] [data-testid=queue-entry-note]')).toBe('first visit');
      // "Not done" brings Anna back as the next one.
      await page.click('[data-testid=queue-entry][data-profile=anna-de-vries] [data-testid=queue-undo]');
      await page.waitForSelector('[data-testid=queue-entry][data-profile=anna-de-vries][data-state=waiting][data-next=yes]');
      await page.close();
    } finally {
      await closeApp(second);
    }
    expect(pageErrors).toEqual([]);
  });

  it('a damaged file for today is repaired with a message, not a crash; yesterday\'s queue is not shown as today\'s', async () => {
    const app = await startApp();
    try {
      await app.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en', mode: 'therapist' } });
      await app.core.handle('createPatient', { id: 'anna', name: 'Anna' });
      const dir = join(app.core.dataDir, 'queue');
      mkdirSync(dir, { recursive: true });
      const yesterday = localDay(Date.now() - DAY_MS);
      writeFileSync(join(dir, `${yesterday}.json`), JSON.stringify({ version: 1, day: yesterday, entries: [{ id: 'q1', profileId: 'anna', time: '', note: '', state: 'waiting' }] }));
      const page = await open(app.host.url);
      await page.waitForSelector('[data-testid=queue-empty]');
      expect(await page.getAttribute('[data-testid=queue]', 'data-day')).toBe(localDay());
      await page.close();
      writeFileSync(join(dir, `${localDay()}.json`), '{"version": 1, "day": "broken');
      const again = await open(app.host.url);
      await again.waitForSelector('[data-testid=queue-repaired]');
      expect(await again.textContent('[data-testid=queue-repaired] p')).toMatch(/^Today’s queue file was damaged and has been repaired \(unreadable/);
      await again.waitForSelector('[data-testid=queue-empty]');
      expect(readdirSync(dir).some((f) => f.startsWith(`${localDay()}.json.bad-`))).toBe(true);
      await again.click('[data-testid=queue-repaired] button');
      await again.waitForSelector('[data-testid=queue-repaired]', { state: 'detached' });
      // The queue works again after the repair.
      await again.click('[data-testid=queue-add-anna]');
      await again.waitForSelector('[data-testid=queue-entry][data-profile=anna]');
      await again.close();
    } finally {
      await closeApp(app);
    }
    expect(pageErrors).toEqual([]);
  });
});
