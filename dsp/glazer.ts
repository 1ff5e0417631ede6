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
  readonly kind: 'rest' | 'recovery' | 'flick' | 'hold' | 'endurance' | 'downtrain' | 'drop' | 'unknown';
  readonly start: number;
  readonly end: number;
}

/** Phases where the muscle is asked to work; everything else counts as letting go. */
export function isContraction(p: PhaseSpan): boolean {
  return p.kind === 'flick' || p.kind === 'hold' || p.kind === 'endurance';
}

/** Share of the way from the rest level to the plateau the envelope must reach for the onset (literature: 90 %). */
export const ONSET_FRACTION = 0.9;
/** Share of the way back from the plateau to the rest level for the release (90 %: within 10 % of rest). */
export const RELEASE_FRACTION = 0.9;

/** How onset and release latency are computed (the report's footnote and `loslaten analyze --json` quote it). */
export const LATENCY_DEFINITION = {
  restLevel: 'mean envelope of the rest before the first contraction (without it: the second before the cue)',
  plateau: 'median envelope over the contraction phase (cue to relax cue)',
  onsetLatency: `time from the contraction cue (phase start) until the envelope first reaches rest + ${ONSET_FRACTION} × (plateau − rest)`,
  releaseLatency: `time from the relax cue (phase end) until the envelope first falls to rest + ${Math.round((1 - RELEASE_FRACTION) * 100) / 100} × (plateau − rest), searched until the next contraction`,
} as const;

export interface TimingOptions {
  /** Onset threshold as a share of the way from rest to plateau; default ONSET_FRACTION (0.9). */
  readonly onsetFraction?: number;
  /** Release threshold as a share of the way back from plateau to rest; default RELEASE_FRACTION (0.9). */
  readonly releaseFraction?: number;
  /** Seconds after the phase end still searched for the peak (reaction delay); default 0.5. */
  readonly peakGraceS?: number;
}

/** Timing of one contraction on the envelope. Times NaN when the crossing was not found in the data. */
export interface ContractionTiming {
  readonly peakUv: number;
  readonly peakIndex: number;
  readonly meanUv: number;
  /** Rest level the latencies start from, µV. */
  readonly restUv: number;
  /** Median envelope over the contraction phase, µV. */
  readonly plateauUv: number;
  /** Cue (phase start) → envelope first at or above rest + onset fraction × (plateau − rest), s. */
  readonly onsetLatencyS: number;
  /** Relax cue (phase end) → envelope first at or below rest + (1 − release fraction) × (plateau − rest), s. */
  readonly releaseLatencyS: number;
}

/** Median of the finite values of values[from..to) (NaN when there are none). */
export function medianOf(values: ArrayLike<number>, from: number, to: number): number {
  const xs: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) { const x = values[i]!; if (Number.isFinite(x)) xs.push(x); }
  if (xs.length === 0) return NaN;
  xs.sort((a, b) => a - b);
  const h = xs.length >> 1;
  return xs.length % 2 ? xs[h]! : (xs[h - 1]! + xs[h]!) / 2;
}

/**
 * Peak, mean, onset and release latency of the contraction in envelope[start, end) (see LATENCY_DEFINITION).
 * The release search runs until `searchEnd` (e.g. the next contraction's start). `restUv` is the resting level.
 * Non-finite envelope values (not signal) never count as a crossing.
 */
export function contractionTiming(env: ArrayLike<number>, rateHz: number, start: number, end: number, searchEnd: number, restUv: number, opts: TimingOptions = {}): ContractionTiming {
  const limit = Math.min(env.length, Math.max(end, searchEnd));
  const peakEnd = Math.min(limit, end + Math.round((opts.peakGraceS ?? 0.5) * rateHz));
  let peak = -Infinity, pi = start;
  for (let i = start; i < peakEnd; i++) if (env[i]! > peak) { peak = env[i]!; pi = i; }
  const plateau = medianOf(env, start, end);
  const rise = plateau - restUv;
  let onset = -1, rel = -1;
  if (rise > 0 && Number.isFinite(restUv)) {
    const up = restUv + (opts.onsetFraction ?? ONSET_FRACTION) * rise;
    for (let i = start; i < peakEnd; i++) if (env[i]! >= up) { onset = i; break; }
    const down = restUv + (1 - (opts.releaseFraction ?? RELEASE_FRACTION)) * rise;
    for (let i = end; i < limit; i++) if (env[i]! <= down) { rel = i; break; }
  }
  return {
    peakUv: peak > -Infinity ? peak : NaN,
    peakIndex: pi,
    meanUv: statsOf(env, start, end).mean,
    restUv, plateauUv: plateau,
    onsetLatencyS: onset >= 0 ? (onset - start) / rateHz : NaN,
    releaseLatencyS: rel >= 0 ? (rel - end) / rateHz : NaN,
  };
}

export interface RestMetrics { readonly meanUv: Measure; readonly sdUv: Measure; readonly cvPercent: Measure; readonly stats: StatsSummary }
export interface ContractionSetMetrics {
  readonly count: number;
  /** Mean over contractions of each peak. */
  readonly peakUv: Measure;
  /** Mean over contractions of each phase mean. */
  readonly meanUv: Measure;
  /** Mean over contractions of the onset latency (LATENCY_DEFINITION). */
  readonly onsetLatencyS: Measure;
  /** Mean over contractions of the release latency (LATENCY_DEFINITION). */
  readonly releaseLatencyS: Measure;
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

function contractionSet(env: ArrayLike<number>, rateHz: number, spans: readonly PhaseSpan[], all: readonly PhaseSpan[], baselineOf: (sp: PhaseSpan) => number, opts: TimingOptions): ContractionSetMetrics | null {
  if (spans.length === 0) return null;
  const each = spans.map((sp) => {
    const next = all.find((o) => o.start >= sp.end && isContraction(o));
    return contractionTiming(env, rateHz, sp.start, sp.end, next ? next.start : env.length, baselineOf(sp), opts);
  });
  return {
    count: each.length,
    peakUv: m(avg(each.map((e) => e.peakUv)), 'µV', 'good'),
    meanUv: m(avg(each.map((e) => e.meanUv)), 'µV', 'good'),
    onsetLatencyS: m(avg(each.map((e) => e.onsetLatencyS)), 's', 'poor'),
    releaseLatencyS: m(avg(each.map((e) => e.releaseLatencyS)), 's', 'poor'),
    each,
  };
}

/**
 * Full Glazer analysis from a recorded envelope (µV RMS) and filtered signal (µV), both indexed from sample 0,
 * and the protocol's phases on the sample clock. Rest-before = the rest before the first contraction,
 * rest-after = the rest after the last one; rests between contractions are recovery time, not baselines.
 * Onset and release latencies (LATENCY_DEFINITION) start from the rest-before mean (or the second before each
 * contraction if absent). Non-finite envelope values (samples that are not signal) are left out of every figure.
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
    return contractionSet(envUv, rateHz, spans, contractions, baseline, opts);
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
