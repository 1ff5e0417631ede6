// The feedback engine's parts on their own, each fed a ring and its end: reader, segment metrics, protocol, calibration, rest probe, pacer cues, accessory flag, clock.
import { describe, expect, it } from 'vitest';
import { AccessoryDetector, ACCESSORY_RULE } from '../../renderer/biofeedback/accessory.ts';
import { CalibrationSession } from '../../renderer/biofeedback/calibration-session.ts';
import { DrawTiming } from '../../renderer/biofeedback/draw-timing.ts';
import { FrameClock } from '../../renderer/biofeedback/frame-clock.ts';
import { PacerCues, type PacerFields } from '../../renderer/biofeedback/pacer-cues.ts';
import { pacerRun } from '../../renderer/biofeedback/pacer-shading.ts';
import { PacerTrack } from '../../renderer/biofeedback/pacer-track.ts';
import { ProtocolSession } from '../../renderer/biofeedback/protocol-session.ts';
import { RestProbe, REST_PROBE_N } from '../../renderer/biofeedback/rest-probe.ts';
import { CHUNK, FiniteRunReader } from '../../renderer/biofeedback/ring-reader.ts';
import { SegmentMetrics } from '../../renderer/biofeedback/segment-metrics.ts';
import type { CalibrationView } from '../../renderer/calibration/calibration-run.ts';
import { allocRing, pushValues, SampleRing } from '../../renderer/live/sample-ring.ts';
import { sessionEvents } from '../../renderer/exercises/session-events.ts';
import { DEFAULT_PACER } from '../../training/pacer.ts';
import { downtrainingProtocol } from '../../training/protocols.ts';
import type { RunnerView } from '../../training/runner.ts';

const RATE = 1000;
const TARGETS = { relaxUpper: 10, contractLo: 20, contractHi: 40, relative: false };

function ringWith(values: readonly number[], rate = RATE): SampleRing {
  const r = new SampleRing(allocRing(rate, 1, false));
  pushValues(r, Float32Array.from(values), values.length, 0);
  return r;
}

interface Run { values: number[]; first: number; mask: number[] | null }
function collector(): { runs: Run[]; reader: FiniteRunReader } {
  const runs: Run[] = [];
  const reader = new FiniteRunReader((v, n, first, m) => runs.push({ values: Array.from(v.subarray(0, n)), first, mask: m ? Array.from(m.subarray(0, n)) : null }));
  return { runs, reader };
}

describe('FiniteRunReader', () => {
  it('the first read marks the start; later reads hand on only the finite runs at their own indices', () => {
    const ring = new SampleRing(allocRing(RATE, 1, false));
    const { runs, reader } = collector();
    pushValues(ring, Float32Array.from([1, 2, 3]), 3, 0);
    reader.read(ring, ring.end, null);
    expect(runs).toEqual([]);
    pushValues(ring, Float32Array.from([4, NaN, NaN, 5, 6, NaN]), 6, 3);
    reader.read(ring, ring.end, null);
    expect(runs).toEqual([{ values: [4], first: 3, mask: null }, { values: [5, 6], first: 6, mask: null }]);
    reader.read(ring, ring.end, null); // nothing new
    expect(runs).toHaveLength(2);
  });

  it('reads in chunks, skips what the ring no longer holds, and starts over after reset', () => {
    const ring = ringWith([0]);
    const { runs, reader } = collector();
    reader.read(ring, 1, null);
    const n = ring.capacity + CHUNK; // more than the ring holds
    pushValues(ring, new Float32Array(n).fill(2), n, 1);
    reader.read(ring, ring.end, null);
    const got = runs.reduce((s, r) => s + r.values.length, 0);
    expect(got).toBe(ring.capacity - 1);
    expect(runs[0]!.first).toBe(ring.end - ring.capacity + 1);
    expect(runs.every((r) => r.values.length <= CHUNK)).toBe(true);
    reader.reset();
    runs.length = 0;
    reader.read(ring, ring.end, null);
    expect(runs).toEqual([]);
  });

  it('gives the pacer let-go mask from the pacer start on (exhale = let go)', () => {
    const ring = ringWith([0]);
    const { runs, reader } = collector();
    reader.read(ring, 1, null);
    // 6/min, 1:1.5: inhale 0-4 s, exhale 4-10 s; the run starts at 1 s, so sample 5001 is 4.0 s in (exhale).
    pushValues(ring, new Float32Array(5002).fill(1), 5002, 1);
    reader.read(ring, ring.end, pacerRun(0.001, DEFAULT_PACER));
    const mask = runs.flatMap((r) => r.mask!);
    expect(mask[0]).toBe(0);
    expect(mask[3998]).toBe(0);
    expect(mask[4000]).toBe(1);
  });
});

describe('SegmentMetrics', () => {
  it('a free segment starts over on new targets or a new manual target, a phase keeps going', () => {
    const clock = { endIndex: 0, rateHz: RATE };
    const m = new SegmentMetrics(clock);
    expect(m.metrics().summary).toBeNull();
    m.setTargets(TARGETS);
    m.push(new Float32Array(100).fill(5), 100, 0, undefined);
    expect(m.metrics().summary!.stats.count).toBe(100);
    expect(m.metrics().summary!.timeInTargetPercent).toBe(100);
    clock.endIndex = 100;
    m.setTargets(TARGETS); // same values: nothing restarts
    expect(m.metrics().summary!.stats.count).toBe(100);
    m.setManualTarget('contract');
    expect(m.metrics().summary!.stats.count).toBe(0);
    m.push(new Float32Array(100).fill(5), 100, 100, undefined);
    expect(m.metrics().summary!.timeInTargetPercent).toBe(0); // 5 µV is below the contraction band
    m.startPhase(0, 200, 'relax');
    expect(m.segment).toBe('phase');
    m.push(new Float32Array(50).fill(5), 50, 200, undefined);
    m.reset(); // a phase is never reset by hand
    expect(m.metrics()).toMatchObject({ segment: 'phase', summary: { stats: { count: 50 } } });
    clock.endIndex = 250;
    m.restartFree();
    expect(m.metrics()).toMatchObject({ segment: 'free', summary: { stats: { count: 0 } } });
    expect(m.manualTarget).toBe('contract');
  });

  it('a batch straddling a phase start counts before it in the old segment and after it in the new', () => {
    const m = new SegmentMetrics({ endIndex: 0, rateHz: RATE });
    m.setTargets(TARGETS);
    m.startPhase(0, 0, 'relax');
    m.startPhase(1, 60, null);
    m.push(new Float32Array(100).fill(3), 100, 0, undefined);
    const s = m.metrics().summary!;
    expect(s.phaseIndex).toBe(1);
    expect(s.stats.count).toBe(40);
  });
});

describe('ProtocolSession', () => {
  it('refuses before a stream; runs phases on the exact index and judges their target once running', () => {
    const clock = { endIndex: 0, rateHz: 0 };
    const metrics = new SegmentMetrics(clock);
    const pacer = new PacerTrack(() => clock.rateHz);
    pacer.setSettings(DEFAULT_PACER, 0);
    const changes: { v: RunnerView; id: string }[] = [];
    const s = new ProtocolSession(clock, metrics, pacer, (v, id) => changes.push({ v, id }));
    const p = downtrainingProtocol(5);
    expect(s.start(p)).toBe(false);
    clock.rateHz = RATE;
    clock.endIndex = 1000;
    expect(s.start(p)).toBe(true);
    expect(s.judging).toBe(true);
    expect(s.phaseTarget).toBeNull(); // settling: just watch
    expect(metrics.segment).toBe('phase');
    expect(pacer.active()).toBeNull(); // settling: no pacer yet
    s.advance(1000 + 30 * RATE);
    expect(s.phaseTarget).toBe('relax');
    expect(pacer.active()!.startS).toBe(31);
    expect(changes.at(-1)!.v.phase!.id).toBe('downtrain');
    s.stop();
    expect(changes.at(-1)!.v.status).toBe('stopped');
    expect(s.judging).toBe(false);
    expect(s.view()).toBeNull();
    expect(s.protocol()!.id).toBe(p.id);
    expect(pacer.active()).toBeNull();
    expect(metrics.segment).toBe('free');
  });
});

describe('CalibrationSession', () => {
  it('starts only on a stream, cancels with null, finishes on the sample clock with its result', () => {
    const clock = { endIndex: 0, rateHz: 0, tS: 0 };
    const done: (CalibrationView | null)[] = [];
    const c = new CalibrationSession(clock, (v) => done.push(v));
    expect(c.start('rest')).toBe(false);
    clock.rateHz = 100;
    expect(c.start('rest', 30)).toBe(true);
    c.cancel();
    expect(done).toEqual([null]);
    expect(sessionEvents.history().at(-1)).toMatchObject({ source: 'calibration', type: 'cancelled' });
    expect(c.start('rest', 30)).toBe(true);
    const v = new Float32Array(3000);
    for (let i = 0; i < v.length; i++) v[i] = i % 2 ? 5 : 7;
    c.push(v, 2999, 0);
    c.finish(2999, 29.99);
    expect(done).toHaveLength(1);
    c.push(v.subarray(2999), 1, 2999);
    c.finish(3000, 30);
    expect(done[1]!.result).toMatchObject({ kind: 'rest', rest: { mean: 6 } });
    expect(c.view()).toBeNull();
    expect(sessionEvents.history().at(-1)).toMatchObject({ source: 'calibration', type: 'rest-done', sampleIndex: 3000 });
  });
});

describe('RestProbe', () => {
  it('is the median of the first finite values, reported once, and measured again after reset', () => {
    const got: number[] = [];
    const p = new RestProbe((l) => got.push(l));
    p.push(NaN);
    for (let i = 0; i < REST_PROBE_N - 1; i++) p.push(i < 5 ? 100 : 2 + (i % 3));
    expect(p.level).toBeNaN();
    p.push(3);
    // Sorted: 5 × 2, 5 × 3, 5 × 4, 5 × 100; the median is the 11th.
    expect(got).toEqual([p.level]);
    expect(p.level).toBe(4);
    p.push(50);
    expect(got).toHaveLength(1);
    p.reset();
    expect(p.level).toBeNaN();
    for (let i = 0; i < REST_PROBE_N; i++) p.push(8);
    expect(got).toEqual([4, 8]);
  });
});

describe('PacerCues', () => {
  it('cues only when inhale or exhale begins and clears the fields when the pacer is off', () => {
    const cues: string[] = [];
    const c = new PacerCues((ph) => cues.push(ph));
    const f: PacerFields = { pacerPhase: null, pacerProgress01: 0, pacerLetGo: false };
    const run = pacerRun(10, DEFAULT_PACER);
    for (let t = 10; t < 30; t += 0.5) c.update(run, t, f);
    expect(cues).toEqual(['inhale', 'exhale', 'inhale', 'exhale']);
    c.update(run, 15, f);
    expect(f).toMatchObject({ pacerPhase: 'exhale', pacerLetGo: true });
    expect(f.pacerProgress01).toBeCloseTo(1 / 6, 9);
    c.update(null, 16, f);
    expect(f).toEqual({ pacerPhase: null, pacerProgress01: 0, pacerLetGo: false });
    c.update(run, 16, f); // after the pacer was off, the phase it is in cues again
    expect(cues.at(-1)).toBe('exhale');
    expect(cues).toHaveLength(5);
  });
});

describe('AccessoryDetector', () => {
  it('flags a belly rising with a pelvic-floor hold, holds the flag, keeps it while the channel is empty', () => {
    const d = new AccessoryDetector();
    const abd = ringWith([3]);
    let now = 0;
    const tick = (pf: number, a: number, n: number) => {
      for (let i = 0; i < n; i++) { pushValues(abd, Float32Array.of(a), 1, abd.end); now += 250; d.update(now, pf, abd, 10, NaN); }
    };
    tick(5, 3, 12);
    expect(d.flag).toBe(false);
    tick(45, 3, 8);
    expect(d.flag).toBe(false);
    tick(45, 9, 1);
    expect(d.flag).toBe(true);
    const hit = now;
    tick(5, 3, ACCESSORY_RULE.holdMs / 250 - 1);
    expect(d.flag).toBe(true);
    expect(now).toBeLessThan(hit + ACCESSORY_RULE.holdMs);
    tick(5, 3, 1);
    expect(d.flag).toBe(false);
    tick(45, 9, 1);
    d.update(now + 5000, 45, new SampleRing(allocRing(RATE, 1, false)), 10, NaN);
    expect(d.flag).toBe(true); // an empty ring changes nothing
    d.clear();
    expect(d.flag).toBe(false);
  });

  it('uses the calibrated rest when known', () => {
    const d = new AccessoryDetector();
    const abd = ringWith([3]);
    d.update(0, 5, abd, 10, NaN); // learns rests 5 and 3
    pushValues(abd, Float32Array.of(9), 1, 1);
    d.update(250, 15, abd, 10, 10); // 15 < 2 × calibrated 10
    expect(d.flag).toBe(false);
    d.update(500, 25, abd, 10, 10);
    expect(d.flag).toBe(true);
  });
});

describe('FrameClock and DrawTiming', () => {
  it('smooths time between batches at most 100 ms ahead and restarts on reset', () => {
    const ring = ringWith(new Array(500).fill(2));
    const clock = new FrameClock();
    const f = { endIndex: 0, rateHz: RATE, tS: 0, smoothS: 0, value: NaN };
    clock.update(ring, 1000, f);
    expect(f).toEqual({ endIndex: 500, rateHz: RATE, tS: 0.5, smoothS: 0.5, value: 2 });
    clock.update(ring, 1040, f);
    expect(f.smoothS).toBeCloseTo(0.54, 9);
    clock.update(ring, 1500, f);
    expect(f.smoothS).toBeCloseTo(0.6, 9);
    pushValues(ring, Float32Array.of(4), 1, 500);
    clock.update(ring, 1520, f);
    expect(f).toMatchObject({ endIndex: 501, smoothS: 0.501, value: 4 });
    const t = new DrawTiming();
    for (let i = 0; i < 1030; i++) t.record(i);
    expect(t.count).toBe(1030);
    expect(t.ms[5]).toBe(1029);
    expect(t.ms[6]).toBe(6);
  });
});
