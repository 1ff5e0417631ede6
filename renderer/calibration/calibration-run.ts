// Guided calibration on the sample clock: rest baseline (mean and variability) and MVC (3 × 5 s, peak RMS).
import { RunningStats } from '../../dsp/metrics.ts';

/** Rest baseline length range, s (default 30). */
export const REST_S = { min: 30, max: 60, default: 30 } as const;
/** MVC: trials, squeeze length and the rest between squeezes, s. */
export const MVC = { trials: 3, squeezeS: 5, pauseS: 10 } as const;

export type CalibrationStep =
  | { readonly kind: 'rest' }
  | { readonly kind: 'squeeze'; readonly trial: number }
  | { readonly kind: 'pause'; readonly trial: number };

export interface RestResult { readonly mean: number; readonly sd: number; readonly cvPercent: number; readonly durationS: number }
export interface MvcResult { readonly peaks: readonly number[]; readonly mvc: number }

export type CalibrationResult = { readonly kind: 'rest'; readonly rest: RestResult } | { readonly kind: 'mvc'; readonly mvc: MvcResult };

/** What the calibration panel shows. */
export interface CalibrationView {
  readonly step: CalibrationStep | null;
  readonly stepIndex: number;
  readonly steps: number;
  /** Seconds left in the current step. */
  readonly remainingS: number;
  readonly done: boolean;
  readonly result: CalibrationResult | null;
}

interface StepSpan { readonly step: CalibrationStep; readonly from: number; readonly to: number }

/**
 * One calibration run. Create, `start(sampleIndex)`, then `push` every new processed value (envelope) with its first
 * sample index; samples are attributed to steps by index, so batch timing never matters.
 */
export class CalibrationRun {
  private spans: StepSpan[] = [];
  private readonly stats = new RunningStats();
  private readonly peaks: number[] = [];
  private lastIndex = -1;

  private constructor(readonly kind: 'rest' | 'mvc', readonly rateHz: number, private readonly plan: readonly { step: CalibrationStep; s: number }[]) {}

  /** Rest baseline over `seconds` (clamped to 30–60). */
  static rest(rateHz: number, seconds: number = REST_S.default): CalibrationRun {
    const s = Math.min(REST_S.max, Math.max(REST_S.min, Number.isFinite(seconds) ? seconds : REST_S.default));
    return new CalibrationRun('rest', rateHz, [{ step: { kind: 'rest' }, s }]);
  }

  /** MVC: 3 × (5 s squeeze), 10 s rest between. */
  static mvc(rateHz: number): CalibrationRun {
    const plan: { step: CalibrationStep; s: number }[] = [];
    for (let t = 1; t <= MVC.trials; t++) {
      plan.push({ step: { kind: 'squeeze', trial: t }, s: MVC.squeezeS });
      if (t < MVC.trials) plan.push({ step: { kind: 'pause', trial: t }, s: MVC.pauseS });
    }
    return new CalibrationRun('mvc', rateHz, plan);
  }

  start(sampleIndex: number): void {
    let at = sampleIndex;
    this.spans = this.plan.map(({ step, s }) => { const from = at; at += Math.round(s * this.rateHz); return { step, from, to: at }; });
    this.lastIndex = sampleIndex - 1;
    for (let t = 0; t < MVC.trials; t++) this.peaks[t] = -Infinity;
  }

  get endSample(): number { return this.spans.length ? this.spans[this.spans.length - 1]!.to : 0; }

  /** True once every step's samples have been seen (cheap; no view object). */
  get done(): boolean { return this.spans.length > 0 && this.lastIndex + 1 >= this.endSample; }

  /** Feeds processed values[0..count) starting at sample `firstSampleIndex` (NaN = lost, skipped). */
  push(values: Float32Array, count: number, firstSampleIndex: number): void {
    if (!this.spans.length) return;
    for (const sp of this.spans) {
      const a = Math.max(0, sp.from - firstSampleIndex), b = Math.min(count, sp.to - firstSampleIndex);
      if (b <= a) continue;
      if (sp.step.kind === 'rest') {
        for (let i = a; i < b; i++) { const x = values[i]!; if (x === x) this.stats.push(x); }
      } else if (sp.step.kind === 'squeeze') {
        const k = sp.step.trial - 1;
        let pk = this.peaks[k]!;
        for (let i = a; i < b; i++) { const x = values[i]!; if (x > pk) pk = x; }
        this.peaks[k] = pk;
      }
    }
    this.lastIndex = Math.max(this.lastIndex, firstSampleIndex + count - 1);
  }

  view(): CalibrationView {
    const now = this.lastIndex + 1;
    const i = this.spans.findIndex((s) => now < s.to);
    const done = this.spans.length > 0 && i < 0;
    const cur = i >= 0 ? this.spans[i]! : null;
    return {
      step: cur ? cur.step : null,
      stepIndex: i >= 0 ? i : this.spans.length,
      steps: this.spans.length,
      remainingS: cur ? (cur.to - Math.max(now, cur.from)) / this.rateHz : 0,
      done,
      result: done ? this.result() : null,
    };
  }

  private result(): CalibrationResult | null {
    if (this.kind === 'rest') {
      const s = this.stats.summary();
      if (s.count === 0) return null;
      return { kind: 'rest', rest: { mean: s.mean, sd: s.sd, cvPercent: s.cvPercent, durationS: s.count / this.rateHz } };
    }
    const peaks = this.peaks.filter((p) => Number.isFinite(p));
    if (peaks.length === 0) return null;
    return { kind: 'mvc', mvc: { peaks, mvc: Math.max(...peaks) } };
  }
}
