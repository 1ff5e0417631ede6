// The feedback engine on a fake sample clock: zone, protocol phases and their events, pacer on the phase boundary, metrics, calibration.
import { describe, expect, it } from 'vitest';
import { engine } from '../../renderer/biofeedback/engine.ts';
import { live } from '../../renderer/live/live-data.ts';
import { allocRing, pushValues, SampleRing } from '../../renderer/live/sample-ring.ts';
import { sessionEvents, type SessionEvent } from '../../renderer/exercises/session-events.ts';
import { DEFAULT_PACER } from '../../training/pacer.ts';
import { downtrainingProtocol } from '../../training/protocols.ts';
import type { RunnerView } from '../../training/runner.ts';
import type { CalibrationView } from '../../renderer/calibration/calibration-run.ts';

const RATE = 1000;
const rings = [0, 1].map(() => new SampleRing(allocRing(RATE, 1, false)));
live.processed = rings;
live.layoutVersion++;
let end = 0;
let now = 0;
const buf = new Float32Array(20);

/** Streams `seconds` of PF = f(sampleIndex) (ABD 3 µV) in 20 ms frames, one engine frame per batch. */
function stream(seconds: number, f: (i: number) => number, abd: (i: number) => number = () => 3): void {
  for (let n = 0; n < seconds * RATE; n += 20) {
    for (let k = 0; k < 20; k++) buf[k] = f(end + k);
    pushValues(rings[0]!, buf, 20, end);
    for (let k = 0; k < 20; k++) buf[k] = abd(end + k);
    pushValues(rings[1]!, buf, 20, end);
    end += 20;
    now += 20;
    engine.step(now);
  }
}

describe('feedback engine', () => {
  const events: SessionEvent[] = [];
  sessionEvents.on((e) => events.push(e));
  const runner: { v: RunnerView; id: string }[] = [];
  engine.onRunnerChange = (v, id) => runner.push({ v, id });
  engine.setTargets({ relaxUpper: 10, contractLo: 20, contractHi: 40, relative: false });
  engine.setPacerSettings(DEFAULT_PACER);

  it('judges the newest envelope value against the relaxation target', () => {
    stream(2, () => 5);
    const f = engine.frameState;
    expect(f.rateHz).toBe(RATE);
    expect(f.endIndex).toBe(2000);
    expect(f.value).toBe(5);
    expect(f.activeTarget).toBe('relax');
    expect(f.zone).toBe('in');
    stream(0.1, () => 15);
    expect(engine.frameState.zone).toBe('above');
    engine.setManualTarget('contract');
    stream(0.1, () => 25);
    expect(engine.frameState.zone).toBe('in');
    engine.setManualTarget('relax');
  });

  it('runs downtraining on the sample clock: exact phase boundaries, the pacer starts with the paced phase', () => {
    const p = downtrainingProtocol(5);
    expect(engine.startProtocol(p)).toBe(true);
    const t0 = engine.frameState.endIndex;
    expect(engine.frameState.pacerPhase).toBeNull();
    stream(31, () => 5);
    const proto = events.filter((e) => e.source === 'protocol');
    expect(proto.map((e) => e.type)).toEqual(['phase-start', 'phase-end', 'phase-start']);
    expect(proto[0]!.sampleIndex).toBe(t0);
    expect(proto[1]!.sampleIndex).toBe(t0 + 30 * RATE);
    expect(proto[2]!.sampleIndex).toBe(t0 + 30 * RATE);
    const pacer = events.find((e) => e.source === 'pacer' && e.type === 'pacer-start')!;
    expect(pacer.sampleIndex).toBe(t0 + 30 * RATE);
    expect(engine.frameState.pacerRuns[0]!.startS).toBe((t0 + 30 * RATE) / RATE);
    expect(engine.frameState.pacerPhase).toBe('inhale'); // 1 s into a 4 s inhale
    expect(runner.at(-1)!.v.phase!.id).toBe('downtrain');
    // Metrics of the paced phase: everything below the line.
    const m = engine.metrics();
    expect(m.segment).toBe('phase');
    expect(m.summary!.stats.mean).toBeCloseTo(5, 9);
    expect(m.summary!.timeInTargetPercent).toBe(100);
    expect(m.summary!.relaxLatency).toMatchObject({ kind: 'found', latencyS: 0 });
  });

  it('breath coordination is negative when tension drops in the let-go (exhale) phase', () => {
    const start = engine.frameState.pacerRuns[0]!.startS;
    // 6/min, 1:1.5 → inhale 4 s (8 µV), exhale 6 s (4 µV).
    stream(20, (i) => (((i / RATE - start) % 10) < 4 ? 8 : 4));
    const s = engine.metrics().summary!;
    expect(s.breathScorePercent).toBeLessThan(-20);
  });

  it('stop ends the pacer and reports the status', () => {
    engine.stopProtocol();
    expect(runner.at(-1)!.v.status).toBe('stopped');
    expect(events.at(-1)).toMatchObject({ source: 'pacer', type: 'pacer-stop' });
    stream(0.1, () => 5);
    expect(engine.frameState.pacerPhase).toBeNull();
    expect(engine.metrics().segment).toBe('free');
  });

  it('lost samples (NaN) are left out of the metrics', () => {
    engine.resetMetrics();
    stream(1, (i) => (i % 100 < 30 ? NaN : 6));
    const s = engine.metrics().summary!;
    expect(s.stats.mean).toBe(6);
    expect(s.stats.count).toBe(700);
  });

  it('flags accessory muscle use when the abdominal channel rises with the pelvic floor, not when it stays calm', () => {
    stream(3, () => 5);
    expect(engine.frameState.accessoryFlag).toBe(false);
    stream(2, () => 45); // a hold with a calm belly
    expect(engine.frameState.accessoryFlag).toBe(false);
    stream(3, () => 5);
    stream(2, () => 45, () => 9); // a hold with the belly joining in
    expect(engine.frameState.accessoryFlag).toBe(true);
    stream(3, () => 5);
    expect(engine.frameState.accessoryFlag).toBe(false);
  });

  it('calibrates the rest level from the processed stream', () => {
    let done: CalibrationView | null = null;
    engine.onCalibrationDone = (v) => { done = v; };
    expect(engine.startCalibration('rest', 30)).toBe(true);
    stream(29, (i) => (i % 2 ? 5 : 7));
    expect(done).toBeNull();
    expect(engine.calibrationView()!.remainingS).toBeCloseTo(1, 1);
    stream(1.1, (i) => (i % 2 ? 5 : 7));
    const v = done as CalibrationView | null;
    expect(v?.result).toMatchObject({ kind: 'rest', rest: { mean: 6 } });
    expect(events.at(-1)).toMatchObject({ source: 'calibration', type: 'rest-done' });
  });

  it('a new stream (new clock) stops a running protocol and cancels a calibration', () => {
    expect(engine.startProtocol(downtrainingProtocol(5))).toBe(true);
    let cancelled = false;
    engine.onCalibrationDone = (v) => { cancelled = v === null; };
    engine.startCalibration('mvc');
    stream(1, () => 5);
    live.processed = [new SampleRing(allocRing(RATE, 1, false))];
    live.layoutVersion++;
    engine.step(now + 20);
    expect(runner.at(-1)!.v.status).toBe('stopped');
    expect(cancelled).toBe(true);
    expect(engine.calibrationView()).toBeNull();
    expect(engine.frameState.accessoryIndex).toBe(-1);
    expect(engine.frameState.endIndex).toBe(0);
    expect(sessionEvents.history()).toEqual([]);
  });

  it('draws every view each frame in the order added, the slow readouts at 4 Hz, and forgets a removed view', () => {
    const calls: string[] = [];
    const offA = engine.add({ frame: () => calls.push('a'), slow: () => calls.push('a-slow') });
    const offB = engine.add({ frame: () => calls.push('b') });
    const t0 = now + 1000;
    engine.step(t0);
    engine.step(t0 + 100);
    expect(calls).toEqual(['a', 'b', 'a-slow', 'a', 'b']);
    offA();
    calls.length = 0;
    engine.step(t0 + 300);
    expect(calls).toEqual(['b']);
    offB();
    engine.step(t0 + 400);
    expect(calls).toEqual(['b']);
  });
});
