// Live metrics of the current segment (a protocol phase, or free watching since the last reset) against the target judged in it.
import { PhaseAccumulator, type PhaseSummary } from '../../dsp/phase-metrics.ts';
import type { Target } from '../../dsp/metrics.ts';
import type { ResolvedTargets, TargetKind } from './targets.ts';

/** The figures the metrics panel shows (processed unit). */
export interface LiveMetrics {
  readonly summary: PhaseSummary | null;
  readonly segment: 'phase' | 'free';
}

/** Where the stream is now on the sample clock (read, never written). */
export interface ClockNow {
  readonly endIndex: number;
  readonly rateHz: number;
}

export function targetFor(kind: TargetKind | null, t: ResolvedTargets | null): Target | null {
  if (!kind || !t) return null;
  return kind === 'relax' ? { kind: 'relax', upper: t.relaxUpper } : { kind: 'contract', lo: t.contractLo, hi: t.contractHi };
}

export class SegmentMetrics {
  private accumulators: PhaseAccumulator[] = [];
  private seg: 'phase' | 'free' = 'free';
  private manual: TargetKind = 'relax';
  private resolved: ResolvedTargets | null = null;

  constructor(private readonly clock: ClockNow) {}

  get segment(): 'phase' | 'free' { return this.seg; }
  /** The target chosen by hand (judged when no protocol phase runs). */
  get manualTarget(): TargetKind { return this.manual; }
  get targets(): ResolvedTargets | null { return this.resolved; }

  /** New target values: a free segment starts over against them. */
  setTargets(t: ResolvedTargets): void {
    const changed = !this.resolved || t.relaxUpper !== this.resolved.relaxUpper || t.contractLo !== this.resolved.contractLo || t.contractHi !== this.resolved.contractHi;
    this.resolved = t;
    if (changed && this.seg === 'free') this.restartFree();
  }

  setManualTarget(k: TargetKind): void {
    if (k === this.manual) return;
    this.manual = k;
    if (this.seg === 'free') this.restartFree();
  }

  /** Ends every open segment now and starts a free one against the manual target (none before a stream). */
  restartFree(): void {
    const c = this.clock;
    for (const a of this.accumulators) a.end(c.endIndex);
    this.accumulators = c.rateHz > 0 ? [new PhaseAccumulator(-1, c.endIndex, c.rateHz, targetFor(this.manual, this.resolved))] : [];
    this.seg = 'free';
  }

  /** Starts over, unless a protocol phase is being measured. */
  reset(): void {
    if (this.seg === 'free') this.restartFree();
  }

  /** A protocol phase starts at `sampleIndex`: the previous segment ends there (kept to take samples before it), a new one begins. */
  startPhase(phaseIndex: number, sampleIndex: number, kind: TargetKind | null): void {
    for (const a of this.accumulators) a.end(sampleIndex);
    this.accumulators = [...this.accumulators.filter((a) => a.startSample < sampleIndex).slice(-1),
      new PhaseAccumulator(phaseIndex, sampleIndex, this.clock.rateHz, targetFor(kind, this.resolved))];
    this.seg = 'phase';
  }

  /** Finite processed values, the first at `firstSampleIndex` (a `RunSink`). */
  push(values: Float32Array, count: number, firstSampleIndex: number, letGo: Uint8Array | undefined): void {
    for (const acc of this.accumulators) acc.push(values, count, firstSampleIndex, letGo);
  }

  /** Metrics of the current segment. */
  metrics(): LiveMetrics {
    const a = this.accumulators[this.accumulators.length - 1];
    return { summary: a ? a.summary() : null, segment: this.seg };
  }
}
