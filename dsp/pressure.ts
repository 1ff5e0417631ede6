// Pressure processing: exact unit conversion, low-pass smoothing and host-side zero (tare), one chain per channel.
import { BiquadCascade, designButterworth } from './biquad.ts';
import type { DspResult } from './emg-chain.ts';

/** 1 mmHg in pascal (conventional millimetre of mercury, exact by definition). */
export const PA_PER_MMHG = 133.322387415;
/** 1 cmH2O in pascal (conventional, g₀ = 9.80665 m/s², exact by definition). */
export const PA_PER_CMH2O = 98.0665;
export const PA_PER_HPA = 100;
export const PA_PER_KPA = 1000;

export const PRESSURE_UNITS = ['mmHg', 'cmH2O', 'hPa', 'kPa'] as const;
export type PressureUnit = (typeof PRESSURE_UNITS)[number];

const PA_PER: Readonly<Record<PressureUnit, number>> = { mmHg: PA_PER_MMHG, cmH2O: PA_PER_CMH2O, hPa: PA_PER_HPA, kPa: PA_PER_KPA };

/** Multiplicative factor from `from` to `to` (e.g. mmHg → cmH2O = 1.35951…, hPa → mmHg = 0.750062…). */
export function pressureFactor(from: PressureUnit, to: PressureUnit): number {
  return from === to ? 1 : PA_PER[from] / PA_PER[to];
}

/** Converts one value between pressure units. */
export function convertPressure(value: number, from: PressureUnit, to: PressureUnit): number {
  return value * pressureFactor(from, to);
}

export interface PressureSettings {
  /** Low-pass corner in Hz, default 10; clamped to 0.45 × the sample rate. 0 = no smoothing. */
  readonly lowPassHz: number;
  /** Unit the device sends (from the stream header). */
  readonly inputUnit: PressureUnit;
  /** Unit to show, default cmH2O (vaginal squeeze) — anal manometry is usually mmHg. */
  readonly outputUnit: PressureUnit;
}

export const DEFAULT_PRESSURE_SETTINGS: PressureSettings = { lowPassHz: 10, inputUnit: 'mmHg', outputUnit: 'cmH2O' };
export const PRESSURE_LOWPASS_ORDER = 2;

export type PressureSettingsError =
  | { readonly kind: 'bad-rate'; readonly rateHz: number }
  | { readonly kind: 'out-of-range'; readonly field: 'lowPassHz'; readonly value: number; readonly min: number; readonly max: number }
  | { readonly kind: 'unknown-unit'; readonly unit: string };

/**
 * One pressure channel: physical = raw × scale (input unit) → low-pass → minus tare offset → output unit.
 * The first sample after construction/reset primes the filter, so an absolute sensor's atmospheric level does
 * not ring. Allocation-free after construction.
 */
export class PressureChain {
  readonly rateHz: number;
  /** Low-pass corner actually used (Hz), 0 when off. */
  readonly lowPassHz: number;
  readonly settings: PressureSettings;
  private readonly cascade: BiquadCascade;
  private readonly factor: number;
  private primed = false;
  private last = 0;
  private offsetIn = 0;

  constructor(rateHz: number, settings: PressureSettings, lowPassHz: number) {
    this.rateHz = rateHz;
    this.settings = settings;
    this.lowPassHz = lowPassHz;
    this.cascade = new BiquadCascade(lowPassHz > 0 ? designButterworth('lowpass', rateHz, lowPassHz, PRESSURE_LOWPASS_ORDER) : []);
    this.factor = pressureFactor(settings.inputUnit, settings.outputUnit);
  }

  /**
   * Processes `count` raw samples (`scale` = input units per count); writes zeroed pressure in the output unit
   * to `out` (may not alias an Int32 input; may alias a Float32 input).
   */
  process(raw: Int32Array | Float32Array, scale: number, count: number, out: Float32Array): void {
    if (count <= 0) return;
    if (!this.primed) {
      this.cascade.primeDc(raw[0]! * scale);
      this.primed = true;
    }
    this.cascade.process(raw, scale, out, count);
    this.last = out[count - 1]!;
    const off = this.offsetIn, f = this.factor;
    for (let i = 0; i < count; i++) out[i] = (out[i]! - off) * f;
  }

  /** Zero/tare: the current smoothed level becomes 0. Returns the offset in the input unit. */
  tare(): number {
    this.offsetIn = this.last;
    return this.offsetIn;
  }

  /** Sets the tare offset explicitly (input unit), e.g. restored from a session. */
  setOffset(offsetInInputUnit: number): void {
    this.offsetIn = offsetInInputUnit;
  }

  /** Current tare offset in the input unit. */
  offset(): number {
    return this.offsetIn;
  }

  /** Latest smoothed value in the input unit, before tare. */
  lastSmoothed(): number {
    return this.last;
  }

  /** Forgets filter history (keeps the tare offset). */
  reset(): void {
    this.cascade.reset();
    this.primed = false;
  }
}

/** Validates settings and builds a pressure chain for `rateHz`. */
export function createPressureChain(rateHz: number, settings: PressureSettings = DEFAULT_PRESSURE_SETTINGS): DspResult<PressureChain, PressureSettingsError> {
  if (!(rateHz > 0) || !Number.isFinite(rateHz)) return { ok: false, error: { kind: 'bad-rate', rateHz } };
  for (const u of [settings.inputUnit, settings.outputUnit]) {
    if (!(PRESSURE_UNITS as readonly string[]).includes(u)) return { ok: false, error: { kind: 'unknown-unit', unit: String(u) } };
  }
  if (!(settings.lowPassHz >= 0 && settings.lowPassHz <= 1000)) {
    return { ok: false, error: { kind: 'out-of-range', field: 'lowPassHz', value: settings.lowPassHz, min: 0, max: 1000 } };
  }
  const lp = settings.lowPassHz === 0 ? 0 : Math.min(settings.lowPassHz, 0.45 * rateHz);
  return { ok: true, value: new PressureChain(rateHz, settings, lp) };
}

/** True when `u` names one of {@link PRESSURE_UNITS}. */
export function isPressureUnit(u: string): u is PressureUnit {
  return (PRESSURE_UNITS as readonly string[]).includes(u);
}
