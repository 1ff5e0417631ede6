// Driver figures: decode throughput per driver against a naive decoder of the same format (same bytes, same run), and
// the host's CPU while a Cyton-rate and a BITalino-rate stream run through the app beside LL1's.
import { ReadlineParser } from '@serialport/parser-readline';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReadlineLines } from '../core/device/readline-lines.ts';
import { EmulatorOnPort } from '../core/sim/device-emulator.ts';
import { BitalinoDriver, bitalinoCrc4, BITALINO_DEFAULTS } from '../devices/bitalino.ts';
import { CytonDriver } from '../devices/cyton.ts';
import { BitalinoEmulator, CytonEmulator, TextEmulator } from '../devices/emulators.ts';
import { TextStreamDriver, type TextStreamSettings } from '../devices/text-stream.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import { PtyPair, ROOT, simReady, spawnSim, stopProcess, waitFor } from '../test/helpers/pty.ts';

function timeIt(minMs: number, once: () => void): number {
  let reps = 0;
  const t0 = performance.now();
  do { once(); reps++; } while (performance.now() - t0 < minMs);
  return (performance.now() - t0) / reps;
}

function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let o = 0; o < bytes.length; o += size) out.push(bytes.subarray(o, o + size));
  return out;
}

/** Best of 3 alternating runs of each, samples per second. */
function race(samples: number, app: () => void, naive: () => void): { app: number; naive: number } {
  app(); naive();
  const a: number[] = []; const n: number[] = [];
  for (let r = 0; r < 3; r++) { a.push(timeIt(500, app)); n.push(timeIt(500, naive)); }
  return { app: samples / (Math.min(...a) / 1000), naive: samples / (Math.min(...n) / 1000) };
}

/** The obvious Cyton decoder: Buffer.concat per read, subarray per packet, readIntBE, an array per sample. */
class NaiveCyton {
  private buf = Buffer.alloc(0);
  samples: number[][] = [];
  count = 0;
  push(chunk: Uint8Array): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 33) {
      if (this.buf[0] !== 0xa0 || this.buf[32]! < 0xc0 || this.buf[32]! > 0xc6) { this.buf = this.buf.subarray(1); continue; }
      const values: number[] = [];
      for (let c = 0; c < 8; c++) values.push(this.buf.readIntBE(2 + 3 * c, 3));
      this.samples.push(values);
      if (this.samples.length >= 64) this.samples = [];
      this.count++;
      this.buf = this.buf.subarray(33);
    }
  }
}

/** The BITalino API's read() in TypeScript: a byte array per frame, the bit-by-bit CRC, an array per sample. */
class NaiveBitalino {
  private buf: number[] = [];
  samples: number[][] = [];
  count = 0;
  constructor(private readonly L: number) {}
  push(chunk: Uint8Array): void {
    for (const b of chunk) this.buf.push(b);
    while (this.buf.length >= this.L) {
      const d = this.buf.slice(0, this.L);
      const crc = d[this.L - 1]! & 0x0f;
      d[this.L - 1] = d[this.L - 1]! & 0xf0;
      let x = 0;
      for (let i = 0; i < this.L; i++) for (let bit = 7; bit >= 0; bit--) { x <<= 1; if (x & 0x10) x ^= 0x03; x ^= (d[i]! >> bit) & 1; }
      if (crc !== (x & 0x0f)) { this.buf.shift(); continue; }
      this.samples.push([((d.at(-2)! & 0x0f) << 6) | (d.at(-3)! >> 2), ((d.at(-3)! & 0x03) << 8) | d.at(-4)!]);
      if (this.samples.length >= 64) this.samples = [];
      this.count++;
      this.buf = this.buf.slice(this.L);
    }
  }
}

const TEXT: TextStreamSettings = { rateHz: 500, columns: [{ label: 'PF', kind: 'emg', unit: 'uV', scale: 3.2227, offset: 512 }, { label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.25, offset: 100 }] };

/** Decode throughput, samples/s, app vs naive on the same bytes in 4 KiB reads (the serial source's typical read). */
export function benchDriverDecode(): Record<string, number> {
  const out: Record<string, number> = {};
  // Cyton: 8 channels, 250 Hz; 60000 packets.
  {
    const N = 60_000;
    const chunks = chunked(new CytonEmulator().produce(N)!, 4096);
    let got = 0;
    const d = new CytonDriver({ onBatch: (b) => { got += b.count; } }, undefined, 64);
    const n = new NaiveCyton();
    const r = race(N, () => { d.reset(); for (const c of chunks) d.push(c, c.length, 0); d.flush(); }, () => { for (const c of chunks) n.push(c); });
    if (got < N - 2 || n.count < N) throw new Error('cyton bench stream did not decode');
    Object.assign(out, { cyton_decode_samples_per_s: Math.round(r.app), cyton_naive_samples_per_s: Math.round(r.naive), cyton_decode_baseline_ratio: +(r.app / r.naive).toFixed(2) });
  }
  // BITalino: A1 + A2, 4-byte frames; 200000 frames.
  {
    const N = 200_000;
    const emu = new BitalinoEmulator();
    emu.receive(Uint8Array.of(0xc3, (3 << 2) | 1));
    const chunks = chunked(emu.produce(N)!, 4096);
    let got = 0;
    const d = new BitalinoDriver({ onBatch: (b) => { got += b.count; } }, BITALINO_DEFAULTS, 64);
    const n = new NaiveBitalino(4);
    const r = race(N, () => { d.reset(); for (const c of chunks) d.push(c, c.length, 0); d.flush(); }, () => { for (const c of chunks) n.push(c); });
    if (got < N - 2 || n.count < N || bitalinoCrc4(chunks[0]!, 0, 4) !== (chunks[0]![3]! & 15)) throw new Error('bitalino bench stream did not decode');
    Object.assign(out, { bitalino_decode_samples_per_s: Math.round(r.app), bitalino_naive_samples_per_s: Math.round(r.naive), bitalino_decode_baseline_ratio: +(r.app / r.naive).toFixed(2) });
  }
  // Text: two columns; both through @serialport/parser-readline (the app's is bounded), then parsing.
  {
    const N = 100_000;
    const chunks = chunked(new TextEmulator(500, 2).produce(N)!, 4096);
    let got = 0;
    const d = new TextStreamDriver({ onBatch: (b) => { got += b.count; } }, TEXT, 64);
    const lines = new ReadlineLines(256, (l, len) => d.pushLine(l, len, 0));
    const naiveRows: number[][] = [];
    let naiveCount = 0;
    const np = new ReadlineParser({ delimiter: '\n' });
    np.on('data', (line: string) => {
      const f = line.trim().split(/[\s,;]+/).map(Number);
      if (f.length !== 2 || f.some(Number.isNaN)) return;
      naiveRows.push([(f[0]! - 512) * 3.2227, (f[1]! - 100) * 0.25]);
      if (naiveRows.length >= 64) naiveRows.length = 0;
      naiveCount++;
    });
    const r = race(N, () => { d.reset(); for (const c of chunks) lines.feed(c, c.length); d.flush(); }, () => { for (const c of chunks) np.write(Buffer.from(c)); });
    if (got < N - 2 || naiveCount < N) throw new Error('text bench stream did not decode');
    Object.assign(out, { text_decode_samples_per_s: Math.round(r.app), text_naive_samples_per_s: Math.round(r.naive), text_decode_baseline_ratio: +(r.app / r.naive).toFixed(2) });
  }
  return out;
}

/** User + system CPU ticks (1/100 s) of a process so far. */
function procTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
}

const HOST_BUNDLE = join(ROOT, 'dist/host/host-main.mjs');
const STREAM_S = 8;

/**
 * Host CPU (% of one core) while a page takes the frames of: LL1 at 2 kHz × 2 (the simulator), a Cyton at 250 Hz ×
 * 8 and a BITalino at 1000 Hz × 2 (the emulators), one after the other in the same run and the same host process.
 */
export async function benchDriverLive(): Promise<Record<string, number>> {
  if (!existsSync(HOST_BUNDLE)) throw new Error('bench drivers-live needs the built app: run `npm run build` first');
  const host = spawn(process.execPath, [HOST_BUNDLE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let hostOut = '';
  host.stdout.setEncoding('utf8').on('data', (d: string) => { hostOut += d; });
  const browser = await launchBrowser();
  const out: Record<string, number> = {};
  try {
    await waitFor(() => /http:\/\/\S+/.test(hostOut), 15_000, 'the host URL');
    const url = /http:\/\/\S+/.exec(hostOut)![0];
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
    for (const device of ['ll1', 'cyton', 'bitalino'] as const) {
      const pair = await new PtyPair().start();
      const sim = device === 'll1' ? spawnSim(pair.a, ['--kind', 'emg', '--script', 'steady']) : null;
      const emu = device === 'll1' ? null : await new EmulatorOnPort(pair.a, { device }).open();
      try {
        if (sim) await simReady(sim);
        await page.selectOption('[data-testid=device-select]', '__other');
        await page.fill('[data-testid=port-path]', pair.b);
        await page.selectOption('[data-testid=driver-select]', device);
        await page.click('[data-testid=connect]');
        await page.waitForSelector('[data-testid=link-state][data-state=streaming]', { timeout: 10_000 });
        await new Promise((r) => setTimeout(r, 1000)); // settle
        const s0 = await page.evaluate(() => (globalThis as any).__loslaten.stats.samples as number);
        const t0 = procTicks(host.pid!);
        const w0 = performance.now();
        await new Promise((r) => setTimeout(r, STREAM_S * 1000));
        const cpu = ((procTicks(host.pid!) - t0) * 10) / (performance.now() - w0) * 100;
        const s1 = await page.evaluate(() => (globalThis as any).__loslaten.stats.samples as number);
        out[`live_${device}_cpu_percent`] = +cpu.toFixed(2);
        out[`live_${device}_samples_per_s`] = Math.round(((s1 - s0) / (performance.now() - w0)) * 1000);
        await page.click('[data-testid=disconnect]');
        await page.waitForSelector('[data-testid=link-state][data-state=idle]');
      } finally {
        await emu?.close();
        await stopProcess(sim);
        await pair.stop();
      }
    }
    out.live_cyton_over_ll1_cpu_ratio = +(out.live_cyton_cpu_percent! / out.live_ll1_cpu_percent!).toFixed(2);
    out.live_bitalino_over_ll1_cpu_ratio = +(out.live_bitalino_cpu_percent! / out.live_ll1_cpu_percent!).toFixed(2);
    return out;
  } finally {
    await browser.close();
    host.kill('SIGTERM');
  }
}

export async function benchDrivers(): Promise<Record<string, number>> {
  return { ...benchDriverDecode(), ...(await benchDriverLive()) };
}
