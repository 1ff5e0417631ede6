// review_open_ui_ms: open a synthetic 2-hour 2 kHz × 2 ch session in the real app (headless Chromium) until the overview is drawn.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StreamHeader } from '../firmware-protocol/codec.ts';
import type { SampleBatch } from '../firmware-protocol/decoder.ts';
import { Recorder } from '../sessions/recorder.ts';
import { launchBrowser, startApp } from '../test/helpers/browser.ts';

const HEADER: StreamHeader = {
  rateHz: 2000,
  channels: [
    { label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
    { label: 'ABD', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
  ],
};

async function twoHourFile(out: string): Promise<string> {
  const per = 400;
  const chans = [new Int32Array(per), new Int32Array(per)];
  const rec = new Recorder({ outPath: out, header: HEADER, syncMode: 'async' });
  const total = 7200 * HEADER.rateHz;
  for (let i = 0; i < total; i += per) {
    for (let k = 0; k < per; k++) {
      const x = i + k;
      chans[0]![k] = ((x * 7919) % 4001) - 2000 + Math.round(3000 * Math.sin(x / 3000));
      chans[1]![k] = ((x * 104729) % 801) - 400;
    }
    const b: SampleBatch = { streamId: 1, header: HEADER, firstSampleIndex: i, firstSeq: i & 0xffff, lostBefore: 0, count: per, channels: chans, hostTimeMs: 0 };
    rec.onBatch(b);
  }
  const s = await rec.close();
  if (s.error) throw new Error(`bench recording failed: ${s.error.kind}`);
  return s.path;
}

/**
 * Returns `review_open_ui_ms` (median of 3) and, for comparison, `review_open_core_1500_ms` (the core's openSession alone): click "Open" in the library → both overview charts drawn with the
 * core's min/max columns (openSession over the WebSocket, uPlot setData). Needs `vite build` and Chromium.
 */
export async function benchReviewUi(): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loslaten-bench-review-'));
  const app = await startApp({ dataDir: path.join(dir, 'data'), allowPathImport: true });
  const browser = await launchBrowser();
  try {
    const edf = await twoHourFile(path.join(dir, 'two-hours.edf'));
    const imp = await app.core.handle('importSessionFromPath', { profileId: 'bench', path: edf, title: 'two hours' });
    if (!imp.ok) throw new Error(`import failed: ${JSON.stringify(imp.error)}`);
    const id = (imp.value as { id: string }).id;
    // Analysis is cached in the sidecar after the first run; measure the overview, not the first-time analysis.
    await app.core.handle('analyseSession', { profileId: 'bench', sessionId: id });
    const core: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const o = await app.core.handle('openSession', { profileId: 'bench', sessionId: id, columns: 1500 });
      if (!o.ok) throw new Error('openSession failed');
      core.push(performance.now() - t0);
    }
    core.sort((a, b) => a - b);
    const times: number[] = [];
    const seen: number[] = [];
    for (let k = 0; k < 3; k++) {
      const page = await browser.newPage();
      await page.goto(app.host.url);
      await page.click('[data-testid=nav-sessions]');
      const open = `[data-testid=session-row][data-session-id="${id}"] [data-testid=session-open]`;
      await page.waitForSelector(open);
      const t0 = performance.now();
      // Clicked inside the page so the page's own clock times it: click → both overview charts on screen.
      const start = await page.evaluate((sel) => { const t = performance.now(); (document.querySelector(sel) as HTMLElement).click(); return t; }, open);
      await page.waitForSelector('[data-testid=overview-PF][data-drawn="1500"]');
      await page.waitForSelector('[data-testid=overview-ABD][data-drawn="1500"]');
      seen.push(performance.now() - t0);
      const drawn = await page.waitForFunction(() => {
        const m = performance.getEntriesByName('review-drawn-overview-ABD')[0] ?? null;
        const n = performance.getEntriesByName('review-drawn-overview-PF')[0] ?? null;
        return m && n ? Math.max(m.startTime, n.startTime) : null;
      });
      times.push((await drawn.jsonValue() as number) - start);
      if (process.env.BENCH_VERBOSE) console.error(await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`).join(' · ')));
      await page.close();
    }
    seen.sort((a, b) => a - b);
    times.sort((a, b) => a - b);
    return { review_open_ui_ms: Math.round(times[1]! * 10) / 10, review_open_ui_seen_ms: Math.round(seen[1]! * 10) / 10, review_open_core_1500_ms: Math.round(core[1]! * 10) / 10 };
  } finally {
    await browser.close();
    await app.core.dispose();
    await app.host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  console.log(await benchReviewUi());
  process.exit(0);
}
