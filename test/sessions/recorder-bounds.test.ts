// Recorder edges on real files (issue 13): a recording that ends on a record boundary gets no padding record even
// with annotations still queued (item 5); the annotation queue is bounded and counted, and a long gap is never filled
// with invented samples (item 8).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordingStatus } from '../../api/contract.ts';
import { RecordingController } from '../../core/recording.ts';
import { newDeviceCounters } from '../../devices/driver.ts';
import { REJECT_REASONS } from '../../firmware-protocol/codec.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { MAX_PRESTART_ANNOTATIONS, MAX_QUEUED_ANNOTATIONS, Recorder, type RecordingSummary } from '../../sessions/recorder.ts';
import { RecordingSession } from '../../sessions/session.ts';
import { readSidecar } from '../../sessions/sidecar.ts';
import { EMG2, batch, rawAt, tmpDir } from './helpers.ts';

function readBack(sum: RecordingSummary) {
  const f = openEdf(sum.path);
  if (!f.ok) throw new Error(JSON.stringify(f.error));
  const a = f.value.readAnnotations();
  if (!a.ok) throw new Error(JSON.stringify(a.error));
  const d0 = f.value.readDigital(0);
  const out = { records: f.value.records, d0, annotations: a.value.annotations, discontinuous: f.value.header.discontinuous };
  f.value.close();
  return out;
}

describe('item 5: ending exactly on a record boundary', () => {
  it('10 s in 250-sample batches plus 40 annotations at the end: 10 records, no padding, every annotation in the file', async () => {
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'b.edf'), header: EMG2 });
    for (let i = 0; i < 10_000; i += 250) rec.onBatch(batch(EMG2, i, 250));
    rec.annotate(10, 'phase-end Rest');
    for (let k = 0; k < 39; k++) rec.annotate(10, `marker end of session note ${k}`);
    const sum = await rec.close();
    expect(sum.records).toBe(10);
    expect(sum.padded).toBe(0);
    expect(sum.samples).toBe(10_000);
    expect(sum.annotations).toBe(40);
    const f = readBack(sum);
    expect(f.records).toBe(10);
    expect(f.d0.length).toBe(10_000);
    expect(f.d0[9_999]).toBe(rawAt(0, 9_999));
    const texts = f.annotations.map((a) => a.text);
    expect(texts).not.toContain('padding');
    expect(texts.filter((t) => t.startsWith('marker end of session note'))).toHaveLength(39);
    expect(f.annotations.find((a) => a.text === 'phase-end Rest')?.onsetS).toBe(10);
  });

  it('ends on a boundary after events before the first sample and a marker in the last record: no padding', async () => {
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'c.edf'), header: EMG2 });
    rec.annotate(0, 'lead-on');
    for (let i = 0; i < 3_000; i += 500) { rec.onBatch(batch(EMG2, i, 500)); if (i === 2_500) rec.annotate(2.9, 'marker last'); }
    const sum = await rec.close();
    expect([sum.records, sum.padded, sum.annotations]).toEqual([3, 0, 2]);
    expect(readBack(sum).d0.length).toBe(3_000);
  });
});

describe('item 5 through the app core\'s recording controller', () => {
  it('started mid-stream, fed 3 s in 40-ms batches, stopped with a marker and the rejected-lines note due: 3 records, no padding', async () => {
    const data = tmpDir();
    const rc = new RecordingController(data, '0.0.0', () => undefined);
    const counters = newDeviceCounters(REJECT_REASONS);
    expect(rc.start({ profileId: 'anna' }, EMG2, null, 'serial:/dev/x', counters).ok).toBe(true);
    for (let i = 12_345; i < 12_345 + 3_000; i += 40) rc.onBatch(batch(EMG2, i, 40));
    counters.rejected.checksum = 3; // a few bad lines during the session: the stop notes them at its end
    expect(rc.annotate('marker: #1 end', 12_345 + 3_000, EMG2.rateHz).ok).toBe(true);
    const r = await rc.stop(counters);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const st = r.value as RecordingStatus;
    expect([st.samplesWritten, st.durationS]).toEqual([3_000, 3]);
    const f = openEdf(st.file);
    if (!f.ok) throw new Error(JSON.stringify(f.error));
    const a = f.value.readAnnotations();
    expect(f.value.records).toBe(3);
    f.value.close();
    expect(a.ok && a.value.annotations.map((x) => x.text).filter((t) => t === 'padding')).toEqual([]);
    expect(a.ok && a.value.annotations.some((x) => x.text === 'marker: #1 end')).toBe(true);
  });
});

describe('item 8: bounded annotation queue and no invented second', () => {
  it('a flood of device events before the first sample keeps at most 256 and counts the rest', async () => {
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'd.edf'), header: EMG2 });
    for (let k = 0; k < 20_000; k++) rec.onEvent({ name: 'battery', args: [String(k % 100)] }, 0);
    rec.onBatch(batch(EMG2, 0, 2_000));
    const sum = await rec.close();
    expect(sum.annotationsDropped).toBe(20_000 - MAX_PRESTART_ANNOTATIONS);
    expect(readBack(sum).annotations.filter((a) => a.text.startsWith('battery'))).toHaveLength(MAX_PRESTART_ANNOTATIONS);
  });

  it('a flood of device events while recording: the queue stays bounded, written + dropped = sent', async () => {
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'e.edf'), header: EMG2 });
    rec.onBatch(batch(EMG2, 0, 100));
    const SENT = 50_000;
    for (let k = 0; k < SENT; k++) rec.onEvent({ name: 'lead-off', args: ['PF'] }, 100);
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 100; i < 5_000; i += 100) rec.onBatch(batch(EMG2, i, 100));
    const sum = await rec.close();
    expect(sum.annotationsDropped).toBeGreaterThanOrEqual(SENT - MAX_QUEUED_ANNOTATIONS);
    const inFile = readBack(sum).annotations.filter((a) => a.text === 'lead-off PF').length;
    expect(inFile).toBeGreaterThan(1000);
    expect(inFile + sum.annotationsDropped).toBe(SENT);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 2 ** 20);
  });

  it('one real sample after a 0.9 s gap starts a new part (EDF+D) instead of 0.9 s of interpolation; a 20 ms gap is filled', async () => {
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'f.edf'), header: EMG2 });
    rec.onBatch(batch(EMG2, 0, 1_000));
    rec.onBatch(batch(EMG2, 1_020, 980)); // 20 samples = 20 ms lost: interpolated
    rec.onBatch(batch(EMG2, 2_900, 1)); // 900 samples lost, then one sample
    rec.onBatch(batch(EMG2, 2_901, 99));
    const sum = await rec.close();
    expect(sum.interpolated).toBe(20);
    expect(sum.lost).toBe(920);
    expect(sum.discontinuities).toBe(1);
    const f = readBack(sum);
    expect(f.discontinuous).toBe(true);
    expect(f.annotations.filter((a) => /^lost \d+ samples$/.test(a.text)).map((a) => a.text)).toEqual(['lost 20 samples', 'lost 900 samples']);
  });

  it('the sidecar says how many annotations were dropped', async () => {
    const st = RecordingSession.start({ outPath: path.join(tmpDir(), 'g.edf'), header: EMG2 });
    if (!st.ok) throw new Error(JSON.stringify(st.error));
    for (let k = 0; k < 300; k++) st.value.recorder.onEvent({ name: 'battery', args: ['50'] }, 0);
    st.value.recorder.onBatch(batch(EMG2, 0, 1000));
    const end = await st.value.finish();
    const sc = readSidecar(end.sidecarPath);
    expect(sc.ok && sc.value.recording.annotationsDropped).toBe(300 - MAX_PRESTART_ANNOTATIONS);
  });
});
