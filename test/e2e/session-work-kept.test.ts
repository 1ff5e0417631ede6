// End to end (issue 15, "work that is lost"; issue 14 §1): an exercise run from the therapist's queue is recorded
// with its phases; M places a marker at once; recordings are named after what ran; saved defaults are applied; a
// profile's calibration, targets and custom exercises live in the core and survive a restart on a new port.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeApp, outputPath, startApp, useBrowser } from '../helpers/browser.ts';
import { localDay } from '../../api/queue.ts';
import type { AppCore } from '../../core/app-core.ts';
import type { SessionOverview, SessionSummary } from '../../api/contract.ts';
import type { SettingsReply } from '../../api/settings.ts';

const ctx = useBrowser();
const pageErrors: string[] = [];

const open = (url: string): Promise<Page> => ctx.open(url, pageErrors);

async function connectDemo(page: Page, device: 'demo:emg' | 'demo:pressure' = 'demo:emg'): Promise<void> {
  await page.waitForSelector(`[data-testid=device-select] option[value="${device}"]`, { state: 'attached' });
  await page.selectOption('[data-testid=device-select]', device);
  await page.click('[data-testid=connect]');
  await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
}

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

async function sessions(core: AppCore, profileId: string): Promise<SessionSummary[]> {
  return [...await ok<SessionSummary[]>(core.handle('listSessions', { profileId }))].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

async function annotations(core: AppCore, profileId: string, sessionId: string): Promise<SessionOverview['annotations']> {
  return (await ok<SessionOverview>(core.handle('openSession', { profileId, sessionId, columns: 100 }))).annotations;
}

describe('nothing the therapist does is lost', () => {
  it('queue → Start → Glazer → Start records the assessment with its phases; M marks at once; a later free recording is "Free recording"', async () => {
    const app = await startApp();
    try {
      const core = app.core;
      await ok(core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en', mode: 'therapist' } }));
      await ok(core.handle('createPatient', { id: 'anna-de-vries', name: 'Anna de Vries' }));
      await ok(core.handle('saveSettings', { profileId: 'anna-de-vries', settings: { contractionExercisesAllowed: true } }));
      await ok(core.handle('saveQueue', { day: localDay(), entries: [{ id: 'q1', profileId: 'anna-de-vries', time: '', note: '', state: 'waiting' }] }));
      const page = await open(app.host.url);
      await connectDemo(page);
      await page.click('[data-testid=queue-entry][data-profile=anna-de-vries] [data-testid=queue-start]');
      await page.waitForSelector('[data-testid=profile-id][data-profile-id=anna-de-vries]');
      await page.selectOption('[data-testid=protocol-select]', 'glazer-assessment');
      // Nothing records before the exercise starts; the exercise's Start starts the recording with its first phase.
      expect(await page.locator('[data-testid=rec-state]').count()).toBe(0);
      await page.click('[data-testid=protocol-start]');
      await page.waitForSelector('[data-testid=rec-state][data-state=recording]');
      await page.waitForSelector('[data-testid=phase][data-phase-id=rest-before]');
      // While it runs, the lists fold away: the step, the trace and the figures are on the first screen (item 12).
      await page.waitForSelector('[data-testid=therapist-lists][data-folded=yes]');
      await page.evaluate(() => window.scrollTo(0, 0));
      for (const sel of ['[data-testid=phase-name]', '[data-testid=fb-plot-PF]', '[data-testid=metrics]']) {
        const box = await page.locator(sel).boundingBox();
        expect(box && box.y + Math.min(box.height, 100), sel).toBeLessThan(900);
      }
      await page.screenshot({ path: outputPath('therapist-assessment.png') });
      await page.waitForTimeout(1000);
      // M places a marker at once (no Enter needed); a second M places a second one; text is added afterwards.
      await page.locator('body').press('m');
      await page.waitForSelector('[data-testid=marker-placed][data-marker="1"]');
      await page.waitForTimeout(400);
      await page.locator('body').press('m');
      await page.waitForSelector('[data-testid=marker-placed][data-marker="2"]');
      await page.fill('[data-testid=marker-text]', 'coughed <twice>');
      await page.press('[data-testid=marker-text]', 'Enter');
      await page.waitForSelector('[data-testid=marker-placed]', { state: 'detached' });
      await page.click('[data-testid=protocol-skip]');
      await page.waitForSelector('[data-testid=phase][data-phase-id=flick-1]');
      await page.waitForTimeout(600);
      // Stop ends the exercise and its recording.
      await page.click('[data-testid=protocol-stop]');
      await page.waitForSelector('[data-testid=rec-state][data-state=stopped]');
      // The queue saw the recording end: Anna is done; the lists are back.
      await page.waitForSelector('[data-testid=queue-entry][data-profile=anna-de-vries][data-state=done]');
      await page.waitForSelector('[data-testid=therapist-lists][data-folded=no]');
      const list = await sessions(core, 'anna-de-vries');
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ title: 'Assessment (Glazer protocol)', protocol: 'Assessment (Glazer protocol)' });
      const anns = await annotations(core, 'anna-de-vries', list[0]!.id);
      const phases = anns.filter((a) => a.text.startsWith('phase ')).map((a) => a.text);
      expect(phases.slice(0, 3)).toEqual(['phase start rest-before', 'phase end rest-before', 'phase start flick-1']);
      // The first phase starts with the recording, not seconds into it.
      expect(anns.find((a) => a.text === 'phase start rest-before')!.onsetS).toBeLessThan(0.5);
      const m1 = anns.find((a) => a.text === 'marker: #1');
      const m2 = anns.find((a) => a.text === 'marker: #2');
      const m2text = anns.find((a) => a.text === 'marker: #2 coughed <twice>');
      expect(m1 && m2 && m2text).toBeTruthy();
      expect(m1!.onsetS).toBeGreaterThan(1);
      expect(m1!.onsetS).toBeLessThan(3);
      expect(m2!.onsetS).toBeGreaterThan(m1!.onsetS + 0.2);
      expect(m2text!.onsetS).toBeCloseTo(m2!.onsetS, 2);

      // In review the annotations read as words: one line per marker, no phase ids, device housekeeping folded (item 16).
      await page.click('[data-testid=nav-sessions]');
      await page.click(`[data-testid=session-row][data-session-id="${list[0]!.id}"] [data-testid=session-open]`);
      await page.waitForSelector('[data-testid=annotation]');
      const lines = await page.locator('[data-testid=annotation]').allTextContents();
      expect(lines.filter((l) => l.includes('Marker'))).toEqual([expect.stringMatching(/· Marker #1$/), expect.stringMatching(/· Marker #2 coughed <twice>$/)]);
      expect(lines.join('\n')).not.toMatch(/phase (start|end)|battery|padding/);
      expect(await page.textContent('.review-head')).toContain(list[0]!.startedAt.slice(0, 10));
      await page.click('[data-testid=nav-live]');
      // A recording started by hand with no exercise running is a free recording, whatever the picker shows.
      await page.click('[data-testid=rec-start]');
      await page.waitForSelector('[data-testid=rec-state][data-state=recording]');
      await page.waitForTimeout(1200);
      await page.click('[data-testid=rec-stop]');
      await page.waitForSelector('[data-testid=rec-state][data-state=stopped]');
      const after = await sessions(core, 'anna-de-vries');
      expect(after).toHaveLength(2);
      expect(after[1]).toMatchObject({ title: 'Free recording', protocol: null });
      await page.close();
    } finally {
      await closeApp(app);
    }
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('a breathing guide saved as default is the one shown and applied after a reload', async () => {
    const app = await startApp();
    try {
      await ok(app.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' } }));
      let page = await open(app.host.url);
      await page.click('[data-testid=settings-more] summary');
      await page.fill('[data-testid=pacer-rate]', '5');
      await page.click('[data-testid=pref-pacer-save]');
      await expect.poll(async () => (await ok<SettingsReply>(app.core.handle('getSettings', {}))).settings.pacer.breathsPerMin).toBe(5);
      await page.close();
      page = await open(app.host.url);
      await page.click('[data-testid=settings-more] summary');
      await expect.poll(() => page.inputValue('[data-testid=pacer-rate]')).toBe('5');
      // What the field shows is what the pacer runs: one breath takes 12 s at 5 per minute.
      await connectDemo(page);
      await page.click('[data-testid=relax-start]');
      const cycleS = await page.evaluate(() => {
        const e = (globalThis as any).__loslatenFeedback.engine;
        const run = e.pacer.active();
        return run ? 60 / run.settings.breathsPerMin : 0;
      });
      expect(cycleS).toBe(12);
      await page.click('[data-testid=relax-stop]');
      await page.close();
    } finally {
      await closeApp(app);
    }
  }, 60_000);
});

describe('a profile\'s data lives in the core (issue 14 §1)', () => {
  it('moves calibration, targets and custom exercises out of localStorage once, and finds them after a restart on a new port', async () => {
    const rest = { mean: 7.5, sd: 1.2, cvPercent: 16, durationS: 30, at: '2026-11-01T10:00:00Z' };
    const targets = { mode: 'absolute', relaxUpper: 8.5, contractLo: 20, contractHi: 40, relaxPercentOfRest: 100, contractLoPercentMvc: 40, contractHiPercentMvc: 70 };
    const evening = {
      id: 'evening-calm', name: { nl: 'Avondrust', en: 'Evening calm' },
      phases: [{ id: 'rest', name: { nl: 'Rust', en: 'Rest' }, durationS: 20, instruction: { nl: 'Adem rustig.', en: 'Breathe calmly.' }, target: 'relax', pacer: true, kind: 'downtrain' }],
    };
    const first = await startApp();
    const dataDir = first.core.dataDir;
    let firstUrl = '';
    try {
      await ok(first.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' } }));
      firstUrl = first.host.url;
      const page = await open(firstUrl);
      // What an older version left in this browser.
      await page.evaluate(([cal, protos]) => {
        localStorage.setItem('loslaten.calibration.v1', cal!);
        localStorage.setItem('loslaten.protocols.v1', protos!);
      }, [JSON.stringify({ version: 1, profiles: { default: { emg: { unit: 'uV', rest }, targets: { emg: targets } } } }), JSON.stringify([evening])]);
      await page.reload();
      await page.waitForSelector('[data-testid=experience]');
      await expect.poll(async () => (await ok<SettingsReply>(first.core.handle('getSettings', { profileId: 'home' }))).settings.customProtocols.length).toBe(1);
      const s = (await ok<SettingsReply>(first.core.handle('getSettings', { profileId: 'home' }))).settings;
      expect(s.calibration.emg?.rest?.mean).toBe(7.5);
      expect(s.targets.emg?.relaxUpper).toBe(8.5);
      expect(await page.evaluate(() => [localStorage.getItem('loslaten.calibration.v1'), localStorage.getItem('loslaten.protocols.v1')])).toEqual([null, null]);
      await page.close();
    } finally {
      await closeApp(first);
    }
    const second = await startApp({ dataDir });
    try {
      expect(second.host.url).not.toBe(firstUrl);
      const page = await open(second.host.url);
      await page.click('[data-testid=settings-calibration] summary');
      await expect.poll(() => page.textContent('[data-testid=cal-results]')).toContain('7.5 µV');
      await expect.poll(() => page.inputValue('[data-testid=target-relaxUpper]')).toBe('8.5');
      expect(await page.$eval('[data-testid=protocol-select]', (s) => [...(s as HTMLSelectElement).options].map((o) => o.value))).toContain('evening-calm');
      expect(await page.textContent('[data-testid=cal-profile]')).toContain('You (home)');
      // A changed target is saved in the core at once.
      await page.fill('[data-testid=target-relaxUpper]', '9');
      await expect.poll(async () => (await ok<SettingsReply>(second.core.handle('getSettings', { profileId: 'home' }))).settings.targets.emg?.relaxUpper).toBe(9);
      await page.screenshot({ path: outputPath('profile-data-after-restart.png'), fullPage: true });
      await page.close();
    } finally {
      await closeApp(second);
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
