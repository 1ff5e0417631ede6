// Files written by the recorder are read by biosig (save2gdf), MNE-Python and EDFlib: same labels, units, rates,
// sample counts, raw values and annotations. Missing tools fail the suite (apt: biosig-tools python3-mne libedf-dev).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { Recorder, type RecordingSummary } from '../../sessions/recorder.ts';
import { EMG2, WIDE, batch, rawAt, tmpDir } from './helpers.ts';

const H3: StreamHeader = {
  rateHz: 1000,
  channels: [...EMG2.channels, { label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: -2000, rawMax: 30000 }],
};
const value = (c: number, i: number): number => (c === 2 ? 5000 + ((i * 37) % 20000) : rawAt(c, i));
const EXPECTED_ANNOTATIONS: [number, string][] = [
  [0.5, 'phase rest start'], [2.4, 'lost 12 samples'], [3, 'pacer inhale'], [4.5, 'battery 3.71'], [5.25, 'marker: patiënt moved'],
];

let dir = '';
let edfPath = '';
let bdfPath = '';
let discPath = '';
let edflibDump = '';
const py = '/usr/bin/python3';

/** save2gdf -JSON prints JSON on stdout; its exit status is not meaningful, so the JSON itself is checked. */
function save2gdf(p: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = spawnSync('save2gdf', ['-JSON', p], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`save2gdf is missing (apt-get install biosig-tools): ${r.error.message}`);
  try { return JSON.parse(r.stdout); } catch { throw new Error(`save2gdf could not read ${p}: ${r.stderr.trim()}`); }
}

function tool(cmd: string, args: string[], what: string): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    throw new Error(`${what} failed or is missing (install biosig-tools python3-mne libedf-dev): ${(e as Error).message}`);
  }
}

async function record(p: string, h: StreamHeader, feed: (r: Recorder) => void): Promise<RecordingSummary> {
  const r = new Recorder({ outPath: p, header: h });
  feed(r);
  const s = await r.close();
  if (s.error) throw new Error(JSON.stringify(s.error));
  return s;
}

beforeAll(async () => {
  dir = tmpDir('loslaten-readers-');
  const probe = spawnSync('save2gdf', ['--version'], { encoding: 'utf8' });
  if (probe.error || !/save2gdf/.test(probe.stdout + probe.stderr)) throw new Error('save2gdf (biosig-tools) is missing: apt-get install biosig-tools');
  tool(py, ['-c', 'import mne'], 'python3-mne');
  if (!fs.existsSync('/usr/include/edflib.h')) throw new Error('EDFlib header /usr/include/edflib.h missing (apt-get install libedf-dev)');
  edflibDump = path.join(dir, 'edflib-dump');
  tool('cc', ['-O1', '-o', edflibDump, path.resolve('test/fixtures/edflib-dump.c'), '-ledf'], 'cc -ledf');
  edfPath = (await record(path.join(dir, 'c.edf'), H3, (r) => {
    r.annotate(0.5, 'phase rest start');
    for (let i = 0; i < 6000; i += 250) {
      if (i === 2250) { r.onBatch(batch(H3, 2250, 150, { value })); r.onBatch(batch(H3, 2412, 88, { value, lostBefore: 12 })); continue; }
      r.onBatch(batch(H3, i, 250, { value }));
      if (i === 2750) r.annotate(3, 'pacer inhale', 2);
      if (i === 4250) r.onEvent({ name: 'battery', args: ['3.71'] }, 4500);
    }
    r.annotate(5.25, 'marker: patiënt moved');
  })).path;
  bdfPath = (await record(path.join(dir, 'w.edf'), WIDE, (r) => {
    for (let i = 0; i < 2000; i += 100) r.onBatch(batch(WIDE, i, 100, { value: (_c, k) => (k % 2 ? 8_000_000 : -8_000_000) + k }));
    r.annotate(1.5, 'hold start');
  })).path;
  discPath = (await record(path.join(dir, 'd.edf'), EMG2, (r) => {
    r.onBatch(batch(EMG2, 0, 1500));
    r.onBatch(batch(EMG2, 4200, 1000, { lostBefore: 2700 }));
    r.onEvent({ name: 'lead-off', args: ['PF'] }, 4700);
  })).path;
});

/** Our own reader's view of the file: digital values per data signal. */
function ownDigital(p: string): Int32Array[] {
  const r = openEdf(p);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const out = r.value.dataSignals.map((s) => r.value.readDigital(s));
  r.value.close();
  return out;
}

describe('independent readers', () => {
  it('biosig save2gdf reads the EDF+C header and annotations', () => {
    const j = save2gdf(edfPath);
    expect(j.TYPE).toBe('EDF');
    expect(j.NumberOfSamples).toBe(6000);
    expect(j.Samplingrate).toBe(1000);
    const data = j.CHANNEL.filter((c: { Label: string }) => c.Label !== 'EDF Annotations');
    expect(data.map((c: { Label: string }) => c.Label)).toEqual(['PF', 'ABD', 'P']);
    expect(data.map((c: { PhysicalUnit: string }) => c.PhysicalUnit)).toEqual(['uV', 'uV', 'mmHg']);
    expect(data.map((c: { Samplingrate: number }) => c.Samplingrate)).toEqual([1000, 1000, 1000]);
    expect(data[0].scaling).toBeCloseTo(0.1, 9);
    expect(j.EVENT.map((e: { POS: number; Description: string }) => [e.POS, e.Description])).toEqual(EXPECTED_ANNOTATIONS);
    expect(j.EVENT.find((e: { Description: string }) => e.Description === 'pacer inhale').DUR).toBe(2);
  });

  it('biosig save2gdf reads the BDF+ file', () => {
    const j = save2gdf(bdfPath);
    expect(j.TYPE).toBe('BDF');
    expect(j.NumberOfSamples).toBe(2000);
    expect(j.CHANNEL[0].Label).toBe('PF');
    expect(j.CHANNEL[0].PhysicalUnit).toBe('uV');
    expect(j.EVENT.map((e: { POS: number; Description: string }) => [e.POS, e.Description])).toEqual([[1.5, 'hold start']]);
  });

  it('biosig save2gdf sees the EDF+D segments and places events on the concatenated time axis', () => {
    const j = save2gdf(discPath);
    expect(j.NumberOfSamples).toBe(3000);
    const ev = j.EVENT.map((e: { POS: number; Description: string }) => [e.POS, e.Description]);
    expect(ev).toContainEqual([1.5, 'lost 2700 samples']);
    expect(ev).toContainEqual([1.5, 'padding']);
    expect(ev).toContainEqual([2.5, 'lead-off PF']); // 4.7 s in the second part, which starts at 4.2 s → 2 s + 0.5 s
    expect(ev.filter((e: [number, string]) => /new segment/.test(e[1])).length).toBeGreaterThanOrEqual(2);
  });

  it('MNE reads labels, units, rate, sample count, annotations and values', () => {
    const script = `
import json, sys, mne
mne.set_log_level('ERROR')
out = {}
for key, fn, p in (('edf', mne.io.read_raw_edf, sys.argv[1]), ('bdf', mne.io.read_raw_bdf, sys.argv[2])):
    r = fn(p, preload=True)
    out[key] = dict(names=r.ch_names, sfreq=r.info['sfreq'], n=int(r.n_times), units=r._orig_units,
        ann=[[float(a['onset']), float(a['duration']), a['description']] for a in r.annotations],
        first=[[float(x) for x in ch[:300]] for ch in r.get_data()])
print(json.dumps(out))`;
    const j = JSON.parse(tool(py, ['-c', script, edfPath, bdfPath], 'MNE'));
    expect(j.edf.names).toEqual(['PF', 'ABD', 'P']);
    expect(j.edf.sfreq).toBe(1000);
    expect(j.edf.n).toBe(6000);
    // MNE maps only volt units; others (mmHg) become 'n/a' in _orig_units.
    expect(j.edf.units).toEqual({ PF: 'µV', ABD: 'µV', P: 'n/a' });
    expect(j.edf.ann.map((a: [number, number, string]) => [a[0], a[2]])).toEqual(EXPECTED_ANNOTATIONS);
    expect(j.edf.ann[2][1]).toBe(2);
    for (let i = 0; i < 300; i++) expect(j.edf.first[0][i] / 1e-7).toBeCloseTo(rawAt(0, i), 3); // V → counts of 0.1 µV
    expect(j.bdf.names).toEqual(['PF']);
    expect(j.bdf.n).toBe(2000);
    expect(j.bdf.sfreq).toBe(500);
    expect(j.bdf.ann).toEqual([[1.5, 0, 'hold start']]);
  });

  it('EDFlib reads identical digital values and annotations (EDF+ and BDF+)', () => {
    const e = JSON.parse(tool(edflibDump, [edfPath], 'EDFlib reader'));
    expect(e.filetype).toBe(1);
    expect(e.recordDuration100ns).toBe(10_000_000);
    expect(e.signals.map((s: { label: string }) => s.label.trim())).toEqual(['PF', 'ABD', 'P']);
    expect(e.signals.map((s: { unit: string }) => s.unit.trim())).toEqual(['uV', 'uV', 'mmHg']);
    expect(e.signals.map((s: { samplesPerRecord: number }) => s.samplesPerRecord)).toEqual([1000, 1000, 1000]);
    expect(e.signals.map((s: { samples: number }) => s.samples)).toEqual([6000, 6000, 6000]);
    const own = ownDigital(edfPath);
    for (let c = 0; c < 3; c++) {
      expect(e.signals[c].digital).toEqual(Array.from(own[c]!));
      for (let i = 0; i < 6000; i++) if ((i < 2400 || i >= 2412) && own[c]![i] !== value(c, i)) throw new Error(`ch ${c} [${i}]`);
    }
    expect(e.annotations.map((a: { onset100ns: number; text: string }) => [a.onset100ns / 1e7, a.text])).toEqual(EXPECTED_ANNOTATIONS);
    const b = JSON.parse(tool(edflibDump, [bdfPath], 'EDFlib reader'));
    expect(b.filetype).toBe(3);
    expect(b.signals[0].samples).toBe(2000);
    expect(b.signals[0].digital.slice(0, 4)).toEqual([-8_000_000, 8_000_001, -7_999_998, 8_000_003]);
    expect(b.annotations).toEqual([{ onset100ns: 15_000_000, duration100ns: -10_000_000, text: 'hold start' }]);
  });
});
