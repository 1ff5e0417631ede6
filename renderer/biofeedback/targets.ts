// Feedback targets: relaxation upper limit and contraction band, absolute or relative to calibration; zone of a value.

/** Which target the feedback judges against right now. */
export type TargetKind = 'relax' | 'contract';

/** The user's target settings for one signal kind (values in the processed unit: µV RMS, or the pressure unit). */
export interface TargetConfig {
  /** absolute: the numbers below; relative: % of the calibrated rest mean / MVC (falls back to absolute without calibration). */
  readonly mode: 'absolute' | 'relative';
  /** Relaxation target: stay at or below this, processed unit. */
  readonly relaxUpper: number;
  /** Contraction band, processed unit. */
  readonly contractLo: number;
  readonly contractHi: number;
  /** Relative: relaxation limit as % of the rest mean, default 100. */
  readonly relaxPercentOfRest: number;
  /** Relative: contraction band as % of MVC, default 40–70. */
  readonly contractLoPercentMvc: number;
  readonly contractHiPercentMvc: number;
}

/** The calibration figures targets can be relative to (processed unit). */
export interface TargetBasis { readonly restMean: number; readonly mvc: number | null }

export interface ResolvedTargets {
  readonly relaxUpper: number;
  readonly contractLo: number;
  readonly contractHi: number;
  /** True when the numbers came from calibration. */
  readonly relative: boolean;
}

export const DEFAULT_EMG_TARGETS: TargetConfig = {
  mode: 'absolute', relaxUpper: 10, contractLo: 20, contractHi: 40, relaxPercentOfRest: 100, contractLoPercentMvc: 40, contractHiPercentMvc: 70,
};
/**
 * A device's envelope has no scale the app knows (a MyoWare's ENV output depends on its gain knob): targets are
 * relative to the calibrated rest and MVC by default; the absolute numbers (µV at the sensor's output, ~0.1–1 V) only
 * apply until the first calibration.
 */
export const DEFAULT_ENVELOPE_TARGETS: TargetConfig = {
  mode: 'relative', relaxUpper: 100_000, contractLo: 300_000, contractHi: 1_000_000, relaxPercentOfRest: 100, contractLoPercentMvc: 40, contractHiPercentMvc: 70,
};
export const DEFAULT_PRESSURE_TARGETS: TargetConfig = {
  mode: 'absolute', relaxUpper: 5, contractLo: 15, contractHi: 30, relaxPercentOfRest: 100, contractLoPercentMvc: 40, contractHiPercentMvc: 70,
};

/** Numbers in force: relative settings applied to the calibration basis when there is one. */
export function resolveTargets(cfg: TargetConfig, basis: TargetBasis | null): ResolvedTargets {
  if (cfg.mode === 'relative' && basis && basis.restMean > 0) {
    const relaxUpper = (basis.restMean * cfg.relaxPercentOfRest) / 100;
    if (basis.mvc !== null && basis.mvc > 0) {
      return { relaxUpper, contractLo: (basis.mvc * cfg.contractLoPercentMvc) / 100, contractHi: (basis.mvc * cfg.contractHiPercentMvc) / 100, relative: true };
    }
    return { relaxUpper, contractLo: cfg.contractLo, contractHi: cfg.contractHi, relative: true };
  }
  return { relaxUpper: cfg.relaxUpper, contractLo: cfg.contractLo, contractHi: cfg.contractHi, relative: false };
}

/**
 * Pressure targets sit above the resting level (a probe reads tens of cmH₂O at rest): fixed numbers are added to the
 * measured or calibrated rest. Relative ones (% of rest / MVC) resolve as usual. Without a rest level yet: as given.
 */
export function resolvePressureTargets(cfg: TargetConfig, basis: TargetBasis | null, restLevel: number): ResolvedTargets {
  if (cfg.mode === 'relative') return resolveTargets(cfg, basis);
  const rest = basis && basis.restMean > 0 ? basis.restMean : restLevel;
  if (!Number.isFinite(rest)) return resolveTargets(cfg, null);
  return { relaxUpper: rest + cfg.relaxUpper, contractLo: rest + cfg.contractLo, contractHi: rest + cfg.contractHi, relative: true };
}

/** Proposed absolute targets from a calibration: relax ≤ rest mean, contract 40–70 % of MVC. */
export function proposeTargets(cfg: TargetConfig, basis: TargetBasis): TargetConfig {
  const r = resolveTargets({ ...cfg, mode: 'relative', relaxPercentOfRest: 100, contractLoPercentMvc: 40, contractHiPercentMvc: 70 }, basis);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { ...cfg, relaxUpper: round(r.relaxUpper), contractLo: round(r.contractLo), contractHi: round(r.contractHi) };
}

/** Proposed pressure targets (above the rest level): relax within 10 % of rest, squeeze 40–70 % of MVC above rest. */
export function proposePressureTargets(cfg: TargetConfig, basis: TargetBasis): TargetConfig {
  const round = (x: number) => Math.max(0.1, Math.round(x * 10) / 10);
  const span = basis.mvc !== null && basis.mvc > basis.restMean ? basis.mvc - basis.restMean : null;
  return { ...cfg, relaxUpper: round(basis.restMean * 0.1), contractLo: span ? round(span * 0.4) : cfg.contractLo, contractHi: span ? round(span * 0.7) : cfg.contractHi };
}

/** Checks a target config: positive numbers, lo < hi, percentages 1–200. Returns a field name that is wrong, or null. */
export function targetProblem(cfg: TargetConfig): keyof TargetConfig | null {
  const pos = (x: number) => Number.isFinite(x) && x > 0;
  if (!pos(cfg.relaxUpper)) return 'relaxUpper';
  if (!pos(cfg.contractLo)) return 'contractLo';
  if (!pos(cfg.contractHi) || cfg.contractHi <= cfg.contractLo) return 'contractHi';
  const pct = (x: number) => Number.isFinite(x) && x >= 1 && x <= 200;
  if (!pct(cfg.relaxPercentOfRest)) return 'relaxPercentOfRest';
  if (!pct(cfg.contractLoPercentMvc)) return 'contractLoPercentMvc';
  if (!pct(cfg.contractHiPercentMvc) || cfg.contractHiPercentMvc <= cfg.contractLoPercentMvc) return 'contractHiPercentMvc';
  return null;
}

/** Where a value sits relative to the active target. 'none' for a non-finite value. */
export type Zone = 'in' | 'above' | 'below' | 'none';

export function zoneOf(value: number, kind: TargetKind, t: ResolvedTargets): Zone {
  if (!Number.isFinite(value)) return 'none';
  if (kind === 'relax') return value <= t.relaxUpper ? 'in' : 'above';
  return value < t.contractLo ? 'below' : value > t.contractHi ? 'above' : 'in';
}
