// Regenerates the README/guide screenshots: builds the UI, runs the end-to-end tests that take them, and copies the
// chosen PNGs into docs/screenshots/, each under 300 KB (larger ones are scaled down in headless Chromium).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEntryScript, toolCommand } from './node-tools.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test-output');
const DOCS = join(ROOT, 'docs', 'screenshots');
const MAX_BYTES = 300 * 1024;

/** test-output name → docs name, and the test file that takes it. */
const SHOTS = [
  ['experience-safety.png', 'safety.png', 'test/e2e/experience.test.ts'],
  ['experience-first-run.png', 'first-run.png', 'test/e2e/experience.test.ts'],
  ['experience-home-relax.png', 'home-relax.png', 'test/e2e/experience.test.ts'],
  ['experience-therapist.png', 'therapist.png', 'test/e2e/experience.test.ts'],
  ['experience-home-trend.png', 'home-trend.png', 'test/e2e/experience-queue-trend.test.ts'],
  ['experience-queue.png', 'queue.png', 'test/e2e/experience-queue-trend.test.ts'],
  ['experience-high-contrast.png', 'high-contrast.png', 'test/e2e/experience-settings.test.ts'],
  ['experience-text-200.png', 'text-200.png', 'test/e2e/a11y.test.ts'],
  ['biofeedback-downtraining.png', 'live-downtraining.png', 'test/e2e/biofeedback.test.ts'],
  ['review-session.png', 'review-session.png', 'test/e2e/review.test.ts'],
  ['review-trends.png', 'review-trends.png', 'test/e2e/review.test.ts'],
];

/**
 * The builds and test runs before the copying, as Node command lines (this Node + the tools' JS entry points: no npx,
 * which is npx.cmd on Windows and cannot be spawned there without a shell).
 * @param {string} [root]
 * @param {string} [execPath]
 */
export function screenshotCommands(root = ROOT, execPath = process.execPath) {
  const tests = [...new Set(SHOTS.map((s) => s[2]).filter((t) => existsSync(join(root, t))))];
  return [toolCommand(root, 'vite', ['build'], { execPath }), toolCommand(root, 'vitest', ['run', ...tests], { execPath })];
}

async function main() {
  for (const { command, args } of screenshotCommands()) {
    const r = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) { console.error(`screenshots: ${args.slice(0, 2).join(' ')} failed (${r.status})`); process.exit(1); }
  }

  const { chromium } = await import('playwright-core');

  mkdirSync(DOCS, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    for (const [from, to] of SHOTS) {
      const src = join(OUT, from);
      if (!existsSync(src)) { console.warn(`screenshots: ${from} was not produced (skipped)`); continue; }
      const dest = join(DOCS, to);
      copyFileSync(src, dest);
      // Too large: redraw at a smaller scale until it fits.
      for (let scale = 0.8; statSync(dest).size > MAX_BYTES && scale > 0.2; scale *= 0.85) {
        const b64 = readFileSync(src).toString('base64');
        await page.setContent(`<body style="margin:0"><img id="i" src="data:image/png;base64,${b64}"></body>`);
        const size = await page.evaluate(() => { const i = document.getElementById('i'); return { w: i.naturalWidth, h: i.naturalHeight }; });
        await page.setViewportSize({ width: Math.ceil(size.w * scale), height: Math.ceil(size.h * scale) });
        await page.evaluate((s) => { const i = document.getElementById('i'); i.style.width = `${Math.round(i.naturalWidth * s)}px`; }, scale);
        writeFileSync(dest, await page.locator('#i').screenshot({ type: 'png' }));
      }
      console.log(`screenshots: docs/screenshots/${to} ${(statSync(dest).size / 1024).toFixed(0)} KB`);
    }
  } finally {
    await browser.close();
  }
}

if (isEntryScript(import.meta.url)) await main();
