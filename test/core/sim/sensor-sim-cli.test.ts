// End to end: the sensor:sim CLI on one end of a socat pty pair, read back through serialport + readline + Ll1Decoder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { ReadlineParser } from '@serialport/parser-readline';
import { Ll1Decoder, totalRejected } from '../../../firmware-protocol/decoder.ts';
import type { DeviceIdent, StreamHeader } from '../../../firmware-protocol/codec.ts';

const ROOT = resolve(__dirname, '../../..');
const CLI = 'core/sim/sensor-sim-cli.ts';

function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((ok, fail) => {
    const t0 = Date.now();
    const tick = (): void => {
      if (cond()) ok();
      else if (Date.now() - t0 > timeoutMs) fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

function exited(p: ChildProcess): Promise<number | null> {
  return new Promise((ok) => {
    if (p.exitCode !== null || p.signalCode !== null) ok(p.exitCode);
    else p.once('exit', (code) => ok(code));
  });
}

/** Stops a process group we started (detached spawn), first politely, then for sure. */
async function stopGroup(p: ChildProcess | null): Promise<void> {
  if (!p?.pid || p.exitCode !== null || p.signalCode !== null) return;
  try { process.kill(-p.pid, 'SIGTERM'); } catch { /* already gone */ }
  const timer = setTimeout(() => { try { process.kill(-p.pid!, 'SIGKILL'); } catch { /* gone */ } }, 3000);
  await exited(p);
  clearTimeout(timer);
}

describe('sensor:sim CLI over a socat pty pair', () => {
  let dir = '';
  let socat: ChildProcess | null = null;
  let sim: ChildProcess | null = null;
  let simErr = '';
  let port: SerialPort | null = null;

  beforeAll(async () => {
    const probe = spawnSync('socat', ['-V']);
    if (probe.error || probe.status !== 0) {
      throw new Error('socat is required for this test and was not found: apt-get install -y socat');
    }
    dir = mkdtempSync(join(tmpdir(), 'loslaten-sim-'));
    socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${dir}/a`, `pty,raw,echo=0,link=${dir}/b`], {
      detached: true, stdio: ['ignore', 'ignore', 'pipe'],
    });
    await waitFor(() => existsSync(join(dir, 'a')) && existsSync(join(dir, 'b')), 5000, 'socat pty links');
    sim = spawn('npx', ['tsx', CLI, '--port', join(dir, 'a'), '--kind', 'pressure', '--script', 'steady'], {
      cwd: ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'],
    });
    sim.stderr!.on('data', (b: Buffer) => { simErr += b.toString(); });
    await waitFor(() => simErr.includes('waiting for START') || sim!.exitCode !== null, 20_000, 'the simulator to open its port');
    if (!simErr.includes('waiting for START')) throw new Error(`simulator did not start: ${simErr}`);
  });

  afterAll(async () => {
    if (port?.isOpen) await new Promise<void>((ok) => port!.close(() => ok()));
    await stopGroup(sim);
    await stopGroup(socat);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers INFO and START with ident, header and ≥ 200 samples of raw 2500 (25.00 mmHg), none rejected', async () => {
    const idents: DeviceIdent[] = [];
    const headers: StreamHeader[] = [];
    const raws: number[] = [];
    const events: string[] = [];
    const decoder = new Ll1Decoder({
      onIdent: (id) => idents.push(id),
      onEvent: (e) => events.push([e.name, ...e.args].join()),
      onHeader: (h) => headers.push(h),
      onBatch: (b) => { for (let i = 0; i < b.count; i++) raws.push(b.channels[0]![i]!); },
    });
    port = new SerialPort({ path: join(dir, 'b'), baudRate: 921600, autoOpen: false });
    await new Promise<void>((ok, fail) => port!.open((e) => (e ? fail(e) : ok())));
    const parser = port.pipe(new ReadlineParser({ delimiter: '\n' }));
    parser.on('data', (line: string) => {
      const b = Buffer.from(line, 'latin1');
      decoder.pushLine(b, b.length, Date.now());
      decoder.flush();
    });
    port.write('INFO\n');
    port.write('START\n');
    await waitFor(() => raws.length >= 200, 15_000, '200 samples');
    expect(idents[0]).toEqual({ vendor: 'Loslaten', model: 'Sim-P', serial: 'SIM-1', firmware: '1.0.0' });
    expect(headers.length).toBeGreaterThanOrEqual(2); // after INFO, after START (and once per second)
    expect(headers[0]).toEqual({ rateHz: 100, channels: [{ label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: -5000, rawMax: 30000 }] });
    expect(raws.every((r) => r === 2500)).toBe(true);
    expect(totalRejected(decoder.counters)).toBe(0);
    expect(decoder.counters.lost).toBe(0);

    // ZERO then the readout is relative to 25.00 mmHg; unknown commands get an error event.
    const n = raws.length;
    port.write('ZERO\nHELLO\n');
    await waitFor(() => raws.length >= n + 50 && raws[raws.length - 1] === 0 && events.includes('error,unknown-command'), 10_000, 'tared samples and the error event');
    expect(raws.slice(0, n).every((r) => r === 2500)).toBe(true);
    expect(totalRejected(decoder.counters)).toBe(0);
    expect(decoder.counters.lost).toBe(0);
  });
});

describe('sensor:sim CLI process behaviour', () => {
  it('fails with one clear line and exit code 1 on a bad port path', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--port', '/nonexistent/loslaten-port'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('sensor-sim:'));
    expect(lines).toEqual([expect.stringMatching(/^sensor-sim: cannot open \/nonexistent\/loslaten-port: .*No such file/)]);
  });

  it('fails with usage and exit code 2 on bad arguments', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--kind', 'ecg'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: npm run sensor:sim/);
  });

  it('exits 0 on SIGTERM and on SIGINT while streaming', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loslaten-sim-'));
    const socat = spawn('socat', [`pty,raw,echo=0,link=${dir}/a`, `pty,raw,echo=0,link=${dir}/b`], { detached: true, stdio: 'ignore' });
    try {
      await waitFor(() => existsSync(join(dir, 'a')), 5000, 'socat pty links');
      for (const sig of ['SIGTERM', 'SIGINT'] as const) {
        const p = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', join(dir, 'a'), '--auto-start'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
        await waitFor(() => err.includes('(streaming)') || p.exitCode !== null, 20_000, 'the simulator to stream');
        expect(err).toContain('(streaming)');
        p.kill(sig);
        expect(await exited(p)).toBe(0);
      }
    } finally {
      await stopGroup(socat);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
