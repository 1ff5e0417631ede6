// Protocol runner driven by a fake sample clock: boundaries, countdown, pause/resume/skip/stop, event stamps.
import { describe, expect, it } from 'vitest';
import { ProtocolRunner, type RunnerEvent } from '../../training/runner.ts';
import { glazerAssessmentProtocol, type Protocol, type ProtocolPhase } from '../../training/protocols.ts';

const RATE = 1000;
const ph = (id: string, durationS: number): ProtocolPhase => ({
  id, name: { nl: id, en: id }, durationS, instruction: { nl: `nl ${id}`, en: `en ${id}` }, target: 'none', pacer: false, kind: 'rest',
});
const P: Protocol = { id: 't', name: { nl: 't', en: 't' }, phases: [ph('a', 2), ph('b', 3), ph('c', 1.5)] };

function make(p: Protocol = P, rate = RATE): ProtocolRunner {
  const r = ProtocolRunner.create(p, rate);
  if (!r.ok) throw new Error(r.error.kind);
  return r.value;
}
const brief = (evs: readonly RunnerEvent[]): string[] =>
  evs.map((e) => `${e.type}${'phaseId' in e ? ':' + e.phaseId : ''}@${e.sampleIndex}`);

describe('ProtocolRunner', () => {
  it('reports errors as values', () => {
    expect(ProtocolRunner.create(P, 0)).toEqual({ ok: false, error: { kind: 'bad-rate', rateHz: 0 } });
    expect(ProtocolRunner.create({ ...P, phases: [] }, RATE)).toEqual({ ok: false, error: { kind: 'empty-protocol' } });
    const r = make();
    expect(r.pause(0)).toEqual({ ok: false, error: { kind: 'not-allowed', action: 'pause', status: 'ready' } });
  });

  it('steps through phases on the sample clock with exact boundary stamps, even across big jumps', () => {
    const r = make();
    const start = r.start(5000);
    expect(start.ok && brief(start.value)).toEqual(['phase-start:a@5000']);
    expect(r.advance(6999)).toEqual([]);
    expect(brief(r.advance(7000))).toEqual(['phase-end:a@7000', 'phase-start:b@7000']);
    // One batch jumping past two boundaries gets both, stamped where they happened, not at the batch time.
    const evs = r.advance(20000);
    expect(brief(evs)).toEqual(['phase-end:b@10000', 'phase-start:c@10000', 'phase-end:c@11500', 'finished@11500']);
    expect(evs[1]!.tSeconds).toBe(10);
    expect(r.status).toBe('finished');
    expect(r.view().phase).toBeNull();
  });

  it('shows the instruction, countdown and what comes next', () => {
    const r = make();
    r.start(0);
    r.advance(2500);
    const v = r.view();
    expect(v.phase!.id).toBe('b');
    expect(v.instruction).toEqual({ nl: 'nl b', en: 'en b' });
    expect(v.elapsedS).toBe(0.5);
    expect(v.remainingS).toBe(2.5);
    expect(v.next!.id).toBe('c');
    expect(v.totalRemainingS).toBe(4);
    const ready = make().view();
    expect([ready.status, ready.next!.id, ready.totalRemainingS]).toEqual(['ready', 'a', 6.5]);
  });

  it('pause freezes the countdown; resume pushes the phase end later by the paused time', () => {
    const r = make();
    r.start(0);
    const p = r.pause(1500);
    expect(p.ok && brief(p.value)).toEqual(['paused:a@1500']);
    expect(r.advance(9000)).toEqual([]);
    expect(r.view().remainingS).toBe(0.5);
    const res = r.resume(9000);
    expect(res.ok && brief(res.value)).toEqual(['resumed:a@9000']);
    expect(r.view().elapsedS).toBe(1.5);
    expect(brief(r.advance(9500))).toEqual(['phase-end:a@9500', 'phase-start:b@9500']);
    expect(r.resume(9600).ok).toBe(false);
  });

  it('plans the remaining phases on the sample clock, shifted by an ongoing pause', () => {
    const r = make();
    expect(r.plannedPhases()).toEqual([]);
    r.start(100);
    expect(r.plannedPhases()).toEqual([
      { phaseIndex: 0, startSample: 100, endSample: 2100 }, { phaseIndex: 1, startSample: 2100, endSample: 5100 }, { phaseIndex: 2, startSample: 5100, endSample: 6600 },
    ]);
    r.pause(1100);
    r.advance(1600);
    expect(r.plannedPhases().map((p) => p.endSample)).toEqual([2600, 5600, 7100]);
    r.resume(1600);
    expect(brief(r.advance(7100)).at(-1)).toBe('finished@7100');
  });

  it('a pause request after a missed boundary first emits that boundary', () => {
    const r = make();
    r.start(0);
    const p = r.pause(2100);
    expect(p.ok && brief(p.value)).toEqual(['phase-end:a@2000', 'phase-start:b@2000', 'paused:b@2100']);
  });

  it('skip ends the phase early (also when paused); stop ends the run', () => {
    const r = make();
    r.start(0);
    const s = r.skip(700);
    expect(s.ok && s.value.map((e) => (e.type === 'phase-end' ? e.reason : e.type))).toEqual(['skipped', 'phase-start']);
    r.pause(800);
    const s2 = r.skip(900);
    expect(s2.ok && brief(s2.value)).toEqual(['phase-end:b@900', 'phase-start:c@900']);
    expect(r.status).toBe('running');
    const st = r.stop(1000);
    expect(st.ok && brief(st.value)).toEqual(['phase-end:c@1000', 'stopped@1000']);
    expect(r.status).toBe('stopped');
    expect(r.advance(99999)).toEqual([]);
    expect(r.skip(100000).ok).toBe(false);
  });

  it('never runs time backwards: a late command uses the last sample seen', () => {
    const r = make();
    r.start(0);
    r.advance(1800);
    const p = r.pause(1000);
    expect(p.ok && p.value[0]!.sampleIndex).toBe(1800);
  });

  it('runs the whole Glazer assessment at 2 kHz with phases summing to 340 s', () => {
    const r = make(glazerAssessmentProtocol(), 2000);
    r.start(0);
    const all: RunnerEvent[] = [];
    for (let s = 0; s <= 400 * 2000; s += 67) all.push(...r.advance(s));
    const starts = all.filter((e) => e.type === 'phase-start');
    expect(starts.length).toBe(22);
    expect(all.at(-1)).toEqual({ type: 'finished', sampleIndex: 340 * 2000, tSeconds: 340 });
    const endurance = starts.find((e) => e.type === 'phase-start' && e.phaseId === 'endurance')!;
    expect(endurance.tSeconds).toBe(60 + 60 + 100);
  });
});
