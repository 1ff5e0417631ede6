// The sEMG processing chain: raw counts → band-pass + mains notch (µV) → RMS envelope (µV RMS), one per channel.
import { BiquadCascade, designBiquadNotch, designButterworth, type BiquadCoefficients } from './biquad.ts';
import { RmsEnvelope, windowSamples } from './envelope.ts';

/** User-facing EMG settings. */
export interface EmgSettings {
  /** Band-pass edges in Hz, default [20, 500]. [100, 500] rejects most ECG. The upper edge is clamped below Nyquist. */
  readonly bandHz: readonly [number, number];
  /** Mains notch in Hz: 50 (Europe, default), 60 (Americas) or 0 = off. */
  readonly notchHz: 0 | 50 | 60;
  /** RMS window in ms, 50–1000, default 200. */
  readonly rmsWindowMs: number;
}

export const DEFAULT_EMG_SETTINGS: EmgSettings = { bandHz: [20, 500], notchHz: 50, rmsWindowMs: 200 };
/** The ECG-rejecting band (ECG energy sits at ~20–80 Hz). */
export const ECG_REJECT_BAND_HZ: readonly [number, number] = [100, 500];
export const RMS_WINDOW_MS_RANGE = { min: 50, max: 1000 } as const;
/** Highest usable upper band edge as a fraction of the sample rate (keeps the low-pass below Nyquist). */
export const MAX_EDGE_FRACTION = 0.45;
/** Butterworth order of each band edge (4 = 24 dB/octave). */
export const EMG_EDGE_ORDER = 4;
/**
 * Notch quality (centre / −3 dB bandwidth): 10 → 5 Hz wide at 50 Hz. Wide enough to keep ≥ 20 dB rejection when
 * mains or a resonator-clocked device drifts by ±0.2 Hz; costs < 0.05 dB at 100 Hz.
 */
export const NOTCH_Q = 10;

export type EmgSettingsError =
  | { readonly kind: 'bad-rate'; readonly rateHz: number }
  | { readonly kind: 'out-of-range'; readonly field: 'bandHz' | 'rmsWindowMs' | 'notchHz'; readonly value: number; readonly min: number; readonly max: number }
  | { readonly kind: 'empty-band'; readonly loHz: number; readonly hiHz: number; readonly maxHiHz: number };

export type DspResult<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** The filter actually applied at a given sample rate (after clamping). */
export interface EffectiveEmgFilter {
  readonly rateHz: number;
  readonly loHz: number;
  readonly hiHz: number;
  readonly notchHz: 0 | 50 | 60;
  readonly rmsWindowSamples: number;
}

/** Checks settings against a sample rate and resolves the effective band; errors are values. */
export function resolveEmgSettings(rateHz: number, s: EmgSettings): DspResult<EffectiveEmgFilter, EmgSettingsError> {
  if (!(rateHz > 0) || !Number.isFinite(rateHz)) return { ok: false, error: { kind: 'bad-rate', rateHz } };
  const [lo, hi] = s.bandHz;
  const maxHi = MAX_EDGE_FRACTION * rateHz;
  if (!(lo >= 1 && lo <= 1000)) return { ok: false, error: { kind: 'out-of-range', field: 'bandHz', value: lo, min: 1, max: 1000 } };
  if (!(hi > lo && hi <= 5000)) return { ok: false, error: { kind: 'out-of-range', field: 'bandHz', value: hi, min: lo, max: 5000 } };
  if (s.notchHz !== 0 && s.notchHz !== 50 && s.notchHz !== 60) return { ok: false, error: { kind: 'out-of-range', field: 'notchHz', value: s.notchHz, min: 0, max: 60 } };
  const { min, max } = RMS_WINDOW_MS_RANGE;
  if (!(s.rmsWindowMs >= min && s.rmsWindowMs <= max)) return { ok: false, error: { kind: 'out-of-range', field: 'rmsWindowMs', value: s.rmsWindowMs, min, max } };
  const hiHz = Math.min(hi, maxHi);
  // Need at least an octave of pass-band, or the edges eat the middle (−0.5 dB at the centre of one octave).
  if (hiHz < lo * 2) return { ok: false, error: { kind: 'empty-band', loHz: lo, hiHz: hi, maxHiHz: maxHi } };
  // A notch at or above the usable band is pointless (and at 2·notch ≥ rate would be invalid).
  const notchHz = s.notchHz !== 0 && s.notchHz < maxHi ? s.notchHz : 0;
  return { ok: true, value: { rateHz, loHz: lo, hiHz, notchHz, rmsWindowSamples: windowSamples(rateHz, s.rmsWindowMs) } };
}

/**
 * The filter the app really applies at `rateHz`: the user's settings clamped to the rate, or, when they leave no band
 * at that rate (e.g. 100–500 Hz on a 250 Hz device), the default band clamped the same way. Null when even that has no
 * octave of pass-band (rates below about 90 Hz: such a stream cannot carry raw EMG). Live view, recording header,
 * analysis and report all use this one rule, so they name the same band.
 */
export function effectiveEmgFilter(rateHz: number, s: EmgSettings = DEFAULT_EMG_SETTINGS): EffectiveEmgFilter | null {
  const r = resolveEmgSettings(rateHz, s);
  if (r.ok) return r.value;
  const d = resolveEmgSettings(rateHz, { ...DEFAULT_EMG_SETTINGS, bandHz: [DEFAULT_EMG_SETTINGS.bandHz[0], Math.min(DEFAULT_EMG_SETTINGS.bandHz[1], MAX_EDGE_FRACTION * rateHz)] });
  return d.ok ? d.value : null;
}

/** True when the sample rate made the band narrower than the settings asked for. */
export function bandLimitedByRate(f: EffectiveEmgFilter, s: EmgSettings): boolean {
  return f.hiHz < s.bandHz[1] || f.loHz !== s.bandHz[0];
}

/** Sections of the band-pass + notch for an effective filter. */
export function emgSections(f: EffectiveEmgFilter): BiquadCoefficients[] {
  const sections = [
    ...designButterworth('highpass', f.rateHz, f.loHz, EMG_EDGE_ORDER),
    ...designButterworth('lowpass', f.rateHz, f.hiHz, EMG_EDGE_ORDER),
  ];
  if (f.notchHz !== 0) sections.push(designBiquadNotch(f.rateHz, f.notchHz, NOTCH_Q));
  return sections;
}

/** Tolerance of the settling time: the step response stays within 1 % of the step. */
export const SETTLING_TOLERANCE = 0.01;

/**
 * Settling time of a filter cascade in samples: the unit-step response of `sections` from rest, after which it stays
 * within `tolerance` of its final value (0 for a band-pass: DC does not pass) for good. This is how long the
 * output of a (re)started chain still carries a start-up transient (a DC offset on the input rings for this long).
 * Simulated for at most `maxSamples`.
 */
export function settlingSamples(sections: readonly BiquadCoefficients[], tolerance = SETTLING_TOLERANCE, maxSamples = 1 << 20): number {
  const c = new BiquadCascade(sections);
  let dcGain = 1;
  for (const s of sections) { const den = 1 + s.a1 + s.a2; dcGain *= Math.abs(den) > 1e-12 ? (s.b0 + s.b1 + s.b2) / den : 0; }
  const block = 4096;
  const ones = new Float32Array(block).fill(1), out = new Float32Array(block);
  let last = 0;
  for (let at = 0; at < maxSamples; at += block) {
    c.process(ones, 1, out, block);
    for (let i = 0; i < block; i++) if (Math.abs(out[i]! - dcGain) > tolerance) last = at + i + 1;
    if (at + block - last > 4 * block) break; // quiet for a long stretch after the last excursion
  }
  return last;
}

/** EDF+ prefiltering text for an effective filter, e.g. `HP:20Hz LP:500Hz N:50Hz`. */
export function describeEmgFilter(f: EffectiveEmgFilter): string {
  const r = (x: number): string => String(Math.round(x * 10) / 10);
  return `HP:${r(f.loHz)}Hz LP:${r(f.hiHz)}Hz` + (f.notchHz ? ` N:${f.notchHz}Hz` : '');
}

/**
 * One channel's EMG chain. Create with `createEmgChain`; feed raw batches with `process`. Allocation-free after
 * construction. To change settings, build a new chain (filters must restart anyway).
 */
export class EmgChain {
  readonly filter: EffectiveEmgFilter;
  readonly cascade: BiquadCascade;
  readonly envelope: RmsEnvelope;
  /**
   * Samples after a (re)start during which the band-pass output still carries its start-up transient (unit-step
   * response not yet within 1 %, see {@link settlingSamples}).
   */
  readonly settlingSamples: number;
  /**
   * Envelope samples after a (re)start that are not signal: the settling time plus one RMS window less a sample (the
   * first envelope value whose whole window lies after the transient is at index settling + window − 1).
   */
  readonly startupSamples: number;
  /** Non-finite input samples seen; each one restarted the chain and produced NaN (never "0 µV, relaxed"). */
  nonFinite = 0;

  constructor(filter: EffectiveEmgFilter) {
    this.filter = filter;
    const sections = emgSections(filter);
    this.cascade = new BiquadCascade(sections);
    this.envelope = new RmsEnvelope(filter.rmsWindowSamples);
    this.settlingSamples = settlingSamples(sections);
    this.startupSamples = this.settlingSamples + filter.rmsWindowSamples - 1;
  }

  /**
   * Processes `count` raw samples. `scale` = µV per count (header scale). Writes the filtered signal in µV to
   * `filteredUv` and the RMS envelope in µV RMS to `envelopeUv` (both ≥ count long; they must not alias).
   * A non-finite input sample gives NaN in both outputs, restarts the chain (filter memory and RMS window) and is
   * counted in `nonFinite`; a NaN never reaches the filter state, where it would stick.
   */
  process(raw: Int32Array | Float32Array, scale: number, count: number, filteredUv: Float32Array, envelopeUv: Float32Array): void {
    let bad = -1;
    if (raw instanceof Float32Array) for (let i = 0; i < count; i++) if (!Number.isFinite(raw[i]!)) { bad = i; break; }
    if (bad < 0 && Number.isFinite(scale)) {
      this.cascade.process(raw, scale, filteredUv, count);
      this.envelope.process(filteredUv, envelopeUv, count);
      return;
    }
    // Rare path (a non-finite value): runs of finite samples between restarts (views allocate only here).
    let from = 0;
    for (let i = Math.max(0, bad); i <= count; i++) {
      if (i < count && Number.isFinite(raw[i]! * scale)) continue;
      if (i > from) {
        this.cascade.process(raw.subarray(from, i), scale, filteredUv.subarray(from, i), i - from);
        this.envelope.process(filteredUv.subarray(from, i), envelopeUv.subarray(from, i), i - from);
      }
      if (i < count) {
        this.reset();
        this.nonFinite++;
        filteredUv[i] = NaN;
        envelopeUv[i] = NaN;
      }
      from = i + 1;
    }
  }

  /** Forgets history (e.g. after a gap in the stream); the next `startupSamples` envelope values are start-up. */
  reset(): void {
    this.cascade.reset();
    this.envelope.reset();
  }
}

/** Validates settings and builds a chain for `rateHz`. */
export function createEmgChain(rateHz: number, settings: EmgSettings = DEFAULT_EMG_SETTINGS): DspResult<EmgChain, EmgSettingsError> {
  const r = resolveEmgSettings(rateHz, settings);
  return r.ok ? { ok: true, value: new EmgChain(r.value) } : r;
}
