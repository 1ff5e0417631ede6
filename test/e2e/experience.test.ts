// End to end, headless Chromium: first run in home mode (safety → guide → 2-minute relaxation), therapist mode with patients.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeApp, outputPath, startApp, useBrowser } from '../helpers/browser.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { listSessions } from '../../sessions/library.ts';
import { glazerAssessmentProtocol } from '../../training/protocols.ts';
import type { AppCore } from '../../core/app-core.ts';
import type { WebHost } from '../../core/web-host.ts';

const pageErrors: string[] = [];

const ctx = useBrowser();

async function openApp(url: string, lang = 'en'): Promise<Page> {
  const page = await ctx.browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${url}${url.includes('?') ? '&' : '?'}lang-hint=${lang}`);
  await page.waitForSelector('[data-testid=experience]');
  return page;
}

async function withApp<T>(use: (app: { core: AppCore; host: WebHost }) => Promise<T>): Promise<T> {
  const app = await startApp();
  try { return await use(app); } finally { await closeApp(app); }
}

function settingsFile(core: AppCore, ...p: string[]): Record<string, unknown> {
  return JSON.parse(readFileSync(join(core.dataDir, 'settings', ...p), 'utf8')) as Record<string, unknown>;
}

describe('home mode: the first run', () => {
  it('shows the safety screen, then a 4-step guide with the Demo sensor, then a recorded relaxation that counts as practice', async () => {
    await withApp(async ({ core, host }) => {
      const page = await openApp(host.url);
      await page.selectOption('[data-testid=lang-select]', 'en');
      const safety = page.locator('[data-testid=safety-screen]');
      await safety.waitFor();
      expect(await page.locator('[data-testid=safety-signs] li').count()).toBe(6);
      const signs = (await page.locator('[data-testid=safety-signs]').textContent())!;
      for (const w of ['fever', 'burning', 'blood loss', 'fall', 'saddle', 'urine or stool']) expect(signs).toContain(w);
      expect(await page.textContent('[data-testid=safety-data-dir]')).toBe(core.dataDir);
      expect(await page.locator('[data-testid=first-run]').count()).toBe(0); // the guide waits for the safety screen
      await page.screenshot({ path: outputPath('experience-safety.png') });
      await page.click('[data-testid=safety-accept]');
      await safety.waitFor({ state: 'detached' });
      const guide = page.locator('[data-testid=first-run]');
      await guide.waitFor();
      expect(await page.textContent('[data-testid=first-run-step]')).toBe('Step 1 of 4');
      await page.click('[data-testid=first-run-next]');
      expect(await guide.getAttribute('data-step')).toBe('1');
      await page.click('[data-testid=first-run-demo]');
      await page.waitForSelector('[data-testid=first-run-connected]');
      await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
      await page.screenshot({ path: outputPath('experience-first-run.png') });
      await page.click('[data-testid=first-run-next]');
      expect(await guide.textContent()).toContain('reference electrode');
      await page.click('[data-testid=first-run-next]');
      await page.click('[data-testid=first-run-done]');
      await guide.waitFor({ state: 'detached' });
      // The relaxation runs: breathing guide on, a recording for the progress card.
      await page.waitForSelector('[data-testid=relax][data-running=yes]');
      await page.waitForSelector('[data-testid=rec-state][data-state=recording]');
      expect(await page.textContent('[data-testid=relax-left]')).toMatch(/^[12]:\d\d left$/);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: outputPath('experience-home-relax.png') });
      await page.waitForTimeout(2000);
      await page.click('[data-testid=relax-stop]');
      await page.waitForSelector('[data-testid=rec-state][data-state=stopped]');
      await expect.poll(() => page.locator('[data-testid=progress-sessions]').textContent(), { timeout: 5000 }).toBe('1');
      expect(await page.textContent('[data-testid=progress-streak]')).toBe('0'); // under 30 s is no practice day yet
      const app = settingsFile(core, 'app.json');
      expect(app).toMatchObject({ firstRunDone: true, safetyAcknowledged: 1, mode: 'home', language: 'en' });
      // Kegel-type exercises are locked for the home profile.
      await page.click('[data-testid=settings-more] summary');
      expect(await page.textContent('[data-testid=kegel-locked]')).toContain('relaxation comes first');
      await page.click('[data-testid=disconnect]');
      // Coming back: no safety screen, no guide; the help button brings the safety text back.
      await page.reload();
      await page.waitForSelector('[data-testid=relax]');
      expect(await page.locator('[data-testid=safety-screen]').count()).toBe(0);
      expect(await page.locator('[data-testid=first-run]').count()).toBe(0);
      await page.click('[data-testid=help-button]');
      await page.waitForSelector('[data-testid=safety-close]');
      await page.keyboard.press('Tab'); // focus moved into the screen: keyboard users land on it
      await page.click('[data-testid=safety-close]');
      await page.keyboard.press('F1');
      await page.waitForSelector('[data-testid=safety-screen]');
      await page.close();
    });
    expect(pageErrors).toEqual([]);
  });
});

describe('therapist mode', () => {
  it('creates and finds patients, runs an exercise with a recording, marks with M, pauses with Space, keeps notes', async () => {
    await withApp(async ({ core, host }) => {
      await core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' } });
      const page = await openApp(host.url);
      await page.click('[data-testid=mode-therapist]');
      await page.waitForSelector('[data-testid=patients]');
      expect(await page.locator('[data-testid=patients-none]').count()).toBe(1);
      for (const name of ['Anna de Vries', 'Bea Bakker', 'Chloé Jansen']) {
        await page.fill('[data-testid=patient-name]', name);
        await page.click('[data-testid=patient-create]');
        await page.waitForSelector(`[data-testid=patient-active]:has-text("${name}")`);
      }
      expect(await page.locator('[data-testid=patient-list] li').count()).toBe(3);
      await page.fill('[data-testid=patient-search]', 'bak');
      expect(await page.locator('[data-testid=patient-list] li').count()).toBe(1);
      await page.fill('[data-testid=patient-search]', '');
      await page.click('[data-testid=patient-archive-chloe-jansen]');
      await expect.poll(() => page.locator('[data-testid=patient-list] li').count()).toBe(2);
      await page.click('[data-testid=patient-open-anna-de-vries]');
      await page.waitForSelector('[data-testid=patient-active]:has-text("Anna de Vries")');
      expect(await page.getAttribute('[data-testid=profile-id]', 'data-profile-id')).toBe('anna-de-vries');
      expect(await page.textContent('[data-testid=profile-id]')).toBe('Anna de Vries');
      // Connect, start a recording and an exercise.
      await page.selectOption('[data-testid=device-select]', 'demo:emg');
      await page.click('[data-testid=connect]');
      await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
      await page.click('[data-testid=rec-start]');
      await page.waitForSelector('[data-testid=rec-state][data-state=recording]');
      await page.selectOption('[data-testid=protocol-select]', 'glazer-assessment');
      await page.click('[data-testid=protocol-start]');
      await page.waitForSelector('[data-testid=protocol-panel][data-status=running]');
      await page.locator('body').focus();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('m');
      await page.waitForSelector('[data-testid=marker-text]');
      await page.fill('[data-testid=marker-text]', 'cough');
      await page.keyboard.press('Enter');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press(' ');
      await page.waitForSelector('[data-testid=protocol-panel][data-status=paused]');
      await page.keyboard.press(' ');
      await page.waitForSelector('[data-testid=protocol-panel][data-status=running]');
      const before = await page.getAttribute('[data-testid=phase]', 'data-phase-index');
      await page.keyboard.press('n');
      await expect.poll(() => page.getAttribute('[data-testid=phase]', 'data-phase-index')).not.toBe(before);
      await page.screenshot({ path: outputPath('experience-therapist.png') });
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid=protocol-panel]:not([data-status=running])');
      await page.click('[data-testid=rec-stop]');
      await page.waitForSelector('[data-testid=rec-state][data-state=stopped]');
      await page.waitForSelector('[data-testid=patient-review]');
      const sessions = await core.handle('listSessions', { profileId: 'anna-de-vries' });
      expect(sessions.ok && sessions.value).toHaveLength(1);
      // The file itself holds what happened: the typed marker, and the Glazer phases that ran (the first, ended by
      // N, and the next one, ended by Esc), in order on the sample clock.
      const [item] = listSessions(core.sessionsDir, 'anna-de-vries').sessions;
      const edf = openEdf(item!.edfPath);
      if (!edf.ok) throw new Error(JSON.stringify(edf.error));
      const ann = edf.value.readAnnotations();
      edf.value.close();
      if (!ann.ok) throw new Error(JSON.stringify(ann.error));
      const texts = ann.value.annotations.map((x) => x.text);
      expect(texts.filter((t) => /^marker: #\d+ cough$/.test(t))).toHaveLength(1);
      const glazer = glazerAssessmentProtocol();
      const starts = ann.value.annotations.filter((x) => x.text.startsWith('phase start '));
      const ends = ann.value.annotations.filter((x) => x.text.startsWith('phase end '));
      expect(starts.length).toBeGreaterThanOrEqual(2);
      expect(starts.slice(0, 2).map((x) => x.text.slice('phase start '.length))).toEqual(glazer.phases.slice(0, 2).map((p) => p.id));
      expect(ends[0]?.text).toBe(`phase end ${glazer.phases[0]!.id}`);
      expect(starts[1]!.onsetS).toBeGreaterThanOrEqual(starts[0]!.onsetS);
      const mark = ann.value.annotations.find((x) => x.text.endsWith(' cough'))!;
      expect(mark.onsetS).toBeGreaterThanOrEqual(starts[0]!.onsetS);
      expect(mark.onsetS).toBeLessThanOrEqual(starts[1]!.onsetS);
      // Quick switch: the last session in review, and back to the live view.
      const lastId = sessions.ok ? (sessions.value as { id: string }[])[0]!.id : '';
      await page.click('[data-testid=patient-review]');
      await page.waitForSelector(`[data-testid=review][data-session-id="${lastId}"]`);
      await page.click('[data-testid=nav-live]');
      await page.waitForSelector('[data-testid=patient-detail]');
      // Notes and the contraction permission belong to this patient.
      await page.fill('[data-testid=patient-notes]', 'Rest 9 µV, tight after holds');
      await page.click('[data-testid=patient-notes-save]');
      await page.click('[data-testid=settings-more] summary');
      await page.check('[data-testid=pref-contraction]');
      await expect.poll(() => settingsFile(core, 'profiles', 'anna-de-vries.json').contractionExercisesAllowed).toBe(true);
      const list = await core.handle('listPatients', { includeArchived: true });
      expect(list.ok && list.value).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'anna-de-vries', notes: 'Rest 9 µV, tight after holds' }), expect.objectContaining({ id: 'chloe-jansen', archived: true })]));
      await page.click('[data-testid=disconnect]');
      await page.close();
    });
    expect(pageErrors).toEqual([]);
  });
});
