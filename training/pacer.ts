// Breathing pacer clock: phase, progress and let-go cue as a pure function of sample-clock time.

export const PACER_PHASES = ['inhale', 'hold-in', 'exhale', 'hold-out'] as const;
export type PacerPhase = (typeof PACER_PHASES)[number];

/** Pacer settings. Times in seconds. */
export interface PacerSettings {
  /** Breaths per minute, 3–12, default 6. */
  readonly breathsPerMin: number;
  /** Inhale : exhale duration ratio, each part 1–4, default [1, 1.5]. */
  readonly ratio: readonly [number, number];
  /** Pause after breathing in, s, 0–10, default 0. */
  readonly holdAfterInhaleS: number;
  /** Pause after breathing out, s, 0–10, default 0. */
  readonly holdAfterExhaleS: number;
  /** Which breathing phase cues "let go" (pelvic floor relaxes), default 'exhale'. */
  readonly letGoPhase: 'inhale' | 'exhale';
}

export const DEFAULT_PACER: PacerSettings = { breathsPerMin: 6, ratio: [1, 1.5], holdAfterInhaleS: 0, holdAfterExhaleS: 0, letGoPhase: 'exhale' };

export const PACER_RANGES = {
  breathsPerMin: { min: 3, max: 12 },
  ratio: { min: 1, max: 4 },
  holdS: { min: 0, max: 10 },
  /** Shortest inhale or exhale left after the holds, s. */
  minBreathPartS: 1,
} as const;

export type PacerSettingsError =
  | { readonly kind: 'out-of-range'; readonly field: 'breathsPerMin' | 'ratio' | 'holdAfterInhaleS' | 'holdAfterExhaleS'; readonly value: number; readonly min: number; readonly max: number }
  | { readonly kind: 'unknown-let-go-phase'; readonly value: string }
  | { readonly kind: 'holds-too-long'; readonly breathS: number; readonly holdsS: number; readonly shortestPartS: number };

export type PacerResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: PacerSettingsError };

/** Durations of one breath cycle, s. */
export interface PacerTimings {
  readonly periodS: number;
  readonly inhaleS: number;
  readonly holdInS: number;
  readonly exhaleS: number;
  readonly holdOutS: number;
}

/** Splits one breath (60 / breathsPerMin) into inhale, hold, exhale, hold; the holds come out of the breath. */
export function pacerTimings(s: PacerSettings): PacerTimings {
  const periodS = 60 / s.breathsPerMin;
  const holdInS = Math.max(0, s.holdAfterInhaleS), holdOutS = Math.max(0, s.holdAfterExhaleS);
  const breathing = Math.max(0, periodS - holdInS - holdOutS);
  const [a, b] = s.ratio;
  return { periodS, inhaleS: (breathing * a) / (a + b), holdInS, exhaleS: (breathing * b) / (a + b), holdOutS };
}

/** Checks every field; returns the first problem as a value. */
export function validatePacerSettings(s: PacerSettings): PacerResult<PacerSettings> {
  const bad = (field: Extract<PacerSettingsError, { kind: 'out-of-range' }>['field'], value: number, min: number, max: number): PacerResult<PacerSettings> =>
    ({ ok: false, error: { kind: 'out-of-range', field, value, min, max } });
  const R = PACER_RANGES;
  if (!(s.breathsPerMin >= R.breathsPerMin.min && s.breathsPerMin <= R.breathsPerMin.max)) return bad('breathsPerMin', s.breathsPerMin, R.breathsPerMin.min, R.breathsPerMin.max);
  for (const part of s.ratio) if (!(part >= R.ratio.min && part <= R.ratio.max)) return bad('ratio', part, R.ratio.min, R.ratio.max);
  if (!(s.holdAfterInhaleS >= R.holdS.min && s.holdAfterInhaleS <= R.holdS.max)) return bad('holdAfterInhaleS', s.holdAfterInhaleS, R.holdS.min, R.holdS.max);
  if (!(s.holdAfterExhaleS >= R.holdS.min && s.holdAfterExhaleS <= R.holdS.max)) return bad('holdAfterExhaleS', s.holdAfterExhaleS, R.holdS.min, R.holdS.max);
  if (s.letGoPhase !== 'inhale' && s.letGoPhase !== 'exhale') return { ok: false, error: { kind: 'unknown-let-go-phase', value: String(s.letGoPhase) } };
  const t = pacerTimings(s);
  const shortest = Math.min(t.inhaleS, t.exhaleS);
  if (shortest < R.minBreathPartS - 1e-9) return { ok: false, error: { kind: 'holds-too-long', breathS: t.periodS, holdsS: t.holdInS + t.holdOutS, shortestPartS: shortest } };
  return { ok: true, value: s };
}

/** Where the pacer is at one moment. */
export interface PacerState {
  readonly phase: PacerPhase;
  /** 0 at the phase start → 1 at its end. */
  readonly progress01: number;
  /** True while the current phase is the let-go phase. */
  readonly letGo: boolean;
  /** Breath number, 0 at t = 0 (negative before). */
  readonly breathIndex: number;
}

/** Phase boundaries within one breath: [inhale end, hold-in end, exhale end] in seconds. */
function bounds(t: PacerTimings): [number, number, number] {
  const a = t.inhaleS, b = a + t.holdInS, c = b + t.exhaleS;
  return [a, b, c];
}

/** Pacer state at `tSeconds` on the sample clock (t = 0 = pacer start). Settings should be validated first. */
export function pacerPhaseAt(settings: PacerSettings, tSeconds: number): PacerState {
  const tm = pacerTimings(settings);
  const breathIndex = Math.floor(tSeconds / tm.periodS);
  const w = tSeconds - breathIndex * tm.periodS;
  const [a, b, c] = bounds(tm);
  let phase: PacerPhase, start: number, dur: number;
  if (w < a) { phase = 'inhale'; start = 0; dur = tm.inhaleS; }
  else if (w < b) { phase = 'hold-in'; start = a; dur = tm.holdInS; }
  else if (w < c) { phase = 'exhale'; start = b; dur = tm.exhaleS; }
  else { phase = 'hold-out'; start = c; dur = tm.holdOutS; }
  const progress01 = dur > 0 ? Math.min(1, Math.max(0, (w - start) / dur)) : 1;
  return { phase, progress01, letGo: phase === settings.letGoPhase, breathIndex };
}

/** One shaded stretch of a trace. */
export interface PacerSegment {
  readonly phase: PacerPhase;
  readonly start: number;
  readonly end: number;
  readonly letGo: boolean;
  readonly breathIndex: number;
}

/** Most segments `pacerSegments` returns (guards against absurd ranges). */
export const MAX_PACER_SEGMENTS = 10_000;

/** Phase segments overlapping [t0, t1) in seconds, clipped to it, in time order (zero-length holds omitted). */
export function pacerSegments(settings: PacerSettings, t0: number, t1: number): PacerSegment[] {
  const out: PacerSegment[] = [];
  if (!(t1 > t0)) return out;
  const tm = pacerTimings(settings);
  const [a, b, c] = bounds(tm);
  const parts: [PacerPhase, number, number][] = [['inhale', 0, a], ['hold-in', a, b], ['exhale', b, c], ['hold-out', c, tm.periodS]];
  for (let k = Math.floor(t0 / tm.periodS); out.length < MAX_PACER_SEGMENTS; k++) {
    const base = k * tm.periodS;
    if (base >= t1) break;
    for (const [phase, s, e] of parts) {
      const start = Math.max(t0, base + s), end = Math.min(t1, base + e);
      if (end > start && e > s) out.push({ phase, start, end, letGo: phase === settings.letGoPhase, breathIndex: k });
    }
  }
  return out.slice(0, MAX_PACER_SEGMENTS);
}

/**
 * Writes 1 (let-go phase) or 0 per sample for samples firstSampleIndex … +count at `rateHz`, where sample 0 is
 * pacer time 0. Allocation-free; feeds dsp/metrics.ts BreathCoordination.
 */
export function pacerLetGoMask(settings: PacerSettings, firstSampleIndex: number, rateHz: number, count: number, out: Uint8Array): void {
  const tm = pacerTimings(settings);
  const [a, b, c] = bounds(tm);
  const lo = settings.letGoPhase === 'inhale' ? 0 : b, hi = settings.letGoPhase === 'inhale' ? a : c;
  const p = tm.periodS;
  for (let i = 0; i < count; i++) {
    const t = (firstSampleIndex + i) / rateHz;
    const w = t - Math.floor(t / p) * p;
    out[i] = w >= lo && w < hi ? 1 : 0;
  }
}
