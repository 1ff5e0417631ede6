// Test helper: builds the firmware + simavr harness, runs one firmware ELF in the harness and talks LL1 to it over the pty.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SerialPort } from 'serialport';
import { ReadlineParser } from '@serialport/parser-readline';
import { Ll1Decoder } from '../../firmware-protocol/decoder.ts';
import type { DeviceEvent, DeviceIdent, RejectReason, StreamHeader } from '../../firmware-protocol/codec.ts';

/** Firmware project folder. */
export const ARDUINO_DIR = resolve(__dirname, '../../firmware-protocol/arduino');
export const BUILD_DIR = join(ARDUINO_DIR, 'build');
/** Build constants the Makefile uses by default (the tests check the header against them). */
export const VREF_MV = 5000;
export const EMG_GAIN = 1000;
export const HX_COUNTS_PER_MMHG = 107400;

let built = false;
/**
 * Runs `make all harness` (under flock: test files run in parallel processes); throws (the test fails) with the
 * tool's message when make, avr-gcc, avr-libc or libsimavr are missing.
 */
export function buildFirmware(): void {
  if (built) return;
  try {
    execFileSync('flock', [join(tmpdir(), 'loslaten-firmware-build.lock'), 'make', '-C', ARDUINO_DIR, 'all', 'harness'], { stdio: 'pipe' });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`firmware/harness build failed (need make gcc-avr avr-libc libsimavr-dev libelf-dev): ${err.stderr?.toString() ?? err.message}`);
  }
  built = true;
}

/** Harness statistics (cycle counts on the simulated clock), see harness/loslaten_sim.c. */
export interface SimStats {
  wallS: number; cycle: number; freq: number; streams: number; streamStartCycle: number; ticks: number;
  firstTickCycle: number; lastTickCycle: number; sampleLines: number; firstLineCycle: number; lastLineCycle: number;
  latMaxCycles: number; latMeanCycles: number; isrBusyCycles: number; workBusyCycles: number;
  isrTimerMaxCycles: number; isrAdcMaxCycles: number; isrOtherMaxCycles: number; workMaxCycles: number;
  bytes: number; headerLines: number; eventLines: number; overrunEvents: number; hxConversions: number; hxReads: number;
  /** Bytes the pty bridge had to drop because the host did not read (must stay 0). */
  bridgeDrops: number;
}

/** One decoded sample, kept for assertions. */
export interface RxSample { streamId: number; index: number; seq: number; raws: number[]; hostMs: number }
export interface RxEvent { event: DeviceEvent; afterSamples: number; streamId: number }
export interface RxHeader { header: StreamHeader; changed: boolean; streamId: number; afterSamples: number }

export class SimSession {
  readonly samples: RxSample[] = [];
  readonly events: RxEvent[] = [];
  readonly headers: RxHeader[] = [];
  readonly idents: DeviceIdent[] = [];
  readonly rejects: RejectReason[] = [];
  /** The raw text of each rejected line (for failure messages). */
  readonly rejectedLines: string[] = [];
  readonly lines: string[] = [];
  stats: SimStats | null = null;
  final: SimStats | null = null;
  ready: Record<string, unknown> | null = null;
  readonly decoder: Ll1Decoder;
  private proc: ChildProcess | null = null;
  private port: SerialPort | null = null;
  private dir: string;
  private flushTimer: NodeJS.Timeout | null = null;
  private stdoutBuf = '';
  private exited: Promise<number | null> | null = null;
  readonly linkPath: string;

  constructor(private readonly elf: string, private readonly args: string[] = []) {
    this.dir = mkdtempSync(join(tmpdir(), 'll-sim-'));
    this.linkPath = join(this.dir, 'tty');
    this.decoder = new Ll1Decoder({
      onBatch: (b) => {
        for (let i = 0; i < b.count; i++) {
          const raws: number[] = [];
          for (const ch of b.channels) raws.push(ch[i]!);
          this.samples.push({ streamId: b.streamId, index: b.firstSampleIndex + i, seq: (b.firstSeq + i) & 0xffff, raws, hostMs: b.hostTimeMs });
        }
      },
      onHeader: (header, changed, streamId) => { this.decoder.flush(); this.headers.push({ header, changed, streamId, afterSamples: this.samples.length }); },
      onIdent: (id) => { this.idents.push(id); },
      onEvent: (event) => { this.decoder.flush(); this.events.push({ event, afterSamples: this.samples.length, streamId: this.decoder.currentStreamId }); },
      onReject: (r) => { this.rejects.push(r); this.rejectedLines.push(this.lines[this.lines.length - 1] ?? ''); },
    }, { maxBatchSamples: 256 });
  }

  /** Starts the harness (no port opened: for external clients such as the CLI). Resolves when the pty link exists. */
  async startHarness(): Promise<void> {
    buildFirmware();
    const bin = join(BUILD_DIR, 'loslaten-sim');
    const proc = spawn(bin, ['--elf', join(BUILD_DIR, this.elf), '--link', this.linkPath, '--stats-ms', '100', ...this.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    this.exited = new Promise((res) => proc.on('exit', (code) => res(code)));
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    proc.stdout!.on('data', (d: Buffer) => {
      this.stdoutBuf += d.toString();
      let nl: number;
      while ((nl = this.stdoutBuf.indexOf('\n')) >= 0) {
        const l = this.stdoutBuf.slice(0, nl);
        this.stdoutBuf = this.stdoutBuf.slice(nl + 1);
        if (l.startsWith('STAT ')) this.stats = JSON.parse(l.slice(5)) as SimStats;
        else if (l.startsWith('FINAL ')) this.final = JSON.parse(l.slice(6)) as SimStats;
        else if (l.startsWith('READY ')) this.ready = JSON.parse(l.slice(6)) as Record<string, unknown>;
      }
    });
    const t0 = Date.now();
    while (!this.ready || !existsSync(this.linkPath)) {
      if (proc.exitCode !== null) throw new Error(`harness exited early (${proc.exitCode}): ${stderr}`);
      if (Date.now() - t0 > 10_000) throw new Error(`harness did not come up: ${stderr}`);
      await sleep(20);
    }
  }

  /** Starts the harness and opens the pty with serialport + readline into the LL1 decoder. */
  async start(): Promise<void> {
    await this.startHarness();
    const port = new SerialPort({ path: this.linkPath, baudRate: 500000, autoOpen: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    this.port = port;
    const parser = port.pipe(new ReadlineParser({ delimiter: '\n', encoding: 'latin1' }));
    parser.on('data', (line: string) => {
      this.lines.push(line);
      const bytes = Buffer.from(line, 'latin1');
      this.decoder.pushLine(bytes, bytes.length, Date.now());
    });
    this.flushTimer = setInterval(() => this.decoder.flush(), 20);
  }

  send(cmd: string): void { this.port!.write(cmd + '\n'); }

  /** Waits until `pred` holds (polled every 10 ms); throws after `timeoutMs`. */
  async waitFor(what: string, pred: () => boolean, timeoutMs = 8000): Promise<void> {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await sleep(10);
    }
    this.decoder.flush();
  }

  /** Waits until the harness reports at least `ticks` timer interrupts in stream number `streams`. */
  async waitTicks(streams: number, ticks: number, timeoutMs = 8000): Promise<SimStats> {
    await this.waitFor(`${ticks} ticks in stream ${streams}`, () => !!this.stats && this.stats.streams === streams && this.stats.ticks >= ticks, timeoutMs);
    return this.stats!;
  }

  async stop(): Promise<SimStats | null> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.decoder.flush();
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((res) => port.close(() => res()));
    if (this.proc && this.proc.exitCode === null) {
      this.proc.kill('SIGTERM');
      const t = setTimeout(() => this.proc?.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(t);
    }
    rmSync(this.dir, { recursive: true, force: true });
    return this.final;
  }
}

export function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }

/** C lround: halves away from zero. */
export function lround(x: number): number { return x < 0 ? -Math.round(-x) : Math.round(x); }

/** The harness's sine waveform in centred ADC counts for sample n, channel ch (see harness/loslaten_sim.c). */
export function sineRaw(amp: number, period: number, n: number, ch: number): number {
  const ph = ((n + Math.trunc((ch * period) / 4)) % period) / period;
  return lround(amp * Math.sin(2 * Math.PI * ph));
}

/** Sample rate measured on the simulated clock from the first/last timer interrupt of the current stream, in Hz. */
export function tickRateHz(s: SimStats): number { return ((s.ticks - 1) * s.freq) / (s.lastTickCycle - s.firstTickCycle); }
/** Sample-line rate measured on the simulated clock at the UART (first/last sample line written), in Hz. */
export function lineRateHz(s: SimStats): number { return ((s.sampleLines - 1) * s.freq) / (s.lastLineCycle - s.firstLineCycle); }
