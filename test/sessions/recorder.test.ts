// Recorder → file → reader: exact raw values, sample-clock time axis, gap interpolation, EDF+D parts, BDF selection.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEdf } from '../../sessions/edf-reader.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { EMG2, WIDE, batch, rawAt, tmpDir } from './helpers.ts';

function mustOpen(p: string) {
  const r = openEdf(p);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('Recorder', () => {
  it('writes raw values exactly in 1-s EDF+C records with labels, units and header ranges', async () => {
    const dir = tmpDir();
    const rec = new Recorder({ outPath: path.join(dir, 's.edf'), header: EMG2, prefiltering: 'HP:20Hz LP:500Hz' });
    for (let i = 0; i < 3500; i += 250) rec.onBatch(batch(EMG2, i, 250));
    rec.annotate(1.25, 'phase rest start');
    const sum = await rec.close();
    expect(sum.error).toBeNull();
    expect(sum.samples).toBe(3500);
    expect(sum.records).toBe(4);
    expect(sum.padded).toBe(500);
    expect(sum.format).toBe('EDF');
    const r = mustOpen(sum.path);
    expect(r.header.plus).toBe(true);
    expect(r.header.discontinuous).toBe(false);
    expect(r.header.records).toBe(4);
    expect(r.header.recordDurationS).toBe(1);
    expect(r.header.signals.map((s) => s.label)).toEqual(['PF', 'ABD', 'EDF Annotations']);
    expect(r.header.signals[0]!.physicalDimension).toBe('uV');
    expect(r.header.signals[0]!.digitalMin).toBe(-32768);
    expect(r.header.signals[0]!.physicalMax).toBeCloseTo(3276.7, 6);
    expect(r.header.signals[0]!.prefiltering).toBe('HP:20Hz LP:500Hz');
    expect(r.header.patient).toBe('X X X X');
    expect(r.rateHz(0)).toBe(1000);
    for (const c of [0, 1]) {
      const d = r.readDigital(c);
      for (let i = 0; i < 3500; i++) if (d[i] !== rawAt(c, i)) throw new Error(`ch ${c} sample ${i}: ${d[i]} != ${rawAt(c, i)}`);
      for (let i = 3500; i < 4000; i++) expect(d[i]).toBe(rawAt(c, 3499));
      const p = r.readPhysical(c, 0, 1);
      expect(p[10]).toBeCloseTo(rawAt(c, 10) * 0.1, 6);
    }
    const a = r.readAnnotations();
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    expect(Array.from(a.value.recordOnsetsS)).toEqual([0, 1, 2, 3]);
    expect(a.value.annotations).toEqual([
      { onsetS: 1.25, durationS: null, text: 'phase rest start' },
      { onsetS: 3.5, durationS: 0.5, text: 'padding' },
    ]);
    r.close();
    expect(fs.statSync(sum.path).mode & 0o777).toBe(0o600);
  });

  it('fills a short seq gap by linear interpolation and annotates it as lost', async () => {
    const dir = tmpDir();
    const h = { ...EMG2, channels: [EMG2.channels[0]!] };
    const rec = new Recorder({ outPath: path.join(dir, 'g.edf'), header: h });
    const lin = (_c: number, i: number): number => 1000 + 10 * i;
    rec.onBatch(batch(h, 0, 600, { value: lin }));
    rec.onBatch(batch(h, 612, 1388, { value: (c, i) => (i === 612 ? 5000 : lin(c, i)), lostBefore: 12 }));
    const sum = await rec.close();
    expect(sum.lost).toBe(12);
    expect(sum.interpolated).toBe(12);
    expect(sum.discontinuities).toBe(0);
    const r = mustOpen(sum.path);
    const d = r.readDigital(0);
    expect(d.length).toBe(2000);
    const v0 = lin(0, 599);
    for (let k = 1; k <= 12; k++) expect(d[599 + k]).toBe(Math.round(v0 + ((5000 - v0) * k) / 13));
    expect(d[612]).toBe(5000);
    expect(d[1999]).toBe(lin(0, 1999));
    const a = r.readAnnotations();
    if (!a.ok) throw new Error('annotations');
    expect(a.value.annotations).toEqual([{ onsetS: 0.6, durationS: 0.012, text: 'lost 12 samples' }]);
    r.close();
  });

  it('turns a gap longer than 1 s into an EDF+D part at its true time with the partial record padded', async () => {
    const dir = tmpDir();
    const rec = new Recorder({ outPath: path.join(dir, 'd.edf'), header: EMG2 });
    rec.onBatch(batch(EMG2, 0, 1500));
    rec.onBatch(batch(EMG2, 4200, 1000, { lostBefore: 2700 }));
    rec.onEvent({ name: 'lead-off', args: ['PF'] }, 4700);
    const sum = await rec.close();
    expect(sum.discontinuities).toBe(1);
    expect(sum.lost).toBe(2700);
    expect(sum.interpolated).toBe(0);
    const r = mustOpen(sum.path);
    expect(r.header.discontinuous).toBe(true);
    const a = r.readAnnotations();
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    expect(Array.from(a.value.recordOnsetsS)).toEqual([0, 1, 4.2]);
    expect(a.value.annotations).toEqual([
      { onsetS: 1.5, durationS: 2.7, text: 'lost 2700 samples' },
      { onsetS: 1.5, durationS: 0.5, text: 'padding' },
      { onsetS: 4.7, durationS: null, text: 'lead-off PF' },
    ]);
    const d = r.readDigital(0);
    expect(d[1499]).toBe(rawAt(0, 1499));
    expect(d[1500]).toBe(rawAt(0, 1499));
    expect(d[2000]).toBe(rawAt(0, 4200));
    expect(d[2999]).toBe(rawAt(0, 5199));
    r.close();
  });

  it('places a reconnected stream at its wall-clock time and annotates the reason', async () => {
    const dir = tmpDir();
    const rec = new Recorder({ outPath: path.join(dir, 'r.edf'), header: EMG2 });
    const t0 = 1_700_000_000_000;
    rec.onBatch(batch(EMG2, 0, 1000, { hostTimeMs: t0 + 999 }));
    rec.discontinuity({ reason: 'reconnect' });
    rec.onBatch(batch(EMG2, 0, 1000, { streamId: 2, hostTimeMs: t0 + 10_000 + 999 }));
    rec.annotate(0.5, 'marker after reconnect');
    const sum = await rec.close();
    expect(sum.discontinuities).toBe(1);
    const r = mustOpen(sum.path);
    const a = r.readAnnotations();
    if (!a.ok) throw new Error('annotations');
    expect(Array.from(a.value.recordOnsetsS)).toEqual([0, 10]);
    expect(a.value.annotations.map((x) => [x.onsetS, x.text])).toEqual([[10, 'reconnect'], [10.5, 'marker after reconnect']]);
    r.close();
  });

  it('chooses BDF+ (24-bit) when a raw range needs more than 16 bits and names the file .bdf', async () => {
    const dir = tmpDir();
    const rec = new Recorder({ outPath: path.join(dir, 'w.edf'), header: WIDE });
    const big = (_c: number, i: number): number => (i % 2 ? 1 : -1) * (8_000_000 - i);
    rec.onBatch(batch(WIDE, 0, 1000, { value: big }));
    const sum = await rec.close();
    expect(sum.format).toBe('BDF');
    expect(sum.path.endsWith('w.bdf')).toBe(true);
    const r = mustOpen(sum.path);
    expect(r.header.format).toBe('BDF');
    expect(r.header.signals[1]!.label).toBe('BDF Annotations');
    expect(r.header.signals[0]!.digitalMax).toBe(8388607);
    const d = r.readDigital(0);
    for (let i = 0; i < 1000; i++) expect(d[i]).toBe(big(0, i));
    const ov = r.overview(10);
    expect(ov.signals[0]!.max[0]).toBeCloseTo(8_000_000 * 0.02235 - 1 * 0.02235, 0);
    r.close();
  });

  it('splits records below 61440 bytes when 1-s records would be too big', async () => {
    const dir = tmpDir();
    const h = { rateHz: 4000, channels: Array.from({ length: 16 }, (_, c) => ({ ...EMG2.channels[0]!, label: `C${c}` })) };
    const rec = new Recorder({ outPath: path.join(dir, 'big.edf'), header: h });
    rec.onBatch(batch(h, 0, 8000));
    const sum = await rec.close();
    expect(sum.recordDurationS).toBeLessThan(1);
    const r = mustOpen(sum.path);
    expect(r.recordBytes).toBeLessThanOrEqual(61440);
    expect(r.records * r.header.recordDurationS).toBeCloseTo(2, 9);
    expect(r.readDigital(15)[7999]).toBe(rawAt(15, 7999));
    const a = r.readAnnotations();
    expect(a.ok).toBe(true);
    r.close();
  });

  it('keeps annotations that exceed one record for the following records', async () => {
    const dir = tmpDir();
    const rec = new Recorder({ outPath: path.join(dir, 'many.edf'), header: EMG2, annotationBytesPerRecord: 256 });
    for (let k = 0; k < 40; k++) rec.annotate(k * 0.01, `marker number ${k}`);
    for (let i = 0; i < 5000; i += 500) rec.onBatch(batch(EMG2, i, 500));
    const sum = await rec.close();
    expect(sum.annotations).toBe(40);
    const r = mustOpen(sum.path);
    const a = r.readAnnotations();
    if (!a.ok) throw new Error('annotations');
    expect(a.value.annotations.map((x) => x.text)).toEqual(Array.from({ length: 40 }, (_, k) => `marker number ${k}`));
    r.close();
  });

  it('ends with stream-changed on a different header and keeps the samples recorded so far', async () => {
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'x.edf'), header: EMG2 });
    rec.onBatch(batch(EMG2, 0, 1500));
    const other = { ...EMG2, rateHz: 500 };
    rec.onBatch(batch(other, 0, 100));
    expect(rec.isRecording).toBe(false);
    rec.onBatch(batch(EMG2, 1500, 100));
    const sum = await rec.close();
    expect(sum.error?.kind).toBe('stream-changed');
    expect(sum.samples).toBe(1500);
    expect(sum.dropped).toBe(200);
    const r = mustOpen(sum.path);
    expect(r.readDigital(0)[1499]).toBe(rawAt(0, 1499));
    r.close();
  });

  it('reports an unsupported stream or an existing file as an error value', async () => {
    const dir = tmpDir();
    const huge = { rateHz: 100, channels: [{ label: 'X', kind: 'emg' as const, unit: 'uV' as const, scale: 1000, rawMin: -2147483648, rawMax: 2147483647 }] };
    const a = new Recorder({ outPath: path.join(dir, 'h.edf'), header: huge });
    expect(a.failure?.kind).toBe('unsupported-stream');
    fs.writeFileSync(path.join(dir, 'exists.edf'), 'x');
    const b = new Recorder({ outPath: path.join(dir, 'exists.edf'), header: EMG2 });
    expect(b.failure).toMatchObject({ kind: 'open-failed', code: 'EEXIST' });
    expect((await b.close()).error?.kind).toBe('open-failed');
  });

  it('names the file itself in a folder and places an explicit discontinuity at a file time', async () => {
    const dir = tmpDir();
    const rec = new Recorder({ dir, header: EMG2, nowMs: () => new Date(2026, 4, 6, 7, 8, 9).getTime() });
    expect(path.basename(rec.path)).toBe('20260506-070809.edf');
    rec.onBatch(batch(EMG2, 0, 1000));
    rec.discontinuity({ atFileS: 30, reason: 'resume after pause' });
    rec.onBatch(batch(EMG2, 1000, 1000));
    const sum = await rec.close();
    const r = mustOpen(sum.path);
    const a = r.readAnnotations();
    if (!a.ok) throw new Error('annotations');
    expect(Array.from(a.value.recordOnsetsS)).toEqual([0, 30]);
    expect(a.value.annotations).toEqual([{ onsetS: 30, durationS: null, text: 'resume after pause' }]);
    r.close();
  });

  it('keeps memory bounded on a very lossy link and still accounts for every lost sample', async () => {
    const h = { ...EMG2, channels: [EMG2.channels[0]!] };
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'lossy.edf'), header: h, annotationBytesPerRecord: 256 });
    rec.annotate(0.5, 'marker: keep me');
    let idx = 0;
    for (let k = 0; k < 12_000; k++) { rec.onBatch(batch(h, idx, 1, { lostBefore: k === 0 ? 0 : 1 })); idx += 2; }
    const sum = await rec.close();
    expect(sum.error).toBeNull();
    expect(sum.lost).toBe(11_999);
    const r = mustOpen(sum.path);
    const a = r.readAnnotations();
    r.close();
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    let lost = 0;
    for (const x of a.value.annotations) { const m = /^lost (\d+) samples$/.exec(x.text); if (m) lost += Number(m[1]); }
    expect(lost).toBe(11_999);
    expect(a.value.annotations.some((x) => x.text === 'marker: keep me')).toBe(true);
    expect(a.value.annotations.length).toBeLessThan(6000);
  });
});
