// What the core keeps about one profile beyond its preferences: calibration, feedback targets and custom exercises
// (zod schemas; validated at the API boundary and when the profile file is read).
import { z } from 'zod';
import { protocolSchema } from '../training/protocol-schema.ts';

const num = z.number().finite();
const restSchema = z.object({ mean: num.nonnegative(), sd: num.nonnegative(), cvPercent: z.number().nullable(), durationS: num.positive(), at: z.string().max(40) }).strict();
const mvcSchema = z.object({ peaks: z.array(num.nonnegative()).min(1).max(10), mvc: num.nonnegative(), at: z.string().max(40) }).strict();

/** Calibration of one signal kind, in its processed unit (µV RMS, or the pressure unit named in `unit`). */
export const kindCalibrationSchema = z.object({ unit: z.string().min(1).max(10), rest: restSchema.optional(), mvc: mvcSchema.optional() }).strict();
export type KindCalibration = z.infer<typeof kindCalibrationSchema>;

/**
 * The profile's calibration per signal kind: raw EMG (µV RMS), a device's envelope (µV as the device scales it, e.g.
 * a MyoWare's ENV output: a scale of its own, so kept apart from EMG) and pressure.
 */
export const calibrationSchema = z.object({ emg: kindCalibrationSchema.optional(), envelope: kindCalibrationSchema.optional(), pressure: kindCalibrationSchema.optional() }).strict();
export type Calibration = z.infer<typeof calibrationSchema>;

/**
 * Upper limits of the target fields (µV RMS or a pressure unit); anything above is a typo, not a target. A device
 * envelope (µV at the sensor's output, up to volts) may go to what a recording's header can hold.
 */
export const TARGET_LIMITS = { maxValue: 1000, maxPressure: 300, maxEnvelope: 99_999_999, minPercent: 1, maxPercent: 200 } as const;

/** Feedback targets of one signal kind with values up to `max` (processed unit; relative ones in % of rest / MVC). */
function targetConfigUpTo(max: number) {
  return z.object({
    mode: z.enum(['absolute', 'relative']),
    relaxUpper: num.positive().max(max), contractLo: num.positive().max(max), contractHi: num.positive().max(max),
    relaxPercentOfRest: num.min(TARGET_LIMITS.minPercent).max(TARGET_LIMITS.maxPercent),
    contractLoPercentMvc: num.min(TARGET_LIMITS.minPercent).max(TARGET_LIMITS.maxPercent),
    contractHiPercentMvc: num.min(TARGET_LIMITS.minPercent).max(TARGET_LIMITS.maxPercent),
  }).strict();
}
/** Feedback targets of one signal kind (values in the processed unit; relative ones in % of rest / MVC). */
export const targetConfigSchema = targetConfigUpTo(TARGET_LIMITS.maxValue);
export type TargetConfigData = z.infer<typeof targetConfigSchema>;

export const targetsSchema = z.object({
  emg: targetConfigSchema.optional(), envelope: targetConfigUpTo(TARGET_LIMITS.maxEnvelope).optional(), pressure: targetConfigSchema.optional(),
}).strict();
export type Targets = z.infer<typeof targetsSchema>;

/** Most custom exercises one profile keeps. */
export const MAX_CUSTOM_PROTOCOLS = 50;
export const customProtocolsSchema = z.array(protocolSchema).max(MAX_CUSTOM_PROTOCOLS).readonly();
