// Glazer sEMG assessment metrics per phase (rest, flicks, holds, endurance), with normative values and reliability flags.
import { statsOf, type StatsSummary } from './metrics.ts';
import { medianFrequencyTrend } from './spectrum.ts';

/** How far a figure can be trusted (Oleksy et al., IJERPH 2021): amplitudes good, timing and frequency poor. */
export type Reliability = 'good' | 'poor' | 'unrated';

/** A reported figure with its unit and reliability flag. */
export interface Measure {
  readonly value: number;
  readonly unit: 'µV' | 's' | '%' | 'Hz' | 'Hz/s';
  readonly reliability: Reliability;
}

const m = (value: number, unit: Measure['unit'], reliability: Reliability): Measure => ({ value, unit, reliability });

/** Published reference: mean ± SD in µV RMS. */
export interface Norm { readonly mean: number; readonly sd: number }

/**
 * Normative sEMG amplitudes (µV) for healthy nulliparous women (n = 96, age 22–27) with a vaginal probe:
 * Oleksy et al., Medicine 2020;99(5):e19060, doi:10.1097/MD.0000000000019060. All five are the
 * "average mean amplitude" of the phase (for flicks and holds: mean over each contraction, averaged over five).
 */
export const OLEKSY_2020_NORMS = {
  citation: 'Oleksy Ł, et al. Medicine 2020;99(5):e19060',
  doi: '10.1097/MD.0000000000019060',
  population: 'healthy nulliparous women, vaginal sEMG probe',
  unit: 'µV',
  restBefore: { mean: 6.26, sd: 3.33 },
  flicks: { mean: 49.76, sd: 26.44 },
  holds: { mean: 37.05, sd: 25.99 },
  endurance: { mean: 16.1, sd: 6.68 },
  restAfter: { mean: 6.93, sd: 3.99 },
} as const satisfies Record<string, unknown>;

/** Reliability of the Glazer measures: Oleksy et al., IJERPH 2021;18(2):765, doi:10.3390/ijerph18020765. */
export const GLAZER_RELIABILITY = {
  citation: 'Oleksy Ł, et al. Int J Environ Res Public Health 2021;18(2):765',
  doi: '10.3390/ijerph18020765',
  amplitude: 'good within a session, moderate between days',
  riseAndRecoveryTimes: 'poor',
  medianFrequency: 'poor',
} as const;

/** z-score of a value against a norm (how many SDs above the published mean). */
export function zScore(value: number, norm: Norm): number {
  return (value - norm.mean) / norm.sd;
}

/** One protocol phase located on the sample clock: samples [start, end). */
export interface PhaseSpan {
  readonly kind: 'rest' | 'flick' | 'hold' | 'endurance' | 'downtrain' | 'drop';
  readonly start: number;
  readonly end: number;
}

/** Phases where the muscle is asked to work; everything else counts as letting go. */
export function isContraction(p: PhaseSpan): boolean {
  return p.kind === 'flick' || p.kind === 'hold' || p.kind === 'endurance';
}

export interface TimingOptions {
  /** Onset/recovery threshold above baseline as a fraction of (peak − baseline); default 0.1 (10 %). */
  readonly thresholdFraction?: number;
  /** Seconds after the phase end still searched for the peak (reaction delay); default 0.5. */
  readonly peakGraceS?: number;
}

/** Timing of one contraction on the envelope. Times NaN when the edge was not found in the data. */
export interface ContractionTiming {
  readonly peakUv: number;
  readonly peakIndex: number;
  readonly meanUv: number;
  /** Onset (first sample above baseline + threshold) → peak, s. */
  readonly riseS: number;
  /** Peak → back at or below baseline + threshold, s. */
  readonly recoveryS: number;
  /** Relax cue (phase end, or the peak if later) → back at or below baseline + threshold, s. */
  readonly releaseS: number;
}

/**
 * Peak, mean, rise and recovery of the contraction in envelope[start, end). The recovery search runs until
 * `searchEnd` (e.g. the next contraction's start). `baselineUv` is the resting level before it.
 */
export function contractionTiming(env: ArrayLike<number>, rateHz: number, start: number, end: number, searchEnd: number, baselineUv: number, opts: TimingOptions = {}): ContractionTiming {
  const frac = opts.thresholdFraction ?? 0.1;
  const limit = Math.min(env.length, Math.max(end, searchEnd));
  const peakEnd = Math.min(limit, end + Math.round((opts.peakGraceS ?? 0.5) * rateHz));
  let peak = -Infinity, pi = start;
  for (let i = start; i < peakEnd; i++) if (env[i]! > peak) { peak = env[i]!; pi = i; }
  const thr = baselineUv + frac * (peak - baselineUv);
  let onset = -1;
  const back = Math.max(0, start - Math.round(rateHz)); // allow an anticipatory onset up to 1 s early
  for (let i = pi; i >= back; i--) if (env[i]! <= thr) { onset = i + 1; break; } // first sample above
  let rec = -1;
  for (let i = pi; i < limit; i++) if (env[i]! <= thr) { rec = i; break; }
  const cue = Math.max(pi, end);
  let rel = -1;
  for (let i = cue; i < limit; i++) if (env[i]! <= thr) { rel = i; break; }
  return {
    peakUv: peak,
    peakIndex: pi,
    meanUv: statsOf(env, start, end).mean,
    riseS: onset >= 0 ? (pi - onset) / rateHz : NaN,
    recoveryS: rec >= 0 ? (rec - pi) / rateHz : NaN,
    releaseS: rel >= 0 ? (rel - cue) / rateHz : NaN,
  };
}

export interface RestMetrics { readonly meanUv: Measure; readonly sdUv: Measure; readonly cvPercent: Measure; readonly stats: StatsSummary }
export interface ContractionSetMetrics {
  readonly count: number;
  /** Mean over contractions of each peak. */
  readonly peakUv: Measure;
  /** Mean over contractions of each phase mean. */
  readonly meanUv: Measure;
  readonly riseS: Measure;
  readonly recoveryS: Measure;
  readonly releaseS: Measure;
  readonly each: readonly ContractionTiming[];
}
export interface EnduranceMetrics {
  readonly meanUv: Measure;
  readonly peakUv: Measure;
  readonly medianFrequencyHz: Measure;
  readonly medianFrequencySlopeHzPerS: Measure;
  readonly medianFrequencyChangePercent: Measure;
}
export interface GlazerReport {
  readonly restBefore: RestMetrics | null;
  readonly flicks: ContractionSetMetrics | null;
  readonly holds: ContractionSetMetrics | null;
  readonly endurance: EnduranceMetrics | null;
  readonly restAfter: RestMetrics | null;
  /** z-scores of each phase's average mean amplitude against OLEKSY_2020_NORMS. */
  readonly z: { readonly restBefore: number; readonly flicks: number; readonly holds: number; readonly endurance: number; readonly restAfter: number };
}

function restMetrics(env: ArrayLike<number>, span: PhaseSpan): RestMetrics {
  const s = statsOf(env, span.start, span.end);
  return { meanUv: m(s.mean, 'µV', 'good'), sdUv: m(s.sd, 'µV', 'unrated'), cvPercent: m(s.cvPercent, '%', 'unrated'), stats: s };
}

const avg = (xs: readonly number[]): number => {
  const ok = xs.filter(Number.isFinite);
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
};

function contractionSet(env: ArrayLike<number>, rateHz: number, spans: readonly PhaseSpan[], all: readonly PhaseSpan[], baselineUv: number, opts: TimingOptions): ContractionSetMetrics | null {
  if (spans.length === 0) return null;
  const each = spans.map((sp) => {
    const next = all.find((o) => o.start >= sp.end && isContraction(o));
    return contractionTiming(env, rateHz, sp.start, sp.end, next ? next.start : env.length, baselineUv, opts);
  });
  return {
    count: each.length,
    peakUv: m(avg(each.map((e) => e.peakUv)), 'µV', 'good'),
    meanUv: m(avg(each.map((e) => e.meanUv)), 'µV', 'good'),
    riseS: m(avg(each.map((e) => e.riseS)), 's', 'poor'),
    recoveryS: m(avg(each.map((e) => e.recoveryS)), 's', 'poor'),
    releaseS: m(avg(each.map((e) => e.releaseS)), 's', 'poor'),
    each,
  };
}

/**
 * Full Glazer analysis from a recorded envelope (µV RMS) and filtered signal (µV), both indexed from sample 0,
 * and the protocol's phases on the sample clock. Rest-before = the rest before the first contraction,
 * rest-after = the rest after the last one; rests between contractions are recovery time, not baselines.
 * Onset/recovery use the rest-before mean as baseline (or the second before each contraction if absent).
 */
export function analyseGlazer(envUv: ArrayLike<number>, filteredUv: ArrayLike<number>, rateHz: number, phases: readonly PhaseSpan[], opts: TimingOptions = {}): GlazerReport {
  const sorted = [...phases].sort((a, b) => a.start - b.start);
  const firstC = sorted.findIndex(isContraction);
  const lastC = sorted.length - 1 - [...sorted].reverse().findIndex(isContraction);
  const restBeforeSpan = firstC > 0 ? sorted[firstC - 1]! : firstC === -1 ? sorted[0] : undefined;
  const restAfterSpan = firstC !== -1 && lastC < sorted.length - 1 ? sorted[sorted.length - 1] : undefined;
  const restBefore = restBeforeSpan?.kind === 'rest' ? restMetrics(envUv, restBeforeSpan) : null;
  const restAfter = restAfterSpan?.kind === 'rest' ? restMetrics(envUv, restAfterSpan) : null;
  const contractions = sorted.filter(isContraction);
  const baseline = (sp: PhaseSpan): number => restBefore ? restBefore.meanUv.value : statsOf(envUv, Math.max(0, sp.start - Math.round(rateHz)), sp.start).mean;
  const setOf = (kind: PhaseSpan['kind']): ContractionSetMetrics | null => {
    const spans = sorted.filter((p) => p.kind === kind);
    return contractionSet(envUv, rateHz, spans, contractions, spans[0] ? baseline(spans[0]) : 0, opts);
  };
  const flicks = setOf('flick');
  const holds = setOf('hold');
  const endSpan = sorted.find((p) => p.kind === 'endurance');
  let endurance: EnduranceMetrics | null = null;
  if (endSpan) {
    const s = statsOf(envUv, endSpan.start, endSpan.end);
    const trend = medianFrequencyTrend(filteredUv, rateHz, endSpan.start, endSpan.end, 1);
    endurance = {
      meanUv: m(s.mean, 'µV', 'good'),
      peakUv: m(s.peak, 'µV', 'good'),
      medianFrequencyHz: m(avg(trend.mdfHz), 'Hz', 'poor'),
      medianFrequencySlopeHzPerS: m(trend.slopeHzPerS, 'Hz/s', 'poor'),
      medianFrequencyChangePercent: m(trend.changePercent, '%', 'poor'),
    };
  }
  const N = OLEKSY_2020_NORMS;
  return {
    restBefore, flicks, holds, endurance, restAfter,
    z: {
      restBefore: restBefore ? zScore(restBefore.meanUv.value, N.restBefore) : NaN,
      flicks: flicks ? zScore(flicks.meanUv.value, N.flicks) : NaN,
      holds: holds ? zScore(holds.meanUv.value, N.holds) : NaN,
      endurance: endurance ? zScore(endurance.meanUv.value, N.endurance) : NaN,
      restAfter: restAfter ? zScore(restAfter.meanUv.value, N.restAfter) : NaN,
    },
  };
}
