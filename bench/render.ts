// Render figures: chart draw time (30 s × 2 kHz × 2 channels, bands + pacer shading) vs naive uPlot, and React renders while streaming.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { launchBrowser } from '../test/helpers/browser.ts';
import { ROOT } from '../test/helpers/pty.ts';
import { AppCore } from '../core/app-core.ts';
import { startWebHost } from '../core/web-host.ts';

/** Frames per variant (10 s at 60 Hz); the first 30 are warm-up. */
const FRAMES = 600;
const STREAM_S = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function bundlePage(dir: string): Promise<string> {
  await build({
    configFile: false, logLevel: 'silent', root: ROOT,
    build: { outDir: dir, emptyOutDir: true, minify: true, lib: { entry: join(ROOT, 'bench/render-page.ts'), formats: ['iife'], name: 'RenderBenchLib', fileName: () => 'render-bench.js' } },
  });
  return join(dir, 'render-bench.js');
}

/** The app built with React's profiling build, so Profiler onRender counts commits. */
async function buildProfilingApp(dir: string): Promise<void> {
  await build({
    configFile: false, logLevel: 'silent', root: join(ROOT, 'renderer'), base: './', plugins: [react()],
    resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
    build: { outDir: dir, emptyOutDir: true, assetsInlineLimit: 0, modulePreload: { polyfill: false } },
  });
}

export async function benchRender(): Promise<Record<string, number>> {
  const tmp = mkdtempSync(join(tmpdir(), 'loslaten-render-'));
  const browser = await launchBrowser();
  try {
    // 1. Draw time, ours vs naive, same page and data.
    const script = await bundlePage(join(tmp, 'page'));
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body style="margin:0"></body></html>');
    await page.addScriptTag({ content: readFileSync(script, 'utf8') });
    const r = await page.evaluate((n) => (globalThis as any).RenderBench.run(n), FRAMES) as { ours: number[]; naive: number[] };
    await page.close();
    const ours = r.ours.slice(30).sort((a, b) => a - b);
    const naive = r.naive.slice(30).sort((a, b) => a - b);

    // 2. React commits during 10 s of streaming with the downtraining protocol's paced phase running.
    await buildProfilingApp(join(tmp, 'app'));
    // Never the user's real data folder: the bench's own temporary one.
    const core = new AppCore({ dataDir: join(tmp, 'data') });
    const host = await startWebHost(core, { staticDir: join(tmp, 'app') });
    let renders = { total: 0, session: 0 };
    try {
      const p = await browser.newPage();
      await p.goto(host.url);
      await p.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
      await p.selectOption('[data-testid=device-select]', 'demo:emg');
      await p.click('[data-testid=connect]');
      await p.waitForSelector('[data-testid=link-state][data-state=streaming]');
      await p.waitForFunction(() => (globalThis as any).__loslaten?.processed?.[0]?.end > 2000);
      const value = await p.$eval('[data-testid=protocol-select]', (s) => [...(s as HTMLSelectElement).options].find((o) => o.value.startsWith('downtraining'))!.value);
      await p.selectOption('[data-testid=protocol-select]', value);
      await p.click('[data-testid=protocol-start]');
      await p.click('[data-testid=protocol-skip]');
      await p.waitForSelector('[data-testid=phase][data-phase-id=downtrain]');
      await p.waitForTimeout(1000);
      const read = () => p.evaluate(() => { const c = (globalThis as any).__loslatenRenders; return { total: c.total as number, session: (c.byId.session ?? 0) as number }; });
      const a = await read();
      if (a.total === 0) throw new Error('Profiler did not count: the profiling build is not in effect');
      await p.waitForTimeout(STREAM_S * 1000);
      const b = await read();
      renders = { total: b.total - a.total, session: b.session - a.session };
      await p.close();
    } finally {
      await core.dispose();
      await host.close();
    }
    return {
      render_median_ms: +percentile(ours, 50).toFixed(3),
      render_p95_ms: +percentile(ours, 95).toFixed(3),
      render_p99_ms: +percentile(ours, 99).toFixed(3),
      render_naive_median_ms: +percentile(naive, 50).toFixed(3),
      render_naive_p99_ms: +percentile(naive, 99).toFixed(3),
      react_renders_per_10s: renders.total,
      react_session_renders_per_10s: renders.session,
    };
  } finally {
    await browser.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
