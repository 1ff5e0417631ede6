// Annotation conventions: phases, pacer, markers and device events recorded on the sample clock and classified back.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotationText, classifyAnnotation, phaseIntervals, RejectionNotes } from '../../sessions/annotations.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { parseRecordTals } from '../../sessions/edf-tal.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { EMG2, batch, tmpDir } from './helpers.ts';

describe('annotations', () => {
  it('round-trips phases, pacer phases, markers and device events on the sample clock', async () => {
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'a.edf'), header: EMG2 });
    // The stream is already running: the recording starts at sample index 5000 (sample clock 5 s).
    rec.onBatch(batch(EMG2, 5000, 500));
    rec.annotate(5.0, annotationText.phaseStart('rest'));
    rec.annotate(5.2, annotationText.pacer('inhale'), 4);
    rec.onBatch(batch(EMG2, 5500, 500));
    rec.annotate(5.75, annotationText.marker('patient coughed'));
    rec.onEvent({ name: 'battery', args: ['3.71'] }, 5900);
    rec.annotate(6.5, annotationText.phaseEnd('rest'));
    rec.onBatch(batch(EMG2, 6000, 1000));
    const s = await rec.close();
    const r = openEdf(s.path);
    if (!r.ok) throw new Error('open');
    const a = r.value.readAnnotations();
    r.value.close();
    if (!a.ok) throw new Error('annotations');
    expect(a.value.annotations.map((x) => [x.onsetS, x.durationS, x.text])).toEqual([
      [0, null, 'phase start rest'], [0.2, 4, 'pacer inhale'], [0.75, null, 'marker: patient coughed'],
      [0.9, null, 'battery 3.71'], [1.5, null, 'phase end rest'],
    ]);
    expect(a.value.annotations.map((x) => classifyAnnotation(x.text).kind)).toEqual(['phase-start', 'pacer', 'marker', 'device', 'phase-end']);
    expect(phaseIntervals(a.value.annotations)).toEqual([{ name: 'rest', startS: 0, endS: 1.5 }]);
  });

  it('classifies lost, padding, reconnect and foreign texts', () => {
    expect(classifyAnnotation('lost 12 samples')).toEqual({ kind: 'lost', name: null, samples: 12 });
    expect(classifyAnnotation('padding').kind).toBe('padding');
    expect(classifyAnnotation('reconnect').kind).toBe('reconnect');
    expect(classifyAnnotation('lead-off PF')).toEqual({ kind: 'device', name: 'lead-off', samples: null });
    expect(classifyAnnotation('Recording starts').kind).toBe('other');
  });

  it('sanitizes control characters and caps long texts so a TAL stays well-formed', async () => {
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'b.edf'), header: EMG2 });
    rec.onBatch(batch(EMG2, 0, 1000));
    rec.annotate(0.1, 'evil\x14\x00\x15text');
    rec.annotate(0.2, 'é'.repeat(50) + '😀'.repeat(100));
    const s = await rec.close();
    const r = openEdf(s.path);
    if (!r.ok) throw new Error('open');
    const a = r.value.readAnnotations();
    r.value.close();
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    expect(a.value.annotations[0]!.text).toBe('evil   text');
    expect(Buffer.byteLength(a.value.annotations[1]!.text)).toBeLessThanOrEqual(160);
    expect(a.value.annotations[1]!.text).toMatch(/^é{50}(😀){15}$/u);
  });
});

describe('rejection notes', () => {
  it('notes bad frames by reason at most once per second of sample clock, and the rest at the end', () => {
    const n = new RejectionNotes('lines');
    const c: Record<string, number> = { syntax: 5, columns: 0, range: 0 };
    n.start(c);
    expect(n.poll(c, 0)).toBeNull();
    c.syntax = 7; c.columns = 1;
    expect(n.poll(c, 0.2)).toBe('rejected 3 lines (syntax 2, columns 1)');
    c.range = 1;
    expect(n.poll(c, 0.9)).toBeNull(); // within a second of the last note
    c.range = 4;
    expect(n.poll(c, 1.3)).toBe('rejected 4 lines (range 4)');
    c.syntax = 8;
    expect(n.flush(c)).toBe('rejected 1 line (syntax 1)');
    expect(n.flush(c)).toBeNull();
    expect(classifyAnnotation('rejected 4 lines (range 4)')).toEqual({ kind: 'rejected', name: null, samples: 4 });
    expect(classifyAnnotation('rejected 1 frame (crc 1)').kind).toBe('rejected');
  });
});

describe('TALs of extra annotation signals', () => {
  it('the first TAL of a second annotation signal is an annotation (EDFlib writes several), not a time-keeping TAL', () => {
    const enc = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
    const second = parseRecordTals(enc('+0\x14phase start rest-before\x14\x00+8\x150.9\x14lost 900 samples\x14\x00\x00\x00'), false);
    if (typeof second === 'string') throw new Error(second);
    expect(second.annotations.map((a) => a.text)).toEqual(['phase start rest-before', 'lost 900 samples']);
    expect(second.annotations[1]!.durationS).toBe(0.9);
    const first = parseRecordTals(enc('+3\x14\x14\x00+3.5\x14protocol glazer-assessment\x14\x00'));
    if (typeof first === 'string') throw new Error(first);
    expect(first.recordOnsetS).toBe(3);
    expect(first.annotations.map((a) => a.text)).toEqual(['protocol glazer-assessment']);
    expect(parseRecordTals(enc('+3\x14x\x14\x00'))).toBe('record does not start with a time-keeping TAL');
  });

  it('classifies the protocol a recording follows', () => {
    expect(classifyAnnotation(annotationText.protocol('glazer-assessment'))).toEqual({ kind: 'protocol', name: 'glazer-assessment', samples: null });
  });
});
