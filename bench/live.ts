// Live pipeline figures: main-process CPU while streaming 2 kHz × 2 ch, and pty-write → page-arrival latency.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser } from '../test/helpers/browser.ts';
import { READ_INTERVAL_MS } from '../core/device/serial-source.ts';
import { PtyPair, ROOT, waitFor } from '../test/helpers/pty.ts';

const STREAM_S = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** CPU % of one core used by bench/live-floor.mjs over STREAM_S seconds while a page takes its frames. */
async function measureFloor(ptyPath: string, browser: Awaited<ReturnType<typeof launchBrowser>>): Promise<number> {
  const floor = spawn(process.execPath, [join(ROOT, 'bench/live-floor.mjs'), ptyPath, String(READ_INTERVAL_MS)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    floor.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    await waitFor(() => out.includes('\n'), 15_000, 'the floor process');
    const page = await browser.newPage();
    await page.evaluate((url) => new Promise<void>((resolve) => {
      const ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      (globalThis as any).__floorFrames = 0;
      ws.onmessage = () => { (globalThis as any).__floorFrames++; };
      ws.onopen = () => resolve();
    }), out.trim());
    await new Promise((r) => setTimeout(r, 1000)); // settle
    const t0 = procTicks(floor.pid!);
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, STREAM_S * 1000));
    const cpuMs = (procTicks(floor.pid!) - t0) * 10;
    const frames = await page.evaluate(() => (globalThis as any).__floorFrames as number);
    if (frames < STREAM_S * 20) throw new Error(`the floor page got only ${frames} frames`);
    await page.close();
    return (cpuMs / (performance.now() - w0)) * 100;
  } finally {
    floor.kill('SIGTERM');
  }
}

/** User + system CPU ticks (1/100 s) of a process so far. */
function procTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** The app as `npm start` runs it in a browser: the bundled core (`npm run build`), on plain Node. */
const HOST_BUNDLE = join(ROOT, 'dist/host/host-main.mjs');

export async function benchLive(): Promise<Record<string, number>> {
  if (!existsSync(HOST_BUNDLE)) throw new Error('bench/live needs the built app: run `npm run build` first');
  const pair = await new PtyPair().start();
  const writer = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/pty-writer.ts'), pair.a], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  writer.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  await new Promise<void>((r) => writer.stderr.once('data', () => r()));
  // The app runs as its own process, as `npm run web` would, so its CPU time is the pipeline's alone.
  const host = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROF] : []), ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), HOST_BUNDLE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let hostOut = '';
  host.stdout.setEncoding('utf8').on('data', (d: string) => { hostOut += d; });
  await waitFor(() => /http:\/\/\S+/.test(hostOut), 15_000, 'the host URL');
  const url = /http:\/\/\S+/.exec(hostOut)![0];
  const cpuTicks = () => procTicks(host.pid!);
  /** CPU ticks per thread name (main thread, libuv pool, V8 workers…), to see where a process's time goes. */
  const threadTicks = (): Map<string, number> => {
    const m = new Map<string, number>();
    for (const tid of readdirSync(`/proc/${host.pid}/task`)) {
      try {
        const raw = readFileSync(`/proc/${host.pid}/task/${tid}/stat`, 'utf8');
        const name = raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')')) + (tid === String(host.pid) ? '[main]' : '');
        const f = raw.slice(raw.lastIndexOf(') ') + 2).split(' ');
        m.set(name, (m.get(name) ?? 0) + Number(f[11]) + Number(f[12]));
      } catch { /* thread ended */ }
    }
    return m;
  };
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    if (process.env.BENCH_NO_DRAW) await page.addInitScript(() => { (globalThis as any).requestAnimationFrame = () => 0; });
    await page.goto(url);
    await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
    await page.selectOption('[data-testid=device-select]', '__other');
    await page.fill('[data-testid=port-path]', pair.b);
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=link-state][data-state=streaming]');
    await new Promise((r) => setTimeout(r, 1000)); // settle
    const ticks0 = cpuTicks();
    const threads0 = threadTicks();
    // Profiling aids: BENCH_MARK=<file> gets the host's pid when the measured window opens (to attach `perf`),
    // BENCH_NODE_ARGS adds node flags to the host (e.g. --perf-basic-prof).
    if (process.env.BENCH_MARK) writeFileSync(process.env.BENCH_MARK, String(host.pid));
    const wall0 = performance.now();
    const samples0 = await page.evaluate(() => (globalThis as any).__loslaten.stats.samples as number);
    await new Promise((r) => setTimeout(r, STREAM_S * 1000));
    const cpuMs = (cpuTicks() - ticks0) * 10; // USER_HZ = 100 on Linux
    const threads1 = threadTicks();
    const perThread = [...threads1].map(([k, v]) => `${k} ${((v - (threads0.get(k) ?? 0)) * 10 / (STREAM_S * 10)).toFixed(1)}%`).filter((x) => !x.endsWith(' 0.0%'));
    process.stderr.write(`bench: host CPU by thread: ${perThread.join(', ')}\n`);
    const wallMs = performance.now() - wall0;
    const samples1 = await page.evaluate(() => (globalThis as any).__loslaten.stats.samples as number);
    const lost = Number(await page.textContent('[data-testid=count-lost]'));
    const arrivals = await page.evaluate(() => {
      const s = (globalThis as any).__loslaten.stats;
      const n = Math.min(s.arrivalCount, s.arrivalMs.length);
      const first = s.arrivalCount - n;
      const endIdx: number[] = []; const ms: number[] = []; const sent: number[] = []; const read: number[] = [];
      for (let k = first; k < s.arrivalCount; k++) { const i = k % s.arrivalMs.length; endIdx.push(s.arrivalEndIndex[i]); ms.push(s.arrivalMs[i]); sent.push(s.sentMs[i]); read.push(s.readMs[i]); }
      return { endIdx, ms, sent, read, frames: s.frames };
    });
    // The floor, on the same pty, writer and browser, right after the app: what the cadence alone costs.
    host.kill('SIGTERM');
    await new Promise((r) => host.once('exit', r));
    const floor = await measureFloor(pair.b, browser);
    writer.kill('SIGTERM');
    await waitFor(() => out.endsWith('\n'), 5000, 'writer log');
    const log = JSON.parse(out) as number[];
    // Write time of every sample: the burst that carried it.
    const writeEnd: number[] = []; const writeMs: number[] = [];
    for (let i = 0; i < log.length; i += 2) { writeEnd.push(log[i]!); writeMs.push(log[i + 1]!); }
    const lat: number[] = [];
    const core: number[] = [];
    const readWait: number[] = [];
    let w = 0;
    for (let f = 1; f < arrivals.endIdx.length; f++) {
      const from = arrivals.endIdx[f - 1]!;
      const to = arrivals.endIdx[f]!;
      for (let k = from; k < to; k++) {
        while (w < writeEnd.length && writeEnd[w]! <= k) w++;
        if (w >= writeEnd.length) break;
        lat.push(arrivals.ms[f]! - writeMs[w]!);
        core.push(arrivals.sent[f]! - writeMs[w]!);
        readWait.push(arrivals.read[f]! - writeMs[w]!);
      }
    }
    lat.sort((a, b) => a - b);
    core.sort((a, b) => a - b);
    readWait.sort((a, b) => a - b);
    if (lat.length < 1000) throw new Error(`too few latency samples (${lat.length})`);
    return {
      pipeline_cpu_percent: +((cpuMs / wallMs) * 100).toFixed(2),
      pipeline_cpu_floor_percent: +floor.toFixed(2),
      pipeline_cpu_over_floor_percent: +((cpuMs / wallMs) * 100 - floor).toFixed(2),
      pipeline_samples_per_s: Math.round(((samples1 - samples0) / wallMs) * 1000),
      pipeline_lost_samples: lost,
      latency_p50_ms: +percentile(lat, 50).toFixed(1),
      latency_p99_ms: +percentile(lat, 99).toFixed(1),
      latency_samples_measured: lat.length,
      latency_to_core_read_p50_ms: +percentile(readWait, 50).toFixed(1),
      latency_to_core_read_p99_ms: +percentile(readWait, 99).toFixed(1),
      latency_to_core_send_p50_ms: +percentile(core, 50).toFixed(1),
      latency_to_core_send_p99_ms: +percentile(core, 99).toFixed(1),
    };
  } finally {
    await browser.close();
    host.kill('SIGTERM');
    if (writer.exitCode === null) writer.kill('SIGKILL');
    await pair.stop();
  }
}
