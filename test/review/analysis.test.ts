// Analysis service: the EMG chain over a recorded EDF per phase — known sine levels come back as their RMS.
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { analyseLibrarySession, analyseRecording } from '../../core/analysis-service.ts';
import { analysisKindOf, phaseKindsOf } from '../../sessions/analysis.ts';
import { newSidecar, readSidecar, sidecarPathFor, writeSidecar } from '../../sessions/sidecar.ts';
import { GLAZER_LIKE, tmpDir, writeSyntheticSession } from './synthetic.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { RecordingSession } from '../../sessions/session.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { glazerAssessmentProtocol } from '../../training/protocols.ts';
import { HEADER } from './synthetic.ts';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';

const rms = (amp: number) => amp / Math.SQRT2;

describe('analysis service', () => {
  it('maps phase ids to kinds and targets by the protocol the recording names; other ids are unknown', () => {
    const glazer = phaseKindsOf(null, [{ text: 'protocol glazer-assessment' }]);
    expect(glazer.source).toBe('protocol-id');
    expect(analysisKindOf('flick-3', glazer)).toEqual({ kind: 'flick', target: 'contract' });
    expect(analysisKindOf('hold-2-rest', glazer)).toEqual({ kind: 'recovery', target: 'relax' });
    expect(analysisKindOf('rest-before', glazer)).toEqual({ kind: 'baseline-rest', target: 'relax' });
    expect(analysisKindOf('endurance', glazer).kind).toBe('endurance');
    expect(analysisKindOf('downtrain', glazer)).toEqual({ kind: 'unknown', target: 'none' });
    expect(analysisKindOf('downtrain', phaseKindsOf(null, [{ text: 'protocol downtraining-15' }]))).toEqual({ kind: 'downtrain', target: 'relax' });
    const none = phaseKindsOf(null, []);
    expect(none.source).toBe('none');
    expect(analysisKindOf('rest-before', none)).toEqual({ kind: 'unknown', target: 'none' });
  });

  it('per-phase mean/SD/CV/peak/time-in-target of known levels, and the Glazer summary with norms', async () => {
    const dir = tmpDir();
    const edf = await writeSyntheticSession(path.join(dir, 'recording.edf'));
    const r = await analyseRecording(edf, null);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const a = r.value;
    expect(a.channel).toBe('PF');
    expect(a.rateHz).toBe(1000);
    const pf = a.phases.filter((p) => p.channel === 'PF' && p.kind !== 'session');
    expect(pf.map((p) => p.name)).toEqual(GLAZER_LIKE.map((p) => p.name));
    for (const [i, ph] of GLAZER_LIKE.entries()) {
      const row = pf[i]!;
      expect(row.startS).toBeCloseTo(GLAZER_LIKE.slice(0, i).reduce((s, p) => s + p.seconds, 0), 3);
      // The first ~250 ms of a phase carry the RMS window's (200 ms) and filters' transition from the previous level.
      const prev = i > 0 ? rms(GLAZER_LIKE[i - 1]!.amplitudeUv) : 0;
      const tol = 0.05 * rms(ph.amplitudeUv) + (Math.abs(prev - rms(ph.amplitudeUv)) * 0.25) / ph.seconds;
      expect(Math.abs(row.meanUv! - rms(ph.amplitudeUv)), row.name).toBeLessThan(tol);
      expect(row.peakUv!).toBeGreaterThanOrEqual(row.meanUv!);
    }
    // A steady level has a small CV in its own phase once the window has settled; the rest before is steady from the start.
    expect(pf[0]!.cvPercent!).toBeLessThan(5);
    // Relax phases meet the default 10 µV target (7.1 µV RMS); the 14 µV rest-after (9.9 µV RMS) mostly too.
    expect(pf[0]!.timeInTargetPercent!).toBeGreaterThan(95);
    expect(pf[0]!.target).toBe('relax');
    expect(a.targets.source).toBe('default');
    // Holds at 42 µV RMS are above the 20–40 µV contraction band: little time in target.
    expect(pf[3]!.timeInTargetPercent!).toBeLessThan(20);
    // ABD was a quarter of PF.
    const abd = a.phases.find((p) => p.channel === 'ABD' && p.name === 'hold-1')!;
    expect(abd.meanUv!).toBeCloseTo(rms(60) / 4, 0);
    // Key metrics: resting tone over rest phases (10 and 14 µV sines), peak from the flick.
    expect(a.summary.restingToneUv!).toBeGreaterThan(rms(10) * 0.95);
    expect(a.summary.restingToneUv!).toBeLessThan(rms(14) * 1.05);
    expect(a.summary.peakUv!).toBeGreaterThan(rms(100) * 0.95);
    const g = a.glazer!;
    expect(g.restBefore!.meanUv.value!).toBeCloseTo(rms(10), 0);
    expect(g.restAfter!.meanUv.value!).toBeCloseTo(rms(14), 0);
    expect(g.flicks!.count).toBe(1);
    expect(g.holds!.meanUv.value!).toBeGreaterThan(rms(60) * 0.9);
    expect(g.endurance!.meanUv.value!).toBeGreaterThan(rms(30) * 0.9);
    expect(g.holds!.onsetLatencyS.reliability).toBe('poor');
    expect(g.holds!.meanUv.reliability).toBe('good');
    expect(g.norms.doi).toBe('10.1097/MD.0000000000019060');
    expect(g.z.restBefore!).toBeCloseTo((g.restBefore!.meanUv.value! - 6.26) / 3.33, 2);
  });

  it('uses the session targets, caches the result in the sidecar and keeps the old value in the history', async () => {
    const dir = tmpDir();
    const edf = await writeSyntheticSession(path.join(dir, 'recording.edf'));
    const scPath = sidecarPathFor(edf);
    const sc = newSidecar({ id: 's1', recording: { file: 'recording.edf', format: 'EDF', status: 'complete', records: 54 }, targets: { mode: 'absolute', relaxUpper: 5, contractLo: 30, contractHi: 50 } });
    expect(writeSidecar(scPath, sc).ok).toBe(true);
    const first = await analyseLibrarySession(edf, scPath);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(first.value.targets).toEqual({ relaxUpperUv: 5, contractLoUv: 30, contractHiUv: 50, source: 'session' });
    // 7.1 µV RMS rest is above a 5 µV relax target; 42 µV holds are inside 30–50.
    const pf = first.value.phases.filter((p) => p.channel === 'PF');
    expect(pf[0]!.timeInTargetPercent!).toBeLessThan(5);
    expect(pf[3]!.timeInTargetPercent!).toBeGreaterThan(80);
    const stored = readSidecar(scPath);
    if (!stored.ok) throw new Error('sidecar unreadable');
    expect(stored.value.phaseMetrics).toHaveLength(1);
    expect(stored.value.history.at(-1)!.field).toBe('phaseMetrics');
    const again = await analyseLibrarySession(edf, scPath);
    expect(again.ok && again.value.analysedAt).toBe(first.value.analysedAt); // from the cache
  });

  it('yields to the event loop while it works, and concurrent callers share one analysis', async () => {
    const dir = tmpDir();
    const long = [{ name: 'downtrain', seconds: 600, amplitudeUv: 10 }];
    const edf = await writeSyntheticSession(path.join(dir, 'recording.edf'), long, 'marker: cough', 'downtraining-10');
    const scPath = sidecarPathFor(edf);
    expect(writeSidecar(scPath, newSidecar({ id: 's2', recording: { file: 'recording.edf', format: 'EDF', status: 'complete', records: 600 } })).ok).toBe(true);
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 0);
    const [a, b] = await Promise.all([analyseLibrarySession(edf, scPath), analyseLibrarySession(edf, scPath)]);
    clearInterval(timer);
    expect(a).toBe(b);
    expect(ticks).toBeGreaterThan(5); // 10 chunks × 2 channels: timers ran in between
    expect(a.ok && a.value.summary.restingToneUv).toBeCloseTo(rms(10), 0);
  });

  it('a pressure-only session has no EMG metrics (and says so) instead of failing', async () => {
    const h: StreamHeader = { rateHz: 40, channels: [{ label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: -32768, rawMax: 32767 }] };
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'p.edf'), header: h, syncMode: 'async' });
    rec.onBatch({ streamId: 1, header: h, firstSampleIndex: 0, firstSeq: 0, lostBefore: 0, count: 200, channels: [Int32Array.from({ length: 200 }, () => 2500)], hostTimeMs: 0 });
    const s = await rec.close();
    const r = await analyseRecording(s.path, null);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.channel).toBeNull();
    expect(r.value.phases).toEqual([]);
    expect(r.value.summary.restingToneUv).toBeNull();
    expect(r.value.glazer).toBeNull();
  });

  it('a full Glazer assessment: each let-go after a flick or hold reads its own rest level, not the contraction', async () => {
    // Baseline rests 6 µV, let-go rests 10 µV, flicks 90, holds 60, endurance 40 (sine amplitudes; RMS = amplitude / √2).
    const level = { rest: 6, recovery: 10, flick: 90, hold: 60, endurance: 40 } as Record<string, number>;
    const phases = glazerAssessmentProtocol().phases.map((p) => ({ name: p.id, seconds: p.durationS, amplitudeUv: level[p.kind]! }));
    const edf = await writeSyntheticSession(path.join(tmpDir(), 'glazer.edf'), phases);
    const r = await analyseRecording(edf, null);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const pf = r.value.phases.filter((p) => p.channel === 'PF' && p.kind !== 'session');
    const lets = pf.filter((p) => p.kind === 'recovery');
    expect(lets.map((p) => p.name)).toEqual([1, 2, 3, 4, 5].map((i) => `flick-${i}-rest`).concat([1, 2, 3, 4, 5].map((i) => `hold-${i}-rest`)));
    for (const p of lets) {
      const prev = rms(p.name.startsWith('flick') ? 90 : 60);
      // The contraction's tail (RMS window 200 ms + filter transition, ≤ 250 ms) is the only way the let-go can read higher.
      const tol = 0.05 * rms(10) + ((prev - rms(10)) * 0.25) / (p.endS - p.startS);
      expect(Math.abs(p.meanUv! - rms(10)), p.name).toBeLessThan(tol);
      expect(p.timeInTargetPercent!, p.name).toBeGreaterThan(90); // relax ≤ 10 µV for all but the tail
    }
    // The let-go rests stay out of the resting tone: only the 6 µV baseline rests count.
    expect(r.value.summary.restingToneUv!).toBeCloseTo(rms(6), 0);
  });

  it('phase kinds come from the phases stored with the recording (a custom exercise), not from the names', async () => {
    const dir = tmpDir();
    const phases = [{ name: 'calm', seconds: 6, amplitudeUv: 10 }, { name: 'squeeze', seconds: 4, amplitudeUv: 60 }, { name: 'rest-before', seconds: 4, amplitudeUv: 80 }];
    const edf = await writeSyntheticSession(path.join(dir, 'own.edf'), phases, 'marker: x', null);
    const sc = newSidecar({ id: 's3', recording: { file: 'own.edf', format: 'EDF', status: 'complete' },
      protocol: { name: 'My exercise', settings: { id: 'my-exercise', phases: [{ id: 'calm', kind: 'rest', target: 'relax' }, { id: 'squeeze', kind: 'hold', target: 'contract' }] } } });
    const r = await analyseRecording(edf, sc);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.phaseKindSource).toBe('sidecar');
    const pf = r.value.phases.filter((p) => p.channel === 'PF' && p.kind !== 'session');
    // 'rest-before' is not a phase of this exercise: unknown, and its 80 µV stay out of the resting tone.
    expect(pf.map((p) => `${p.name}:${p.kind}`)).toEqual(['calm:baseline-rest', 'squeeze:hold', 'rest-before:unknown']);
    expect(r.value.summary.restingToneUv!).toBeCloseTo(rms(10), 0);
    expect(r.value.restingToneSource).toBe('baseline-rests');
  });

  it('a recording session stores the exercise: its phase kinds in the sidecar and its id in the file', async () => {
    const dir = tmpDir();
    const p = glazerAssessmentProtocol();
    const started = RecordingSession.start({ outPath: path.join(dir, 'rec.edf'), header: HEADER, syncMode: 'async',
      meta: { protocol: { name: p.name.en, settings: { id: p.id, phases: p.phases.map(({ id, kind, target }) => ({ id, kind, target })) } } } });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const s = started.value;
    const chans = [new Int32Array(500), new Int32Array(500)];
    for (let i = 0; i < 4; i++) s.recorder.onBatch({ streamId: 1, header: HEADER, firstSampleIndex: 1000 + i * 500, firstSeq: i * 500, lostBefore: 0, count: 500, channels: chans, hostTimeMs: 1_700_000_000_000 + i * 500 });
    const end = await s.finish();
    const f = openEdf(end.summary.path);
    if (!f.ok) throw new Error('edf');
    const ann = f.value.readAnnotations();
    f.value.close();
    expect(ann.ok && ann.value.annotations.map((a) => [a.onsetS, a.text])).toContainEqual([0, 'protocol glazer-assessment']);
    const kinds = (end.sidecar.protocol?.settings as { phases: { id: string; kind: string }[] }).phases;
    expect(kinds.find((k) => k.id === 'hold-3-rest')!.kind).toBe('recovery');
  });

  it('a file that is not EDF is an error value', async () => {
    const r = await analyseRecording(path.join(tmpDir(), 'missing.edf'), null);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.kind).toBe('file-error');
  });
});
