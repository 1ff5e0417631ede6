// A device envelope (MyoWare ENV) has targets and calibration of its own: never EMG's µV RMS numbers, relative to
// the calibration by default, stored per profile with room for its scale.
import { describe, expect, it } from 'vitest';
import { calibrationSchema, targetsSchema } from '../../api/profile-data.ts';
import { DEFAULT_EMG_TARGETS, DEFAULT_ENVELOPE_TARGETS, resolveTargets } from '../../renderer/biofeedback/targets.ts';
import { signalKindOf } from '../../renderer/biofeedback/wiring.ts';
import { useFeedback } from '../../renderer/state/feedback-store.ts';

describe('envelope targets', () => {
  it('an envelope channel uses its own targets and calibration, apart from EMG', () => {
    expect(signalKindOf('envelope')).toBe('envelope');
    expect(signalKindOf('emg')).toBe('emg');
    expect(signalKindOf('pressure')).toBe('pressure');
    expect(signalKindOf(undefined)).toBe('emg');
    const s = useFeedback.getState();
    s.loadProfileData({}, { emg: { ...DEFAULT_EMG_TARGETS, relaxUpper: 8 } });
    expect(useFeedback.getState().targets.envelope).toEqual(DEFAULT_ENVELOPE_TARGETS);
    expect(useFeedback.getState().targets.emg.relaxUpper).toBe(8);
    // Relative by default: after a rest of 250 000 µV (sensor output) and an MVC of 2 000 000 µV the band follows them.
    expect(resolveTargets(DEFAULT_ENVELOPE_TARGETS, { restMean: 250_000, mvc: 2_000_000 })).toEqual({ relaxUpper: 250_000, contractLo: 800_000, contractHi: 1_400_000, relative: true });
  });

  it('profile data keeps envelope targets at the envelope\'s scale; EMG keeps its 1000 µV cap', () => {
    const env = { ...DEFAULT_ENVELOPE_TARGETS, mode: 'absolute' as const, relaxUpper: 400_000, contractLo: 900_000, contractHi: 2_000_000 };
    expect(targetsSchema.safeParse({ envelope: env }).success).toBe(true);
    expect(targetsSchema.safeParse({ emg: env }).success).toBe(false);
    expect(calibrationSchema.safeParse({ envelope: { unit: 'uV', rest: { mean: 250_000, sd: 20_000, cvPercent: 8, durationS: 30, at: '2026-12-06T05:00:00Z' } } }).success).toBe(true);
  });
});
