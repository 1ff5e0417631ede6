// "Drop" practice metrics: after each squeeze, how long the let-go takes to bring the envelope back to rest.
import { RelaxationLatency, statsOf } from './metrics.ts';
import type { PhaseSpan } from './glazer.ts';

export interface DropOptions {
  /** Resting level in µV; default = mean of the first rest phase. */
  readonly baselineUv?: number;
  /** "Back at rest" = at or below baseline + this fraction of (squeeze peak − baseline); default 0.1. */
  readonly thresholdFraction?: number;
  /** How long it must stay there, s; default 1. */
  readonly holdS?: number;
}

export interface DropResult {
  /** Sample index of the let-go cue (start of the drop phase). */
  readonly cueSample: number;
  /** Peak of the squeeze before it, µV. */
  readonly squeezePeakUv: number;
  /** Level counted as "back at rest", µV. */
  readonly thresholdUv: number;
  /** Seconds from the cue until it went below the threshold and stayed; NaN if it did not within the phase. */
  readonly returnS: number;
}

export interface DropReport {
  readonly baselineUv: number;
  readonly drops: readonly DropResult[];
  /** Mean of the found return times, s (NaN if none). */
  readonly meanReturnS: number;
}

/**
 * Analyses a recorded drop practice: every 'drop' phase is measured against the contraction phase just before
 * it. The return must complete (including the hold time) within the drop phase.
 */
export function analyseDropPractice(envUv: Float32Array, rateHz: number, phases: readonly PhaseSpan[], opts: DropOptions = {}): DropReport {
  const sorted = [...phases].sort((a, b) => a.start - b.start);
  const rest = sorted.find((p) => p.kind === 'rest');
  const baselineUv = opts.baselineUv ?? (rest ? statsOf(envUv, rest.start, rest.end).mean : 0);
  const frac = opts.thresholdFraction ?? 0.1;
  const drops: DropResult[] = [];
  sorted.forEach((p, i) => {
    if (p.kind !== 'drop' || i === 0) return;
    const squeeze = sorted[i - 1]!;
    const peak = statsOf(envUv, squeeze.start, squeeze.end).peak;
    const thr = baselineUv + frac * Math.max(0, peak - baselineUv);
    const end = Math.min(envUv.length, p.end);
    const lat = new RelaxationLatency(rateHz, thr, opts.holdS ?? 1);
    lat.cue(p.start);
    lat.push(envUv.subarray(p.start, end), Math.max(0, end - p.start), p.start);
    const r = lat.result();
    drops.push({ cueSample: p.start, squeezePeakUv: peak, thresholdUv: thr, returnS: r.kind === 'found' ? r.latencyS : NaN });
  });
  const found = drops.map((d) => d.returnS).filter(Number.isFinite);
  return { baselineUv, drops, meanReturnS: found.length ? found.reduce((a, b) => a + b, 0) / found.length : NaN };
}
