// Live per-phase metrics: one accumulator per protocol phase, fed envelope batches on the sample clock.
import { BreathCoordination, RelaxationLatency, RunningStats, TimeInTarget, type LatencyResult, type StatsSummary, type Target } from './metrics.ts';

/** What a phase accumulator reports (units of the envelope: µV RMS for EMG). */
export interface PhaseSummary {
  readonly phaseIndex: number;
  readonly startSample: number;
  /** Exclusive end; the newest sample seen + 1 while the phase is still open. */
  readonly endSample: number;
  readonly stats: StatsSummary;
  /** % of samples meeting the target; NaN without a target. */
  readonly timeInTargetPercent: number;
  /** (let-go − other)/other in %; NaN without pacer mask data. */
  readonly breathScorePercent: number;
  /** For relaxation targets: time from the phase start until below the target for ≥ 1 s. */
  readonly relaxLatency: LatencyResult | null;
}

/**
 * Accumulates one phase. `push` takes a batch with its first sample index and ignores samples outside
 * [startSample, endSample), so a batch that straddles a phase boundary can be given to both phases whole.
 */
export class PhaseAccumulator {
  readonly phaseIndex: number;
  readonly startSample: number;
  private endSample = Infinity;
  private lastSeen: number;
  private readonly stats = new RunningStats();
  private readonly tit: TimeInTarget | null;
  private readonly breath = new BreathCoordination();
  private readonly latency: RelaxationLatency | null;

  constructor(phaseIndex: number, startSample: number, rateHz: number, target: Target | null) {
    this.phaseIndex = phaseIndex;
    this.startSample = startSample;
    this.lastSeen = startSample - 1;
    this.tit = target ? new TimeInTarget(target) : null;
    this.latency = target?.kind === 'relax' ? new RelaxationLatency(rateHz, target.upper, 1) : null;
    this.latency?.cue(startSample);
  }

  /** Closes the phase at `endSample` (exclusive); later samples are ignored. */
  end(endSample: number): void {
    this.endSample = endSample;
  }

  /**
   * Adds envelope[0..count) whose first element is sample `firstSampleIndex`. `letGo` (optional, same
   * indexing) is the pacer mask from training/pacer.ts for breath coordination.
   */
  push(envelope: Float32Array, count: number, firstSampleIndex: number, letGo?: Uint8Array): void {
    const from = Math.max(0, this.startSample - firstSampleIndex);
    const to = Math.min(count, this.endSample - firstSampleIndex);
    if (to <= from) return;
    const env = envelope.subarray(from, to), n = to - from;
    this.stats.pushRange(env, 0, n);
    this.tit?.push(env, n);
    if (letGo) this.breath.push(env, letGo.subarray(from, to), n);
    this.latency?.push(env, n, firstSampleIndex + from);
    this.lastSeen = Math.max(this.lastSeen, firstSampleIndex + to - 1);
  }

  summary(): PhaseSummary {
    return {
      phaseIndex: this.phaseIndex,
      startSample: this.startSample,
      endSample: Number.isFinite(this.endSample) ? this.endSample : this.lastSeen + 1,
      stats: this.stats.summary(),
      timeInTargetPercent: this.tit ? this.tit.percent() : NaN,
      breathScorePercent: this.breath.scorePercent(),
      relaxLatency: this.latency ? this.latency.result() : null,
    };
  }
}
