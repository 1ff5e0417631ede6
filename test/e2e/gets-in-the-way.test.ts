// End to end (issue 15, "what gets in the way"): first start on the Demo sensor, no stale device details, the
// two-minute relaxation says when nothing is recorded and stops with Esc.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeApp, startApp, useBrowser } from '../helpers/browser.ts';
import { tmpDir, writeSyntheticSession } from '../review/synthetic.ts';
import { join } from 'node:path';

const ctx = useBrowser();

const open = (url: string): Promise<Page> => ctx.open(url);

describe('first start and the home relaxation', () => {
  it('preselects the Demo sensor (not a built-in port), hides the old sensor after a disconnect, says when nothing records, Esc stops', async () => {
    const app = await startApp();
    try {
      await app.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' } });
      const page = await open(app.host.url);
      await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
      // Whatever built-in serial ports this machine has (/dev/ttyS0 …), the Demo sensor is the first choice.
      expect(await page.inputValue('[data-testid=device-select]')).toBe('demo:emg');
      // No sensor: the relaxation can run with the breathing guide, and says it is not recorded.
      expect(await page.textContent('[data-testid=relax-no-sensor]')).toContain('not recorded');
      await page.click('[data-testid=relax-start]');
      await page.waitForSelector('[data-testid=relax][data-running=yes]');
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid=relax][data-running=no]');
      await page.click('[data-testid=connect]');
      await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
      await page.waitForSelector('[data-testid=device-ident]');
      expect(await page.locator('[data-testid=relax-no-sensor]').count()).toBe(0);
      await page.click('[data-testid=disconnect]');
      await page.waitForSelector('[data-testid=link-state][data-state=idle]');
      expect(await page.locator('[data-testid=device-ident]').count()).toBe(0);
      expect(await page.locator('[data-testid=device-event]').count()).toBe(0);
      await page.close();
    } finally {
      await closeApp(app);
    }
  }, 60_000);
});

describe('a clean console', () => {
  it('loads without a 404 (favicon) and opens a report without a CSP complaint', async () => {
    const app = await startApp({ allowPathImport: true });
    try {
      await app.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' } });
      const edf = await writeSyntheticSession(join(tmpDir(), 'clean.edf'));
      const imp = await app.core.handle('importSessionFromPath', { profileId: 'home', path: edf, title: 'Clean' });
      if (!imp.ok) throw new Error(JSON.stringify(imp.error));
      const page = await ctx.browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
      page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${new URL(r.url()).pathname}`); });
      await page.goto(app.host.url);
      await page.waitForSelector('[data-testid=experience]');
      await page.waitForTimeout(500);
      await page.click('[data-testid=nav-sessions]');
      await page.click('[data-testid=session-open]');
      await page.click('[data-testid=report-open]');
      await page.waitForSelector('[data-testid=report-page] svg');
      await page.waitForTimeout(500);
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await closeApp(app);
    }
  }, 60_000);
});

describe('Dutch', () => {
  it('writes every number with a decimal comma and names the norms\' population in Dutch', async () => {
    const app = await startApp({ allowPathImport: true });
    try {
      await app.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'nl' } });
      const edf = await writeSyntheticSession(join(tmpDir(), 'nl.edf'));
      const imp = await app.core.handle('importSessionFromPath', { profileId: 'home', path: edf, title: 'NL' });
      if (!imp.ok) throw new Error(JSON.stringify(imp.error));
      const page = await ctx.browser.newPage();
      await page.goto(app.host.url);
      await page.waitForSelector('[data-testid=experience]');
      const options = await page.locator('[data-testid=protocol-select] option').allTextContents();
      expect(options.join('\n')).toMatch(/\d,\d min/);
      expect(options.join('\n')).not.toMatch(/\d\.\d/);
      await page.click('[data-testid=nav-sessions]');
      await page.click('[data-testid=session-open]');
      await page.waitForSelector('[data-testid=glazer] table');
      await page.waitForSelector('[data-testid=phase-metrics] table');
      for (const sel of ['[data-testid=glazer] table', '[data-testid=phase-metrics] table']) {
        const text = (await page.locator(sel).innerText()).replace(/\d+:\d\d/g, '');
        expect(text, sel).toMatch(/\d,\d/);
        expect(text, sel).not.toMatch(/\d\.\d/);
      }
      expect(await page.textContent('[data-testid=norms-citation]')).toContain('gezonde nullipare vrouwen');
      await page.close();
    } finally {
      await closeApp(app);
    }
  }, 60_000);
});

describe('settings, keyboard and trends', () => {
  it('focus moves on after the safety screen and into the note box; 200 % text grows the check boxes; trends open on the current patient', async () => {
    const app = await startApp({ allowPathImport: true });
    try {
      const core = app.core;
      await core.handle('saveSettings', { app: { language: 'en' } });
      const page = await ctx.browser.newPage();
      await page.goto(app.host.url);
      await page.click('[data-testid=safety-accept]');
      await expect.poll(() => page.evaluate(() => document.activeElement !== document.body && document.activeElement !== null)).toBe(true);
      // Two patients with a session each; Bea is the current one.
      for (const [id, name] of [['anna-de-vries', 'Anna de Vries'], ['bea-bakker', 'Bea Bakker']] as const) {
        await core.handle('createPatient', { id, name });
        const imp = await core.handle('importSessionFromPath', { profileId: id, path: await writeSyntheticSession(join(tmpDir(), `${id}.edf`)), title: name });
        if (!imp.ok) throw new Error(JSON.stringify(imp.error));
      }
      await core.handle('saveSettings', { app: { firstRunDone: true, mode: 'therapist', activeProfileId: 'bea-bakker', textScalePct: 200 } });
      await page.reload();
      await page.waitForSelector('[data-testid=experience]');
      const box = await page.locator('[data-testid=show-raw]').boundingBox();
      expect(box!.width).toBeGreaterThanOrEqual(28); // 1.05 rem at 32 px
      await page.click('[data-testid=nav-trends]');
      await expect.poll(() => page.inputValue('[data-testid=trend-profile]')).toBe('bea-bakker');
      await page.click('[data-testid=nav-sessions]');
      await page.locator('[data-testid=note]').first().click();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('note-input');
      await page.close();
    } finally {
      await closeApp(app);
    }
  }, 60_000);
});

describe('import in the browser version', () => {
  it('uploads recordings with the desktop import\'s checks and messages; the upload route refuses strangers', async () => {
    const app = await startApp();
    try {
      await app.core.handle('saveSettings', { app: { safetyAcknowledged: 1, firstRunDone: true, language: 'en' } });
      const good = await writeSyntheticSession(join(tmpDir(), 'home-practice.edf'));
      const dir = tmpDir();
      const { writeFileSync, readFileSync } = await import('node:fs');
      const broken = join(dir, 'broken.edf');
      writeFileSync(broken, readFileSync(good).subarray(0, 300)); // a truncated header
      const notes = join(dir, 'notes.txt');
      writeFileSync(notes, 'not a recording');
      const page = await ctx.browser.newPage();
      await page.goto(app.host.url);
      await page.click('[data-testid=nav-sessions]');
      await page.setInputFiles('[data-testid=import-upload]', [good, broken, notes]);
      await page.waitForSelector('[data-testid=import-results]');
      const lines = await page.locator('[data-testid=import-results] li').allTextContents();
      expect(lines).toContain('notes.txt is not an EDF or BDF recording.');
      expect(lines).toContain('Imported: home-practice.edf');
      const bad = lines.find((l) => l.startsWith('Not imported:'));
      expect(bad).toBeTruthy();
      expect(bad).not.toMatch(/ENOENT|Error:|at \w+ \(/); // words, not a stack
      await page.waitForSelector('[data-testid=session-row]');
      const list = await app.core.handle('listSessions', { profileId: 'home' });
      expect(list.ok && (list.value as unknown[]).length).toBe(1);
      // Without the token, or from another origin, the route imports nothing.
      const base = app.host.url.replace(/\/\?token=.*/, '');
      const body = readFileSync(good);
      const noToken = await fetch(`${base}/import?profileId=home&name=x.edf`, { method: 'POST', body, headers: { Origin: base } });
      expect(noToken.status).toBe(403);
      const token = new URL(app.host.url).searchParams.get('token')!;
      const foreign = await fetch(`${base}/import?token=${token}&profileId=home&name=x.edf`, { method: 'POST', body, headers: { Origin: 'http://evil.example' } });
      expect(foreign.status).toBe(403);
      const after = await app.core.handle('listSessions', { profileId: 'home' });
      expect(after.ok && (after.value as unknown[]).length).toBe(1);
      await page.close();
    } finally {
      await closeApp(app);
    }
  }, 60_000);
});
