// The headless CLI: exit codes and one-line errors, inspect/export/recover on files, and a full record round trip
// from the simulated sensor over a pty pair (socat) with raw values compared to the simulator's own output.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLine, type StreamHeader } from '../../firmware-protocol/codec.ts';
import { SimulatedSensor } from '../../firmware-protocol/simulated-sensor.ts';
import { parseFixedHeader, parseHeader, recordBytes } from '../../sessions/edf-header.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { readSidecar } from '../../sessions/sidecar.ts';
import { PtyPair, simReady, spawnSim, stopProcess, waitFor } from '../helpers/pty.ts';
import { EMG2, batch, rawAt, tmpDir } from '../sessions/helpers.ts';

const children: ChildProcess[] = [];
/** Ends a child and, when it leads its own process group (started detached), the whole group. */
function killGroup(c: ChildProcess, sig: NodeJS.Signals): void {
  if (c.pid === undefined || c.exitCode !== null || c.signalCode !== null) return;
  try { process.kill(-c.pid, sig); } catch { c.kill(sig); }
}
const pairs: PtyPair[] = [];
afterAll(async () => {
  for (const c of children) killGroup(c, 'SIGKILL');
  for (const p of pairs) await p.stop();
});

/** Data records an EDF being written holds so far (its header says -1 until it is closed): from the file's size. */
function recordsOnDisk(file: string): number {
  let b: Buffer;
  try { b = fs.readFileSync(file); } catch { return 0; }
  const fixed = parseFixedHeader(b, b.length);
  if (!fixed.ok || b.length < fixed.headerBytes) return 0;
  const h = parseHeader(b, fixed.format, fixed.ns, fixed.headerBytes);
  return h.ok ? Math.floor((b.length - fixed.headerBytes) / recordBytes(h.header)) : 0;
}

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['bin/loslaten.mjs', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs several CLI invocations in parallel. */
function clis(list: string[][]): Promise<{ args: string[]; code: number | null; stderr: string }[]> {
  return Promise.all(list.map((args) => new Promise<{ args: string[]; code: number | null; stderr: string }>((resolve) => {
    execFile('node', ['bin/loslaten.mjs', ...args], { encoding: 'utf8', timeout: 30_000 }, (e, _out, stderr) => {
      resolve({ args, code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stderr });
    });
  })));
}

async function fixture(dir: string, name: string): Promise<string> {
  const r = new Recorder({ outPath: path.join(dir, name), header: EMG2 });
  r.annotate(0.25, 'rest, "quoted"');
  r.onBatch(batch(EMG2, 0, 1000));
  r.onBatch(batch(EMG2, 1005, 995, { lostBefore: 5 }));
  return (await r.close()).path;
}

describe('CLI basics', () => {
  it('exits 1 with a one-line message on usage errors', async () => {
    for (const r of await clis([[], ['frobnicate'], ['inspect'], ['record', '--out', 'x.edf'], ['record', '--port', '/dev/null'], ['export', 'a.edf'], ['inspect', 'a.edf', '--bogus']])) {
      expect(r.code, r.args.join(' ')).toBe(1);
      if (r.args.length > 0) expect(r.stderr).toMatch(/^loslaten: [^\n]+\n$/);
    }
  }, 60_000);

  it('record --protocol refuses an unknown name and lists the known ones', () => {
    const r = cli(['record', '--port', 'demo:emg', '--out', path.join(tmpDir(), 'x.edf'), '--protocol', 'glazer']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--protocol "glazer" is not a known protocol; known: downtraining-<5\.\.20 minutes>, glazer-assessment, quick-flicks, holds-10x10, drop-practice/);
  });

  it('lists ports (with the demo sensors) as JSON', () => {
    const r = cli(['ports', '--json']);
    expect(r.code).toBe(0);
    const ports = JSON.parse(r.stdout) as { id: string }[];
    expect(ports.map((p) => p.id)).toEqual(expect.arrayContaining(['demo:emg', 'demo:pressure']));
  }, 30_000);

  it('exits 2 on data errors: missing, truncated and non-EDF files, a missing port', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'junk.edf'), 'hello');
    for (const r of await clis([['inspect', path.join(dir, 'none.edf')], ['inspect', path.join(dir, 'junk.edf')], ['recover', path.join(dir, 'junk.edf')],
      ['export', path.join(dir, 'junk.edf'), '--csv', path.join(dir, 'o.csv')], ['record', '--port', path.join(dir, 'no-tty'), '--out', path.join(dir, 'r.edf'), '--seconds', '1']])) {
      expect(r.code, r.args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^loslaten: [^\n]+\n$/);
    }
  }, 60_000);

  it('inspects (text and JSON), exports CSV with units and an annotations CSV, recovers', async () => {
    const dir = tmpDir();
    const p = await fixture(dir, 'f.edf');
    const text = cli(['inspect', p]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/type\s+EDF\+C/);
    expect(text.stdout).toMatch(/PF\s+uV\s+1000 Hz/);
    const j = JSON.parse(cli(['inspect', p, '--json']).stdout);
    expect(j.channels.map((c: { label: string }) => c.label)).toEqual(['PF', 'ABD']);
    expect(j.durationS).toBe(2);
    expect(j.annotations.map((a: { text: string }) => a.text)).toEqual(['rest, "quoted"', 'lost 5 samples']);
    const csv = path.join(dir, 'out.csv');
    const e = cli(['export', p, '--csv', csv]);
    expect(e.code).toBe(0);
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time_s,PF (uV),ABD (uV)');
    expect(lines).toHaveLength(2001);
    const row = (i: number): number[] => lines[i + 1]!.split(',').map(Number);
    expect(row(0)).toEqual([0, rawAt(0, 0) / 10, rawAt(1, 0) / 10]);
    expect(row(1500)[0]).toBeCloseTo(1.5, 9);
    expect(row(1500)[1]).toBeCloseTo(rawAt(0, 1500) * 0.1, 6);
    const ann = fs.readFileSync(path.join(dir, 'out.annotations.csv'), 'utf8');
    expect(ann).toBe('onset_s,duration_s,text\n0.25,,"rest, ""quoted"""\n1,0.005,lost 5 samples\n');
    const unfinished = path.join(dir, 'u.edf');
    const b = fs.readFileSync(p);
    b.write('-1      ', 236, 'latin1');
    fs.writeFileSync(unfinished, b.subarray(0, b.length - 100));
    expect(cli(['inspect', unfinished]).code).toBe(2);
    const rec = cli(['recover', unfinished]);
    expect(rec.code).toBe(0);
    expect(rec.stdout).toMatch(/repaired, kept 1 records/);
    expect(cli(['inspect', unfinished]).code).toBe(0);
  }, 90_000);
});

/** Expected samples of the simulator by sequence number (the simulator is deterministic per seed). */
function simSamples(seed: number, count: number): { header: StreamHeader; raws: Int32Array[] } {
  const sim = new SimulatedSensor({ kind: 'emg', script: 'demo', seed });
  sim.command('INFO');
  sim.advance(0);
  sim.command('START');
  const header = sim.header;
  const raws = header.channels.map(() => new Int32Array(count));
  let n = 0;
  for (let t = 10; n < count; t += 10) {
    for (const line of sim.advance(t)) {
      const r = parseLine(line, header);
      if (r.type === 'sample' && r.seq < count) { r.raws.forEach((v, c) => { raws[c]![r.seq] = v; }); n = Math.max(n, r.seq + 1); }
    }
  }
  return { header, raws };
}

describe('CLI record stop by signal', () => {
  it('closes the file properly on SIGTERM and prints the summary (demo sensor)', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'sig.edf');
    const rec = spawn('node', ['bin/loslaten.mjs', 'record', '--port', 'demo:emg', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.push(rec);
    let stdout = '', stderr = '';
    rec.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    rec.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    // Stopped once two whole records are on disk (was: a fixed 2.5 s after the sidecar appeared).
    await waitFor(() => recordsOnDisk(out) >= 2, 20_000, 'two records in the EDF being written');
    rec.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => rec.on('exit', r));
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^recorded .*sig\.edf \(EDF\+, \d+ s, \d+ records, [\d.]+ s wall time\)$/m);
    const f = openEdf(out);
    if (!f.ok) throw new Error(JSON.stringify(f.error));
    expect(f.value.records).toBeGreaterThanOrEqual(2);
    expect(f.value.header.records).toBe(f.value.records);
    f.value.close();
    const sc = readSidecar(out.replace(/\.edf$/, '.loslaten.json'));
    expect(sc.ok && sc.value.recording.status).toBe('complete');
  }, 30_000);
});

describe('CLI record round trip over a pty', () => {
  it('records the simulator through a socat pty pair with identical raw values; losses are annotated', async () => {
    const pty = await new PtyPair().start(); // fails loudly when socat is missing
    pairs.push(pty);
    const seed = 7;
    // The simulator in one node process (no npx in between), started once it says its port is open (was: a fixed 1.5 s).
    const sim = spawnSim(pty.a, ['--kind', 'emg', '--script', 'demo', '--seed', String(seed)]);
    children.push(sim);
    await simReady(sim);
    const b = pty.b;
    const out = path.join(pty.dir, 'rt.edf');
    const rec = spawn('node', ['bin/loslaten.mjs', 'record', '--port', b, '--out', out, '--seconds', '3', '--protocol', 'glazer-assessment'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    rec.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    rec.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((r) => rec.on('exit', r));
    await stopProcess(sim);
    await pty.stop();
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/samples \d+, lost \d+/);
    expect(stdout).toMatch(/rejected \d+ \(no-header \d+, checksum \d+/);

    const f = openEdf(out);
    if (!f.ok) throw new Error(JSON.stringify(f.error));
    const r = f.value;
    expect(r.records).toBe(3);
    const ann = r.readAnnotations();
    if (!ann.ok) throw new Error('annotations');
    const got = r.dataSignals.map((s) => r.readDigital(s));
    r.close();
    const exp = simSamples(seed, 6000 + 2000);
    expect(r.header.signals.slice(0, 2).map((s) => s.label)).toEqual(exp.header.channels.map((c) => c.label));
    // Sample index 0 of the file is seq 0 unless lines were lost before the first accepted sample: align on 32 samples.
    let offset = -1;
    for (let o = 0; o < 2000 && offset < 0; o++) {
      let same = true;
      for (let i = 0; i < 32 && same; i++) same = got[0]![i] === exp.raws[0]![o + i] && got[1]![i] === exp.raws[1]![o + i];
      if (same) offset = o;
    }
    expect(offset).toBeGreaterThanOrEqual(0);
    const lostRanges = ann.value.annotations.filter((x) => /^lost \d+ samples$/.test(x.text))
      .map((x) => [Math.round(x.onsetS * 2000), Math.round((x.onsetS + (x.durationS ?? 0)) * 2000)] as const);
    const sc = readSidecar(out.replace(/\.edf$/, '.loslaten.json'));
    if (!sc.ok) throw new Error('sidecar');
    expect(sc.value.protocol?.name).toBe('Assessment (Glazer protocol)');
    // The protocol's clock ran: its id and the same phase annotations the app writes; --seconds ended the first phase.
    const settings = sc.value.protocol?.settings as { id: string; phases: { id: string; kind: string }[] };
    expect(settings.id).toBe('glazer-assessment');
    expect(settings.phases.slice(0, 3).map((p) => `${p.id}:${p.kind}`)).toEqual(['rest-before:rest', 'flick-1:flick', 'flick-1-rest:recovery']);
    const texts = ann.value.annotations.map((x) => x.text);
    expect(texts).toContain('protocol glazer-assessment');
    const start = ann.value.annotations.find((x) => x.text === 'phase start rest-before');
    const end = ann.value.annotations.find((x) => x.text === 'phase end rest-before');
    expect(start?.onsetS).toBeCloseTo(0, 2);
    expect(end?.onsetS).toBeGreaterThan(2.5);
    expect(end?.onsetS).toBeLessThanOrEqual(3.001);
    expect(sc.value.recording.status).toBe('complete');
    const lostTotal = lostRanges.reduce((s, [x, y]) => s + y - x, 0);
    expect(lostTotal).toBe(sc.value.recording.lost);
    let mismatches = 0;
    for (let i = 0; i < 6000; i++) {
      const inLost = lostRanges.some(([x, y]) => i >= x && i < y);
      for (const c of [0, 1]) {
        if (got[c]![i] !== exp.raws[c]![offset + i + 0] && !inLost) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  }, 60_000);
});
