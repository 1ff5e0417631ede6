// 24-bit devices (OpenBCI Cyton) are recorded as BDF+, 10-bit ones (BITalino) as EDF+, with device, driver, transducer
// and the band really used in the header; losses annotated as for LL1. Checked with our reader and three independent
// ones (biosig save2gdf, MNE-Python, EDFlib), then through import, analysis, report, CSV export and recovery.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseRecording } from '../../core/analysis-service.ts';
import { buildReportInput, renderReportHtml } from '../../core/report.ts';
import type { DeviceIdent, StreamHeader } from '../../firmware-protocol/codec.ts';
import { exportCsv } from '../../sessions/csv-export.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { importEdf } from '../../sessions/library.ts';
import { recoverEdf } from '../../sessions/recover.ts';
import { Recorder, type RecordingSummary } from '../../sessions/recorder.ts';
import { BITALINO2, CYTON8, CYTON_UV_PER_COUNT, batch, tmpDir } from './helpers.ts';

const CYTON_IDENT: DeviceIdent = { vendor: 'OpenBCI', model: 'Cyton', serial: '', firmware: 'v3.1.2' };
const BITALINO_IDENT: DeviceIdent = { vendor: 'PLUX', model: 'BITalino', serial: '', firmware: '5.2' };
/** Full-scale 24-bit values (a 16-bit file could not hold them): channel c, sample i. */
const cytonRaw = (c: number, i: number): number => ((i * 7919 + c * 1_000_003) % 16_000_000) - 8_000_000 + c;
const bitalinoRaw = (c: number, i: number): number => ((i * 37 + c * 101) % 1024) - 512;
const py = '/usr/bin/python3';

let dir = '';
let cytonPath = '';
let cytonSummary: RecordingSummary;
let contPath = '';
let bitalinoPath = '';
let edflibDump = '';

function tool(cmd: string, args: string[], what: string): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    throw new Error(`${what} failed or is missing (install biosig-tools python3-mne libedf-dev): ${(e as Error).message}`);
  }
}

function save2gdf(p: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = spawnSync('save2gdf', ['-JSON', p], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`save2gdf is missing (apt-get install biosig-tools): ${r.error.message}`);
  try { return JSON.parse(r.stdout); } catch { throw new Error(`save2gdf could not read ${p}: ${r.stderr.trim()}`); }
}

async function record(p: string, h: StreamHeader, ident: DeviceIdent, driver: string, feed: (r: Recorder) => void): Promise<RecordingSummary> {
  const r = new Recorder({ outPath: p, header: h, ident, driver, appVersion: '0.1.0' });
  feed(r);
  const s = await r.close();
  if (s.error) throw new Error(JSON.stringify(s.error));
  return s;
}

beforeAll(async () => {
  dir = tmpDir('loslaten-bdf-');
  const probe = spawnSync('save2gdf', ['--version'], { encoding: 'utf8' });
  if (probe.error) throw new Error('save2gdf (biosig-tools) is missing: apt-get install biosig-tools');
  tool(py, ['-c', 'import mne'], 'python3-mne');
  edflibDump = path.join(dir, 'edflib-dump');
  tool('cc', ['-O1', '-o', edflibDump, path.resolve('test/fixtures/edflib-dump.c'), '-ledf'], 'cc -ledf');
  // Cyton: 0–2 s intact, 5 samples lost at 2 s (interpolated), 600 lost at 3 s (a new part), end mid-record (padding).
  cytonSummary = await record(path.join(dir, 'cyton.bdf'), CYTON8, CYTON_IDENT, 'cyton', (r) => {
    r.annotate(0.5, 'phase rest-before start');
    for (let i = 0; i < 500; i += 25) r.onBatch(batch(CYTON8, i, 25, { value: cytonRaw }));
    r.onBatch(batch(CYTON8, 505, 245, { value: cytonRaw, lostBefore: 5 }));
    r.onBatch(batch(CYTON8, 1350, 300, { value: cytonRaw, lostBefore: 600 }));
  });
  cytonPath = cytonSummary.path;
  // Continuous Cyton (EDFlib reads no BDF+D): 5 samples lost at 1.6 s, the last record padded.
  contPath = (await record(path.join(dir, 'cont.bdf'), CYTON8, CYTON_IDENT, 'cyton', (r) => {
    for (let i = 0; i < 950; i += 50) r.onBatch(i === 400 ? batch(CYTON8, 405, 45, { value: cytonRaw, lostBefore: 5 }) : batch(CYTON8, i, 50, { value: cytonRaw }));
  })).path;
  bitalinoPath = (await record(path.join(dir, 'bit.edf'), BITALINO2, BITALINO_IDENT, 'bitalino', (r) => {
    for (let i = 0; i < 3000; i += 100) r.onBatch(batch(BITALINO2, i, 100, { value: bitalinoRaw }));
  })).path;
});

describe('format by resolution', () => {
  it('a 24-bit Cyton stream is BDF+ with BIOSEMI conventions; a 10-bit BITalino stream is EDF+', () => {
    expect(cytonSummary.format).toBe('BDF');
    expect(path.extname(cytonPath)).toBe('.bdf');
    const b = fs.readFileSync(cytonPath);
    expect(b[0]).toBe(0xff);
    expect(b.subarray(1, 8).toString('latin1')).toBe('BIOSEMI');
    expect(b.subarray(192, 197).toString('latin1')).toBe('BDF+D'); // the 600-sample gap made it discontinuous
    expect(fs.readFileSync(contPath).subarray(192, 197).toString('latin1')).toBe('BDF+C');
    const e = fs.readFileSync(bitalinoPath);
    expect(e.subarray(0, 8).toString('latin1')).toBe('0       ');
    expect(e.subarray(192, 197).toString('latin1')).toBe('EDF+C');
    // Data records of 3 bytes per sample in BDF, 2 in EDF.
    const r = openEdf(cytonPath);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.bytesPerSample).toBe(3);
    expect(r.value.header.signals.at(-1)!.label).toBe('BDF Annotations');
    r.value.close();
  });

  it('says device, driver, transducer and the band the app really uses at the device rate', () => {
    const r = openEdf(cytonPath);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const h = r.value.header;
    r.value.close();
    expect(h.recording).toMatch(/^Startdate \d\d-[A-Z]{3}-\d{4} X X Loslaten_0\.1\.0_driver-cyton_OpenBCI_Cyton_v3\.1\.2$/);
    for (const s of h.signals.slice(0, 8)) {
      expect([s.digitalMin, s.digitalMax, s.physicalMin, s.physicalMax]).toEqual([-8388607, 8388607, -187500, 187500]);
      expect(s.transducer).toBe('sEMG OpenBCI Cyton');
      expect(s.prefiltering).toBe('HP:20Hz LP:112.5Hz N:50Hz'); // 0.45 × 250 Hz, not the 500 Hz of the settings
    }
    const e = openEdf(bitalinoPath);
    if (!e.ok) throw new Error(JSON.stringify(e.error));
    expect(e.value.header.signals[0]!.prefiltering).toBe('HP:20Hz LP:450Hz N:50Hz');
    expect(e.value.header.recording).toMatch(/Loslaten_0\.1\.0_driver-bitalino_PLUX_BITalino_5\.2$/);
    e.value.close();
  });

  it('annotates lost, interpolated and padded samples exactly as for LL1', () => {
    expect(cytonSummary).toMatchObject({ lost: 605, interpolated: 5, samples: 1045, padded: 200, discontinuities: 1, records: 5 });
    const r = openEdf(cytonPath);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const a = r.value.readAnnotations();
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    const texts = a.value.annotations.map((x) => [x.onsetS, x.text, x.durationS]);
    expect(texts).toContainEqual([2, 'lost 5 samples', 0.02]);
    expect(texts).toContainEqual([3, 'lost 600 samples', 2.4]);
    expect(texts).toContainEqual([0.5, 'phase rest-before start', null]);
    expect(a.value.annotations.some((x) => x.text === 'padding')).toBe(true);
    expect(Array.from(a.value.recordOnsetsS)).toEqual([0, 1, 2, 5.4, 6.4]);
    // Every intact sample keeps its exact 24-bit value; the 5 filled ones lie on the line between their neighbours.
    const d = r.value.readDigital(0);
    for (let i = 0; i < 500; i++) expect(d[i]).toBe(cytonRaw(0, i));
    for (let i = 505; i < 750; i++) expect(d[i]).toBe(cytonRaw(0, i));
    for (let k = 1; k <= 5; k++) expect(d[499 + k]).toBe(Math.round(cytonRaw(0, 499) + (cytonRaw(0, 505) - cytonRaw(0, 499)) * (k / 6)));
    for (let i = 0; i < 300; i++) expect(d[750 + i]).toBe(cytonRaw(0, 1350 + i));
    r.value.close();
  });
});

describe('independent readers agree on the BDF+ file', () => {
  it('biosig save2gdf: BDF, 8 channels at 250 Hz, µV, lost-sample and padding events', () => {
    const j = save2gdf(cytonPath);
    expect(j.TYPE).toBe('BDF');
    const data = j.CHANNEL.filter((c: { Label: string }) => !/Annotations/.test(c.Label));
    expect(data.map((c: { Label: string }) => c.Label)).toEqual(CYTON8.channels.map((c) => c.label));
    expect(data.every((c: { Samplingrate: number; PhysicalUnit: string }) => c.Samplingrate === 250 && c.PhysicalUnit === 'uV')).toBe(true);
    // biosig reports the scaling in single precision (~7 digits); MNE and EDFlib below check it exactly.
    expect(data[0].scaling / CYTON_UV_PER_COUNT).toBeCloseTo(1, 5);
    const ev = j.EVENT.map((e: { POS: number; Description: string }) => e.Description);
    expect(ev).toEqual(expect.arrayContaining(['lost 5 samples', 'lost 600 samples', 'padding', 'phase rest-before start']));
  });

  it('MNE read_raw_bdf: values in volts equal counts × 4.5 / 24 / (2²³ − 1)', () => {
    const script = `
import json, sys, mne
mne.set_log_level('ERROR')
r = mne.io.read_raw_bdf(sys.argv[1], preload=True)
d = r.get_data()
print(json.dumps(dict(names=r.ch_names, sfreq=r.info['sfreq'], n=int(r.n_times), first=[float(x) for x in d[0][:500]],
    ch7=[float(x) for x in d[7][:50]], ann=[[float(a['onset']), a['description']] for a in r.annotations])))`;
    const j = JSON.parse(tool(py, ['-c', script, contPath], 'MNE'));
    expect(j.names).toEqual(CYTON8.channels.map((c) => c.label));
    expect(j.sfreq).toBe(250);
    expect(j.n).toBe(1000);
    // Exact to double precision: µV = counts × 4.5 / 24 / (2²³ − 1) × 10⁶ even at ±8 000 000 counts.
    const near = (got: number, raw: number): void => expect(Math.abs(got * 1e6 - raw * CYTON_UV_PER_COUNT)).toBeLessThan(1e-6);
    for (let i = 0; i < 400; i++) near(j.first[i], cytonRaw(0, i));
    for (let i = 0; i < 50; i++) near(j.ch7[i], cytonRaw(7, i));
    expect(j.ann.map((a: [number, string]) => a[1])).toEqual(expect.arrayContaining(['lost 5 samples', 'padding']));
  });

  it('EDFlib: BDF+ file type, identical digital values, equipment, transducer and prefilter fields', () => {
    const b = JSON.parse(tool(edflibDump, [contPath], 'EDFlib reader'));
    expect(b.filetype).toBe(3); // EDFLIB_FILETYPE_BDFPLUS
    expect(b.equipment.trim()).toBe('Loslaten 0.1.0 driver-cyton OpenBCI Cyton v3.1.2'); // EDFlib shows _ as space
    const own = openEdf(contPath);
    if (!own.ok) throw new Error(JSON.stringify(own.error));
    for (let c = 0; c < 8; c++) {
      expect(b.signals[c].transducer.trim()).toBe('sEMG OpenBCI Cyton');
      expect(b.signals[c].prefilter.trim()).toBe('HP:20Hz LP:112.5Hz N:50Hz');
      expect(b.signals[c].digital).toEqual(Array.from(own.value.readDigital(c)));
      expect(b.signals[c].digital.slice(0, 400)).toEqual(Array.from({ length: 400 }, (_, i) => cytonRaw(c, i)));
    }
    own.value.close();
    expect(b.annotations.map((a: { onset100ns: number; text: string }) => [a.onset100ns / 1e7, a.text])).toEqual(expect.arrayContaining([[1.6, 'lost 5 samples'], [3.8, 'padding']]));
    // EDFlib refuses discontinuous files by design (EDFLIB_FILE_IS_DISCONTINUOUS); save2gdf and our reader read them.
    expect(spawnSync(edflibDump, [cytonPath], { encoding: 'utf8' }).stdout.trim()).toBe('{"error":-10}');
    const e = JSON.parse(tool(edflibDump, [bitalinoPath], 'EDFlib reader'));
    expect(e.filetype).toBe(1); // EDFLIB_FILETYPE_EDFPLUS
    expect(e.signals[1].digital.slice(0, 3)).toEqual([bitalinoRaw(1, 0), bitalinoRaw(1, 1), bitalinoRaw(1, 2)]);
  });
});

describe('the app reads its BDF+ files everywhere', () => {
  it('import, analysis (band clamped to 250 Hz), report, CSV export and recovery', async () => {
    const data = tmpDir('loslaten-bdf-lib-');
    const imp = await importEdf(data, 'anna', cytonPath, 'Cyton');
    if (!imp.ok) throw new Error(JSON.stringify(imp.error));
    expect(path.basename(imp.value.edfPath)).toBe('recording.bdf');

    const a = await analyseRecording(imp.value.edfPath, null);
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    expect(a.value.channel).toBe('PF');
    expect(a.value.rateHz).toBe(250);
    expect(a.value.channelKind).toBe('emg');
    expect(a.value.filter).toMatchObject({ loHz: 20, hiHz: 112.5, notchHz: 50, limitedByRate: true, rmsWindowMs: 200 });
    expect(a.value.filter!.settlingS).toBeGreaterThan(0.1); // the 20 Hz edge's start-up, left out after the start

    const input = await buildReportInput(imp.value.edfPath, null, '0.1.0');
    if (!input.ok) throw new Error(JSON.stringify(input.error));
    const en = renderReportHtml(input.value, 'en');
    expect(en).toContain('EMG band used: 20–112.5 Hz, notch 50 Hz. The device’s 250 Hz sample rate limits the band (settings: 20–500 Hz).');
    const nl = renderReportHtml(input.value, 'nl');
    expect(nl).toContain('Gebruikte EMG-band: 20–112,5 Hz, netfilter 50 Hz. De samplefrequentie van het apparaat (250 Hz) beperkt de band (instelling: 20–500 Hz).');

    const csv = path.join(dir, 'cyton.csv');
    const x = exportCsv(cytonPath, csv);
    if (!x.ok) throw new Error(JSON.stringify(x.error));
    const rows = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('time_s,PF (uV),ABD (uV),N3 (uV),N4 (uV),N5 (uV),N6 (uV),N7 (uV),N8 (uV)');
    const [t1, pf1] = rows[2]!.split(',').map(Number);
    expect(t1).toBeCloseTo(0.004, 9);
    expect(Math.abs(pf1! - cytonRaw(0, 1) * CYTON_UV_PER_COUNT)).toBeLessThan(5.1e-5); // 4 decimals: 1/200 of a count

    // An unfinished BDF+ (records field −1, a torn last record) is repaired like an EDF+.
    const torn = path.join(dir, 'torn.bdf');
    const whole = fs.readFileSync(contPath);
    const buf = Buffer.from(whole.subarray(0, whole.length - 100));
    buf.write('-1      ', 236, 'latin1');
    fs.writeFileSync(torn, buf);
    const rec = await recoverEdf(torn);
    if (!rec.ok) throw new Error(JSON.stringify(rec.error));
    expect(rec.value).toMatchObject({ status: 'repaired', records: 3 });
    const again = openEdf(torn);
    expect(again.ok && again.value.header.format).toBe('BDF');
    if (again.ok) again.value.close();
  });
});
