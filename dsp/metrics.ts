// Streaming session metrics on an envelope (µV RMS or pressure): stats, time in target, relaxation latency, breath coordination.

/** Summary of a stream of values, in the values' unit (µV for an EMG envelope). */
export interface StatsSummary {
  readonly count: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1), 0 for fewer than 2 values. */
  readonly sd: number;
  /** Coefficient of variation in % (100 · sd / mean); NaN when mean is 0. */
  readonly cvPercent: number;
  readonly peak: number;
  readonly min: number;
}

/**
 * Running mean/SD (Welford), peak and minimum. O(1) per value, no allocation while pushing. Non-finite values are
 * not signal (samples the app filled in, a filter start-up, a broken input are marked NaN): they are skipped and
 * counted in `skipped`, never averaged in.
 */
export class RunningStats {
  private n = 0;
  private nSkipped = 0;
  private m = 0;
  private m2 = 0;
  private hi = -Infinity;
  private lo = Infinity;

  reset(): void {
    this.n = 0; this.m = 0; this.m2 = 0; this.hi = -Infinity; this.lo = Infinity; this.nSkipped = 0;
  }

  push(x: number): void {
    if (!Number.isFinite(x)) { this.nSkipped++; return; }
    this.n++;
    const d = x - this.m;
    this.m += d / this.n;
    this.m2 += d * (x - this.m);
    if (x > this.hi) this.hi = x;
    if (x < this.lo) this.lo = x;
  }

  /** Pushes values[from..to). */
  pushRange(values: ArrayLike<number>, from: number, to: number): void {
    for (let i = from; i < to; i++) this.push(values[i]!);
  }

  get count(): number { return this.n; }
  /** Non-finite values pushed (not counted in the figures). */
  get skipped(): number { return this.nSkipped; }
  get mean(): number { return this.n > 0 ? this.m : NaN; }
  get sd(): number { return this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : 0; }
  get peak(): number { return this.n > 0 ? this.hi : NaN; }

  summary(): StatsSummary {
    const mean = this.mean, sd = this.sd;
    return { count: this.n, mean, sd, cvPercent: mean !== 0 ? (100 * sd) / mean : NaN, peak: this.peak, min: this.n > 0 ? this.lo : NaN };
  }
}

/** Stats of values[from..to) in one call. */
export function statsOf(values: ArrayLike<number>, from = 0, to = values.length): StatsSummary {
  const s = new RunningStats();
  s.pushRange(values, Math.max(0, from), Math.min(values.length, to));
  return s.summary();
}

/** A target on the envelope: relaxation = stay at or below `upper`; contraction = stay inside [lo, hi]. */
export type Target =
  | { readonly kind: 'relax'; readonly upper: number }
  | { readonly kind: 'contract'; readonly lo: number; readonly hi: number };

/** True when `x` meets the target. */
export function inTarget(t: Target, x: number): boolean {
  return t.kind === 'relax' ? x <= t.upper : x >= t.lo && x <= t.hi;
}

/** Streaming time-in-target: share of samples that meet the target. */
export class TimeInTarget {
  target: Target;
  private inside = 0;
  private total = 0;

  constructor(target: Target) {
    this.target = target;
  }

  /** Adds envelope[0..count); non-finite values (not signal) count neither inside nor in the total. */
  push(envelope: ArrayLike<number>, count: number): void {
    const t = this.target;
    let inside = 0, total = 0;
    if (t.kind === 'relax') {
      const u = t.upper;
      for (let i = 0; i < count; i++) { const x = envelope[i]!; if (Number.isFinite(x)) { total++; if (x <= u) inside++; } }
    } else {
      const lo = t.lo, hi = t.hi;
      for (let i = 0; i < count; i++) { const x = envelope[i]!; if (Number.isFinite(x)) { total++; if (x >= lo && x <= hi) inside++; } }
    }
    this.inside += inside;
    this.total += total;
  }

  /** Time in target in % (NaN before any sample). */
  percent(): number {
    return this.total > 0 ? (100 * this.inside) / this.total : NaN;
  }

  /** Seconds in target at `rateHz`. */
  secondsInside(rateHz: number): number {
    return this.inside / rateHz;
  }

  reset(): void {
    this.inside = 0;
    this.total = 0;
  }
}

/** Outcome of a relaxation-latency measurement. */
export type LatencyResult =
  | { readonly kind: 'found'; readonly latencyS: number; readonly belowAtSample: number }
  | { readonly kind: 'pending'; readonly sinceCueS: number }
  | { readonly kind: 'no-cue' };

/**
 * Relaxation latency: after a let-go cue, the time until the envelope goes below `targetUpper` and then stays
 * below for at least `holdS` (default 1 s). Reports the moment it first went below *and stayed*.
 * Streaming: `cue(sampleIndex)`, then `push(envelope, count, firstSampleIndex)` with every batch.
 */
export class RelaxationLatency {
  readonly rateHz: number;
  targetUpper: number;
  readonly holdSamples: number;
  private cueAt = -1;
  private runStart = -1;
  private found = -1;
  private lastIndex = -1;

  constructor(rateHz: number, targetUpper: number, holdS = 1) {
    this.rateHz = rateHz;
    this.targetUpper = targetUpper;
    this.holdSamples = Math.max(1, Math.round(holdS * rateHz));
  }

  /** Starts (or restarts) a measurement at the cue's sample index. */
  cue(sampleIndex: number): void {
    this.cueAt = sampleIndex;
    this.runStart = -1;
    this.found = -1;
    this.lastIndex = sampleIndex - 1;
  }

  push(envelope: ArrayLike<number>, count: number, firstSampleIndex: number): void {
    if (this.cueAt < 0 || this.found >= 0) return;
    const u = this.targetUpper, hold = this.holdSamples;
    let run = this.runStart;
    for (let i = 0; i < count; i++) {
      const idx = firstSampleIndex + i;
      if (idx < this.cueAt) continue;
      if (envelope[i]! < u) {
        if (run < 0) run = idx;
        if (idx - run + 1 >= hold) { this.found = run; break; }
      } else run = -1;
    }
    this.runStart = run;
    this.lastIndex = Math.max(this.lastIndex, firstSampleIndex + count - 1);
  }

  result(): LatencyResult {
    if (this.cueAt < 0) return { kind: 'no-cue' };
    if (this.found >= 0) return { kind: 'found', latencyS: (this.found - this.cueAt) / this.rateHz, belowAtSample: this.found };
    return { kind: 'pending', sinceCueS: (this.lastIndex + 1 - this.cueAt) / this.rateHz };
  }
}

/** One-shot relaxation latency over a recorded envelope (index 0 = sample 0). */
export function relaxationLatency(envelope: ArrayLike<number>, rateHz: number, cueIndex: number, targetUpper: number, holdS = 1): LatencyResult {
  const r = new RelaxationLatency(rateHz, targetUpper, holdS);
  r.cue(cueIndex);
  r.push(envelope, envelope.length, 0);
  return r.result();
}

/**
 * Breath coordination: mean envelope in the pacer's let-go phase vs the other phase,
 * score = (letGo − other) / other × 100 %. Negative = tension drops with the let-go breath (good).
 * Feed a per-sample let-go mask (see training/pacer.ts `pacerLetGoMask`).
 */
export class BreathCoordination {
  private sumLetGo = 0;
  private nLetGo = 0;
  private sumOther = 0;
  private nOther = 0;

  push(envelope: ArrayLike<number>, letGo: ArrayLike<number>, count: number): void {
    let sl = 0, nl = 0, so = 0, no = 0;
    for (let i = 0; i < count; i++) {
      const x = envelope[i]!;
      if (!Number.isFinite(x)) continue; // not signal
      if (letGo[i]) { sl += x; nl++; } else { so += x; no++; }
    }
    this.sumLetGo += sl; this.nLetGo += nl; this.sumOther += so; this.nOther += no;
  }

  meanLetGo(): number { return this.nLetGo > 0 ? this.sumLetGo / this.nLetGo : NaN; }
  meanOther(): number { return this.nOther > 0 ? this.sumOther / this.nOther : NaN; }

  /** Score in % (NaN until both phases have samples, or when the other phase's mean is 0). */
  scorePercent(): number {
    const l = this.meanLetGo(), o = this.meanOther();
    return o > 0 && Number.isFinite(l) ? ((l - o) / o) * 100 : NaN;
  }

  reset(): void {
    this.sumLetGo = 0; this.nLetGo = 0; this.sumOther = 0; this.nOther = 0;
  }
}
