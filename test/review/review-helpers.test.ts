// Renderer review helpers without a DOM: phase/pacer intervals, window arithmetic, tick labels, pacer from settings.
import { describe, expect, it } from 'vitest';
import { centreWindow, clampWindow, clock, intervalAt, pacerIntervals, phaseIntervals } from '../../renderer/review/phases.ts';
import { pacerSettingsOf, replayPacer } from '../../renderer/review/pacer-replay.ts';
import { DEFAULT_PACER } from '../../training/pacer.ts';
import { phaseIntervals as nodePhaseIntervals } from '../../sessions/annotations.ts';

const ann = (onsetS: number, text: string, kind = 'other') => ({ onsetS, durationS: null, text, kind });

describe('review helpers', () => {
  it('phase intervals match the sessions module (the renderer cannot import it)', () => {
    const anns = [ann(0, 'phase start a'), ann(1, 'marker: x'), ann(2, 'phase end a'), ann(2, 'phase start b'), ann(5, 'phase end b'), ann(6, 'phase end c')];
    expect(phaseIntervals(anns)).toEqual(nodePhaseIntervals(anns));
    expect(phaseIntervals(anns)).toEqual([{ name: 'a', startS: 0, endS: 2 }, { name: 'b', startS: 2, endS: 5 }]);
    expect(intervalAt(phaseIntervals(anns), 3)?.name).toBe('b');
    expect(intervalAt(phaseIntervals(anns), 5.5)).toBeNull();
  });

  it('pacer intervals from annotations, else recomputed from stored settings inside paced phases', () => {
    const anns = [ann(10, 'pacer inhale', 'pacer'), ann(14, 'pacer exhale', 'pacer'), ann(20, 'pacer inhale', 'pacer')];
    expect(pacerIntervals(anns, 25)).toEqual([{ name: 'inhale', startS: 10, endS: 14 }, { name: 'exhale', startS: 14, endS: 20 }, { name: 'inhale', startS: 20, endS: 25 }]);
    const sc = { protocol: { name: 'Downtraining', settings: { id: 'downtraining-10', pacer: DEFAULT_PACER } } };
    expect(pacerSettingsOf(sc)).toEqual(DEFAULT_PACER);
    expect(pacerSettingsOf({ protocol: { settings: { pacer: { breathsPerMin: -3 } } } })).toBeNull();
    const iv = replayPacer([], [{ name: 'settle', startS: 0, endS: 30 }, { name: 'downtrain', startS: 30, endS: 60 }], sc, 60);
    // 6 breaths/min, 1:1.5 → 4 s in, 6 s out, from the paced phase's start.
    expect(iv[0]).toEqual({ name: 'inhale', startS: 30, endS: 34 });
    expect(iv[1]).toEqual({ name: 'exhale', startS: 34, endS: 40 });
    expect(iv.at(-1)!.endS).toBe(60);
    expect(replayPacer(anns, [], sc, 25)).toHaveLength(3);
  });

  it('windows stay inside the session, between 1 s and 10 min', () => {
    expect(clampWindow(-5, 20, 100)).toEqual({ startS: 0, endS: 25 });
    expect(clampWindow(90, 120, 100)).toEqual({ startS: 70, endS: 100 });
    expect(clampWindow(0, 3600, 7200)).toEqual({ startS: 0, endS: 600 });
    expect(clampWindow(0, 60, 9)).toEqual({ startS: 0, endS: 9 });
    expect(centreWindow(50, 10, 100)).toEqual({ startS: 45, endS: 55 });
    expect(clock(3725)).toBe('1:02:05');
    expect(clock(65)).toBe('1:05');
  });
});
