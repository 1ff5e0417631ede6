// watchRenderer: a crashed renderer is reloaded after a short delay, but a crash loop is not fed forever.
import { describe, expect, it, vi } from 'vitest';
import { watchRenderer } from '../../electron/main/window.ts';
import { FakeWebContents } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule());

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watchRenderer', () => {
  it('reloads after a crash or kill, not after a clean exit, and stops after 3 crashes within a minute', async () => {
    const wc = new FakeWebContents('app://loslaten/index.html');
    let t = 0;
    const logs: string[] = [];
    watchRenderer(wc as never, { delayMs: 1, now: () => t, log: (m) => logs.push(m) });
    wc.fire('render-process-gone', { reason: 'clean-exit', exitCode: 0 });
    await tick(10);
    expect(wc.reloads).toBe(0);
    for (const reason of ['crashed', 'killed', 'oom']) {
      wc.fire('render-process-gone', { reason, exitCode: 1 });
      t += 1000;
    }
    await tick(10);
    expect(wc.reloads).toBe(3);
    wc.fire('render-process-gone', { reason: 'crashed', exitCode: 1 });
    await tick(10);
    expect(wc.reloads).toBe(3);
    expect(logs.at(-1)).toContain('not reloading');
    t += 60_000;
    wc.fire('render-process-gone', { reason: 'crashed', exitCode: 1 });
    await tick(10);
    expect(wc.reloads).toBe(4);
  });

  it('does not reload a window that was closed meanwhile', async () => {
    const wc = new FakeWebContents('app://loslaten/index.html');
    watchRenderer(wc as never, { delayMs: 5, log: () => {} });
    wc.fire('render-process-gone', { reason: 'crashed', exitCode: 1 });
    wc.destroyed = true;
    await tick(20);
    expect(wc.reloads).toBe(0);
  });
});
