// `loslaten record --device cyton|bitalino|text` against the device emulators on socat ptys (the real serialport
// stack on both ends): every intact sample arrives with its exact value, the right file format and header fields,
// faults counted and annotated, nothing invented; a wrong extension is refused before any port is opened.
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, describe, expect, it } from 'vitest';
import { EmulatorOnPort, type EmulatorOptions } from '../../core/sim/device-emulator.ts';
import { bitalinoValue, cytonValue, textValue } from '../../devices/emulators.ts';
import { openEdf, type EdfReader } from '../../sessions/edf-reader.ts';
import { PtyPair } from '../helpers/pty.ts';

const pairs: PtyPair[] = [];
afterAll(async () => { for (const p of pairs) await p.stop(); });

interface Run { code: number | null; stdout: string; stderr: string; out: string; emu: EmulatorOnPort }

async function record(emu: EmulatorOptions, args: string[], outName: string): Promise<Run> {
  const pty = await new PtyPair().start();
  pairs.push(pty);
  const e = await new EmulatorOnPort(pty.a, emu).open();
  const out = path.join(pty.dir, outName);
  const rec = spawn('node', ['bin/loslaten.mjs', 'record', '--port', pty.b, '--out', out, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  rec.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  rec.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((r) => rec.on('exit', r));
  await e.close();
  return { code, stdout, stderr, out, emu: e };
}

function open(p: string): EdfReader {
  const o = openEdf(p);
  if (!o.ok) throw new Error(JSON.stringify(o.error));
  return o.value;
}

/**
 * Checks that every sample in the file that the recorder did not fill in (inside a `lost` or `padding` annotation) is
 * a sample the device sent, with its exact value on every channel, in the device's order: a walk over the device's
 * sample numbers that may only skip forward (samples lost on the wire, a restarted stream). Nothing is invented.
 * Returns the samples compared and the forward skips taken.
 */
function compare(r: EdfReader, expected: (i: number, c: number) => number): { compared: number; skips: number } {
  const ann = r.readAnnotations();
  if (!ann.ok) throw new Error(JSON.stringify(ann.error));
  const sigs = r.dataSignals;
  const rate = r.rateHz(sigs[0]!);
  const spr = r.header.signals[sigs[0]!]!.samplesPerRecord;
  const onsets = ann.value.recordOnsetsS;
  /** File-time of sample k (record onsets carry EDF+D gaps). */
  const timeOf = (k: number): number => onsets[Math.floor(k / spr)]! + (k % spr) / rate;
  const range = (a: { onsetS: number; durationS: number | null }) => [a.onsetS - 1e-9, a.onsetS + (a.durationS ?? 0) - 1e-9] as const;
  // Interpolated samples stand for device samples lost on the wire (the device's count goes on); padding for none.
  const lost = ann.value.annotations.filter((a) => /^lost \d+ samples$/.test(a.text)).map(range);
  const padding = ann.value.annotations.filter((a) => a.text === 'padding').map(range);
  const data = sigs.map((s) => r.readDigital(s));
  const n = data[0]!.length;
  const same = (k: number, j: number): boolean => data.every((d, c) => d[k] === expected(j, c));
  let j = -1, compared = 0, skips = 0;
  for (let k = 0; k < n; k++) {
    const t = timeOf(k);
    if (padding.some(([x, y]) => t >= x && t < y)) continue;
    if (lost.some(([x, y]) => t >= x && t < y)) { if (j >= 0) j++; continue; }
    if (j >= 0 && same(k, j + 1)) { j++; compared++; continue; }
    // Skip forward to the device sample this one is (two samples must agree: values repeat with a period).
    let found = -1;
    for (let q = j + 1; q < j + 1 + 20_000 && found < 0; q++) if (same(k, q) && (k + 1 >= n || same(k + 1, q + 1))) found = q;
    if (found < 0) throw new Error(`file sample ${k} (${data.map((d) => d[k]).join(',')}) is no sample the device sent after ${j}`);
    if (j >= 0) skips++;
    j = found;
    compared++;
  }
  return { compared, skips };
}

describe('record from devices people own', () => {
  it('OpenBCI Cyton → BDF+: exact 24-bit counts, dropped packets and junk counted and annotated', async () => {
    const r = await record({ device: 'cyton', faults: { drop: { every: 97, phase: 50 }, junk: { every: 61, phase: 7 } } }, ['--device', 'cyton', '--seconds', '3'], 'cyton.bdf');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\(BDF\+, 3 s, 3 records/);
    expect(r.stdout).toMatch(/^device OpenBCI Cyton \(driver cyton\), 24-bit samples$/m);
    const f = open(r.out);
    expect(f.header.format).toBe('BDF');
    expect(f.header.recording).toMatch(/Loslaten_[\d.]+_driver-cyton_OpenBCI_Cyton_v3\.1\.2$/);
    const data = f.dataSignals;
    expect(data).toHaveLength(8);
    expect(f.header.signals.slice(0, 8).every((s) => s.prefiltering === 'HP:20Hz LP:112.5Hz N:50Hz' && s.transducer === 'sEMG OpenBCI Cyton')).toBe(true);
    expect(f.rateHz(data[0]!)).toBe(250);
    const { compared, skips } = compare(f, cytonValue);
    expect(compared).toBeGreaterThan(700);
    expect(skips).toBe(0); // every dropped packet was seen as a counter jump and filled (annotated), never skipped silently
    const ann = f.readAnnotations();
    if (!ann.ok) throw new Error('annotations');
    const lost = ann.value.annotations.filter((a) => /^lost 1 samples$/.test(a.text));
    expect(lost.length).toBeGreaterThanOrEqual(6); // one packet in 97 dropped over 3 s of 250 Hz
    f.close();
  }, 40_000);

  it('BITalino → EDF+: A1/A2 at 1000 Hz as ADC − 512 counts, exact', async () => {
    const r = await record({ device: 'bitalino', faults: { drop: { every: 499, phase: 100 } } }, ['--device', 'bitalino', '--seconds', '2'], 'bit.edf');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^device BITalino .*\(driver bitalino\), 16-bit samples$/m);
    const f = open(r.out);
    expect(f.header.format).toBe('EDF');
    expect(f.header.recording).toMatch(/_driver-bitalino_PLUX_BITalino_/);
    expect(f.rateHz(f.dataSignals[0]!)).toBe(1000);
    const { compared } = compare(f, (i, c) => bitalinoValue(i, c) - 512);
    expect(compared).toBeGreaterThan(1000);
    f.close();
  }, 40_000);

  it('text stream → EDF+: columns scaled as asked, garbage lines counted and noted, losses said to be undetectable', async () => {
    const r = await record({ device: 'text', rateHz: 500, columns: 2, faults: { junk: { every: 200, phase: 20 }, corrupt: { every: 333, phase: 5 } } },
      ['--device', 'text', '--rate', '500', '--columns', 'PF:emg:uV:3.2227:512,ENV:envelope:uV:4882.8:0', '--seconds', '3'], 'text.edf');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/lost: not detectable \(a text stream has no sequence numbers\)/);
    expect(r.stdout).toMatch(/rejected [1-9]\d* \(syntax [1-9]/);
    const f = open(r.out);
    expect(f.header.format).toBe('EDF');
    const [pf, env] = f.header.signals;
    expect(pf!.transducer).toMatch(/^sEMG/);
    expect(pf!.prefiltering).toBe('HP:20Hz LP:225Hz N:50Hz');
    expect(env!.transducer).toMatch(/^EMG envelope/);
    expect(env!.prefiltering).toBe('envelope rectified+smoothed by device; no band-pass');
    // Physical values: (printed − 512) × 3.2227 µV and printed × 4882.8 µV, to the 8-character header fields' precision.
    const g0 = f.gain(f.dataSignals[0]!), g1 = f.gain(f.dataSignals[1]!);
    expect(Math.abs(g0.gain / 3.2227 - 1)).toBeLessThan(1e-5);
    expect(Math.abs(g1.gain / 4882.8 - 1)).toBeLessThan(1e-5);
    const ann = f.readAnnotations();
    if (!ann.ok) throw new Error('annotations');
    const notes = ann.value.annotations.filter((a) => /^rejected \d+ lines? \(syntax \d+/.test(a.text));
    expect(notes.length).toBeGreaterThanOrEqual(2);
    // A text stream has no sequence: a rejected line is skipped and the next one follows; nothing is filled in.
    const { compared, skips } = compare(f, (i, c) => (c === 0 ? textValue(i, 0) - 512 : textValue(i, 1)));
    expect(compared).toBeGreaterThan(1200);
    expect(skips).toBeGreaterThanOrEqual(3); // the corrupted lines (one in 333)
    expect(ann.value.annotations.some((a) => /^lost/.test(a.text))).toBe(false);
    f.close();
  }, 40_000);

  it('refuses an .edf for a Cyton before opening anything, naming the .bdf', () => {
    const r = spawnSync('node', ['bin/loslaten.mjs', 'record', '--port', '/dev/ttyUSB9', '--device', 'cyton', '--out', '/tmp/x.edf'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('loslaten: an OpenBCI Cyton (24-bit samples) is recorded as BDF+, so --out must end in .bdf: use --out /tmp/x.bdf\n');
  });

  it('--device auto: a text stream is recognised by listening (nothing sent) and needs its rate and columns', async () => {
    const without = await record({ device: 'text', rateHz: 200, columns: 2 }, ['--device', 'auto', '--seconds', '1'], 'auto.edf');
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/^loslaten: the device on \S+ prints lines of numbers \(a text stream\): give its --rate and --columns/);
    expect(without.emu.emulator.received).toEqual([]); // listening only: not one byte went to the device
    const withCols = await record({ device: 'text', rateHz: 200, columns: 2 }, ['--device', 'auto', '--rate', '200', '--columns', 'A:emg:uV:1:512,B:pressure:mmHg:0.5:0', '--seconds', '2'], 'auto2.edf');
    expect(withCols.code, withCols.stderr).toBe(0);
    expect(withCols.stderr).toMatch(/found Text stream on \S+ \(from what it sends\)/);
    expect(withCols.emu.emulator.received).toEqual([]);
    const f = open(withCols.out);
    expect(f.header.recording).toMatch(/_driver-text$/);
    expect(compare(f, (i, c) => (c === 0 ? textValue(i, 0) - 512 : textValue(i, 1))).compared).toBeGreaterThan(250);
    f.close();
  }, 40_000);

  it('--device auto on a port another program holds says it is busy, in the words the recording uses', async () => {
    const pty = await new PtyPair().start();
    pairs.push(pty);
    const holder = new SerialPort({ path: pty.b, baudRate: 115200, autoOpen: false, lock: true });
    await new Promise<void>((ok, bad) => holder.open((e) => (e ? bad(e) : ok())));
    try {
      const r = spawnSync('node', ['bin/loslaten.mjs', 'record', '--port', pty.b, '--device', 'auto', '--out', path.join(pty.dir, 'busy.edf'), '--seconds', '1'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`loslaten: port ${pty.b} is busy (another program has it open)\n`);
    } finally {
      await new Promise<void>((ok) => holder.close(() => ok()));
    }
  }, 40_000);

  it('--device auto sends nothing to a silent port without a USB identity (a stopped Cyton) and says what to do', async () => {
    const r = await record({ device: 'cyton' }, ['--device', 'auto', '--seconds', '1'], 'none.bdf');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^loslaten: could not tell which device is on \S+ \(listened 1\.5 s; nothing sent \(no USB identity to choose a safe probe\)\); give --device ll1\|cyton\|bitalino\|text\n$/);
    expect(r.emu.emulator.received).toEqual([]);
    expect(r.emu.emulator.streaming).toBe(false);
  }, 40_000);
});
