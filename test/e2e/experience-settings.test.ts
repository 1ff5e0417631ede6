// End to end: settings survive a restart of the host on the same data folder; switching language leaves no English behind.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeApp, outputPath, startApp, useBrowser } from '../helpers/browser.ts';
import { en, nl, type MessageKey } from '../../renderer/i18n/messages.ts';

const ctx = useBrowser();

const open = (url: string): Promise<Page> => ctx.open(url);

describe('settings persist across restarts of the host', () => {
  it('keeps language, colours, motion, text size, mode, mains, pressure unit, default exercise and sound', async () => {
    const first = await startApp();
    const dataDir = first.core.dataDir;
    try {
      const page = await open(first.host.url);
      await page.click('[data-testid=safety-accept]');
      await page.click('[data-testid=first-run-skip]');
      await page.click('[data-testid=settings-more] summary');
      await page.selectOption('[data-testid=pref-language]', 'nl');
      await page.selectOption('[data-testid=pref-theme]', 'high-contrast');
      await page.check('[data-testid=pref-motion]');
      await page.fill('[data-testid=pref-text-scale]', '150');
      await page.selectOption('[data-testid=pref-mains]', '60');
      await page.selectOption('[data-testid=pref-pressure-unit]', 'hPa');
      await page.selectOption('[data-testid=pref-protocol]', 'glazer-assessment');
      await page.check('[data-testid=pref-audio]');
      await page.click('[data-testid=mode-therapist]');
      await page.waitForSelector('[data-testid=patients]');
      await page.waitForTimeout(300); // last save on its way
      await page.close();
    } finally {
      await closeApp(first);
    }
    const second = await startApp({ dataDir });
    try {
      const page = await open(second.host.url);
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'high-contrast');
      expect(await page.evaluate(() => ({ motion: document.documentElement.dataset.motion, size: document.documentElement.style.fontSize, lang: document.querySelector('.app')?.getAttribute('lang') })))
        .toEqual({ motion: 'reduced', size: '150%', lang: 'nl' });
      expect(await page.textContent('[data-testid=help-button]')).toBe('Hulp en veiligheid');
      expect(await page.locator('[data-testid=safety-screen]').count()).toBe(0);
      await page.waitForSelector('[data-testid=patients]');
      await page.click('[data-testid=settings-more] summary');
      expect(await page.inputValue('[data-testid=pref-mains]')).toBe('60');
      expect(await page.inputValue('[data-testid=pref-pressure-unit]')).toBe('hPa');
      expect(await page.inputValue('[data-testid=pref-protocol]')).toBe('glazer-assessment');
      expect(await page.isChecked('[data-testid=pref-audio]')).toBe(true);
      // The live stores took the profile's defaults: the processing panel shows the 60 Hz notch and hPa.
      expect(await page.inputValue('[data-testid=dsp-notch]')).toBe('60');
      expect(await page.getAttribute('[data-testid=dsp-pressure-unit]', 'data-unit')).toBe('hPa');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: outputPath('experience-high-contrast.png') });
      await page.close();
    } finally {
      await closeApp(second);
    }
  });
});

/** Regexes for catalogue entries whose text differs between the languages (templates: placeholders match anything). */
function foreignMatchers(from: Record<MessageKey, string>, to: Record<MessageKey, string>): { key: string; re: RegExp }[] {
  const out: { key: string; re: RegExp }[] = [];
  for (const k of Object.keys(from) as MessageKey[]) {
    const a = from[k], b = to[k];
    if (a === b) continue; // names, units, symbols: the same in both languages
    const literal = a.replace(/\{\w+\}/g, '').replace(/[^\p{L}]+/gu, '');
    if (literal.length < 4) continue; // too little own text to tell the languages apart
    const re = new RegExp(`^${a.split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')}$`, 's');
    out.push({ key: k, re });
  }
  return out;
}

/** Every visible text node, aria-label and placeholder on the page. */
async function visibleTexts(page: Page): Promise<[string, string][]> {
  return page.evaluate(() => {
    const out: [string, string][] = [];
    const where = (el: Element | null): string => {
      const parts: string[] = [];
      for (let e = el; e && parts.length < 3; e = e.parentElement) parts.push(e.getAttribute('data-testid') ?? e.className.toString().split(' ')[0] ?? e.tagName);
      return parts.filter(Boolean).join('<');
    };
    const visible = (el: Element | null) => !!el && (el as HTMLElement).getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.textContent?.trim();
      if (t && visible(n.parentElement) && !n.parentElement?.closest('script,style')) out.push([t, where(n.parentElement)]);
    }
    for (const el of document.querySelectorAll('[aria-label],[placeholder]')) {
      if (!visible(el)) continue;
      for (const a of ['aria-label', 'placeholder']) { const v = el.getAttribute(a); if (v) out.push([v.trim(), where(el)]); }
    }
    // Whole text of leaf-ish elements too (a sentence split over several nodes).
    for (const el of document.querySelectorAll('p,li,label,button,h2,h3,dt,legend,summary,option')) if (visible(el) || el.tagName === 'OPTION') out.push([(el.textContent ?? '').trim(), where(el)]);
    return out;
  });
}

function untranslated(texts: [string, string][], matchers: { key: string; re: RegExp }[]): string[] {
  const bad = new Set<string>();
  for (const [t, at] of texts) for (const m of matchers) if (m.re.test(t)) bad.add(`${m.key}: "${t.slice(0, 80)}" in ${at}`);
  return [...bad];
}

/** Words spelled the same in Dutch and English, plus units and abbreviations: the only text a Dutch entry may share. */
const SAME_IN_BOTH = new Set(['Loslaten', 'Sensor', 'Privacy', 'Volume', 'Live', 'Detail', 'Later', 'SD', 'CV', 'RMS', 'min', 's', 'ms', 'Hz',
  'µV', 'mmHg', 'cmH₂O', 'hPa', 'kPa']);

describe('switching language changes every visible string', () => {
  it('the Dutch catalogue translates every entry: identical entries hold only shared words, units and placeholders', () => {
    const untranslatedKeys: string[] = [];
    for (const k of Object.keys(en) as MessageKey[]) {
      if (en[k] !== nl[k]) continue;
      const words = en[k].replace(/\{\w+\}/g, ' ').split(/[^\p{L}\p{N}µ₂]+/u).filter((w) => /\p{L}/u.test(w));
      if (words.some((w) => !SAME_IN_BOTH.has(w))) untranslatedKeys.push(`${k}: ${en[k]}`);
    }
    expect(untranslatedKeys).toEqual([]);
  });

  it('after choosing Dutch no English catalogue text is left on any main screen, and back', async () => {
    const app = await startApp();
    const english = foreignMatchers(en, nl), dutch = foreignMatchers(nl, en);
    const found: string[] = [];
    try {
      const page = await open(app.host.url);
      const sweep = async (label: string, lang: 'nl' | 'en') => {
        await page.waitForTimeout(600); // live figures are rewritten by the frame loop at 4 Hz, in the new language too
        for (const d of await page.locator('details').all()) await d.evaluate((el) => { (el as HTMLDetailsElement).open = true; });
        const bad = untranslated(await visibleTexts(page), lang === 'nl' ? english : dutch);
        for (const b of bad) found.push(`[${label}, ${lang}] ${b}`);
      };
      await page.selectOption('[data-testid=lang-select]', 'nl');
      await page.waitForSelector('[data-testid=safety-screen]');
      await sweep('safety', 'nl');
      await page.click('[data-testid=safety-accept]');
      for (let step = 0; step < 4; step++) {
        await page.waitForSelector(`[data-testid=first-run][data-step="${step}"]`);
        await sweep(`guide ${step + 1}`, 'nl');
        if (step === 1) { await page.click('[data-testid=first-run-demo]'); await page.waitForSelector('[data-testid=first-run-connected]'); await sweep('guide connected', 'nl'); }
        if (step < 3) await page.click('[data-testid=first-run-next]');
      }
      await page.click('[data-testid=first-run-done]');
      await page.waitForSelector('[data-testid=relax][data-running=yes]');
      await page.waitForTimeout(1500);
      await sweep('home relaxing', 'nl');
      await page.click('[data-testid=relax-stop]');
      await page.waitForSelector('[data-testid=progress-sessions]');
      await page.waitForSelector('[data-testid=rest-trend-sentence]'); // the resting-tone trend is swept as well
      await page.selectOption('[data-testid=protocol-select]', 'glazer-assessment');
      await page.click('[data-testid=protocol-start]');
      await page.waitForSelector('[data-testid=phase-name]');
      await page.waitForTimeout(1000);
      await sweep('exercise', 'nl');
      await page.screenshot({ path: outputPath('experience-nl.png'), fullPage: true });
      await page.click('[data-testid=protocol-stop]');
      await page.click('[data-testid=mode-therapist]');
      await page.fill('[data-testid=patient-name]', 'Anna de Vries');
      await page.click('[data-testid=patient-create]');
      await page.waitForSelector('[data-testid=patient-detail]');
      await page.click('[data-testid=queue-add-anna-de-vries]'); // today's queue with an entry, in the sweep too
      await page.waitForSelector('[data-testid=queue-entry]');
      await page.click('[data-testid=help-button]');
      await page.waitForSelector('[data-testid=safety-close]');
      await sweep('therapist + help', 'nl');
      await page.selectOption('[data-testid=lang-select]', 'en');
      await page.waitForFunction(() => document.querySelector('[data-testid=help-button]')?.textContent === 'Help and safety');
      await sweep('therapist + help', 'en');
      await page.click('[data-testid=disconnect]');
      await page.close();
    } finally {
      await closeApp(app);
    }
    expect(found).toEqual([]);
  });
});
