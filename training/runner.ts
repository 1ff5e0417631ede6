// Protocol runner on the sample clock: current phase, countdown, what comes next, phase events; pause/resume/skip/stop.
import type { LocalText, Protocol, ProtocolPhase } from './protocols.ts';

export type RunnerStatus = 'ready' | 'running' | 'paused' | 'finished' | 'stopped';

/** A moment on the sample clock. */
export interface ClockStamp {
  /** Sample index from the stream start. */
  readonly sampleIndex: number;
  /** sampleIndex / rate, seconds. */
  readonly tSeconds: number;
}

export type RunnerEvent = ClockStamp & (
  | { readonly type: 'phase-start'; readonly phaseIndex: number; readonly phaseId: string }
  | { readonly type: 'phase-end'; readonly phaseIndex: number; readonly phaseId: string; readonly reason: 'completed' | 'skipped' | 'stopped' }
  | { readonly type: 'paused' | 'resumed'; readonly phaseIndex: number; readonly phaseId: string }
  | { readonly type: 'finished' | 'stopped' }
);

export type RunnerError =
  | { readonly kind: 'bad-rate'; readonly rateHz: number }
  | { readonly kind: 'empty-protocol' }
  | { readonly kind: 'not-allowed'; readonly action: 'start' | 'pause' | 'resume' | 'skip' | 'stop'; readonly status: RunnerStatus };

export type RunnerResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RunnerError };

/** What the UI shows at a moment. */
export interface RunnerView {
  readonly status: RunnerStatus;
  readonly phaseIndex: number;
  readonly phase: ProtocolPhase | null;
  readonly instruction: LocalText | null;
  /** Seconds done in the current phase (excluding pauses). */
  readonly elapsedS: number;
  /** Countdown: seconds left in the current phase. */
  readonly remainingS: number;
  readonly next: ProtocolPhase | null;
  /** Seconds left in the whole protocol. */
  readonly totalRemainingS: number;
}

/**
 * Runs a protocol on the sample clock. No timers: call `advance(sampleIndex)` with the newest sample index of
 * every batch; it returns the events that happened up to that sample, each stamped with the exact sample where
 * it happened (phase boundaries fall on ⌈durationS × rate⌉ active samples after the phase start).
 * Commands (`start`, `pause`, …) take the sample index at which the user acted; an index before the last
 * one seen is treated as the last one seen, so time never runs backwards.
 */
export class ProtocolRunner {
  readonly protocol: Protocol;
  readonly rateHz: number;
  private st: RunnerStatus = 'ready';
  private idx = -1;
  /** Sample index where the current phase would end if no pause happens from now. */
  private phaseEnd = 0;
  private phaseStart = 0;
  private pausedAt = 0;
  private pausedTotal = 0;
  private now = 0;

  private constructor(protocol: Protocol, rateHz: number) {
    this.protocol = protocol;
    this.rateHz = rateHz;
  }

  static create(protocol: Protocol, rateHz: number): RunnerResult<ProtocolRunner> {
    if (!(rateHz > 0) || !Number.isFinite(rateHz)) return { ok: false, error: { kind: 'bad-rate', rateHz } };
    if (protocol.phases.length === 0) return { ok: false, error: { kind: 'empty-protocol' } };
    return { ok: true, value: new ProtocolRunner(protocol, rateHz) };
  }

  get status(): RunnerStatus { return this.st; }

  private stamp(sampleIndex: number): ClockStamp {
    return { sampleIndex, tSeconds: sampleIndex / this.rateHz };
  }

  private samplesOf(p: ProtocolPhase): number {
    return Math.max(1, Math.ceil(p.durationS * this.rateHz - 1e-9));
  }

  private clamp(sampleIndex: number): number {
    const s = Math.max(this.now, Math.floor(sampleIndex));
    this.now = s;
    return s;
  }

  private beginPhase(i: number, at: number, out: RunnerEvent[]): void {
    const p = this.protocol.phases[i]!;
    this.idx = i;
    this.phaseStart = at;
    this.pausedTotal = 0;
    this.phaseEnd = at + this.samplesOf(p);
    out.push({ type: 'phase-start', phaseIndex: i, phaseId: p.id, ...this.stamp(at) });
  }

  private endPhase(at: number, reason: 'completed' | 'skipped' | 'stopped', out: RunnerEvent[]): void {
    const p = this.protocol.phases[this.idx]!;
    out.push({ type: 'phase-end', phaseIndex: this.idx, phaseId: p.id, reason, ...this.stamp(at) });
  }

  /** Starts the first phase at `sampleIndex`. */
  start(sampleIndex: number): RunnerResult<RunnerEvent[]> {
    if (this.st !== 'ready') return { ok: false, error: { kind: 'not-allowed', action: 'start', status: this.st } };
    const at = this.clamp(sampleIndex);
    const out: RunnerEvent[] = [];
    this.st = 'running';
    this.beginPhase(0, at, out);
    return { ok: true, value: out };
  }

  /** Moves the clock to `sampleIndex`; returns phase-end/phase-start/finished events that fell in between. */
  advance(sampleIndex: number): RunnerEvent[] {
    const now = this.clamp(sampleIndex);
    const out: RunnerEvent[] = [];
    while (this.st === 'running' && now >= this.phaseEnd) {
      const at = this.phaseEnd;
      this.endPhase(at, 'completed', out);
      if (this.idx + 1 < this.protocol.phases.length) this.beginPhase(this.idx + 1, at, out);
      else { this.st = 'finished'; out.push({ type: 'finished', ...this.stamp(at) }); }
    }
    return out;
  }

  pause(sampleIndex: number): RunnerResult<RunnerEvent[]> {
    const out = this.advance(sampleIndex);
    if (this.st !== 'running') return { ok: false, error: { kind: 'not-allowed', action: 'pause', status: this.st } };
    this.st = 'paused';
    this.pausedAt = this.now;
    out.push({ type: 'paused', phaseIndex: this.idx, phaseId: this.protocol.phases[this.idx]!.id, ...this.stamp(this.now) });
    return { ok: true, value: out };
  }

  /** Resumes; the current phase's end moves later by the paused time. */
  resume(sampleIndex: number): RunnerResult<RunnerEvent[]> {
    if (this.st !== 'paused') return { ok: false, error: { kind: 'not-allowed', action: 'resume', status: this.st } };
    const at = this.clamp(sampleIndex);
    const paused = at - this.pausedAt;
    this.phaseEnd += paused;
    this.pausedTotal += paused;
    this.st = 'running';
    return { ok: true, value: [{ type: 'resumed', phaseIndex: this.idx, phaseId: this.protocol.phases[this.idx]!.id, ...this.stamp(at) }] };
  }

  /** Ends the current phase now and starts the next (or finishes). Works while running or paused. */
  skip(sampleIndex: number): RunnerResult<RunnerEvent[]> {
    const out = this.st === 'running' ? this.advance(sampleIndex) : [];
    if (this.st !== 'running' && this.st !== 'paused') return { ok: false, error: { kind: 'not-allowed', action: 'skip', status: this.st } };
    const at = this.clamp(sampleIndex);
    this.endPhase(at, 'skipped', out);
    this.st = 'running';
    if (this.idx + 1 < this.protocol.phases.length) this.beginPhase(this.idx + 1, at, out);
    else { this.st = 'finished'; out.push({ type: 'finished', ...this.stamp(at) }); }
    return { ok: true, value: out };
  }

  /** Stops the run for good. */
  stop(sampleIndex: number): RunnerResult<RunnerEvent[]> {
    const out = this.st === 'running' ? this.advance(sampleIndex) : [];
    if (this.st !== 'running' && this.st !== 'paused') return { ok: false, error: { kind: 'not-allowed', action: 'stop', status: this.st } };
    const at = this.clamp(sampleIndex);
    this.endPhase(at, 'stopped', out);
    this.st = 'stopped';
    out.push({ type: 'stopped', ...this.stamp(at) });
    return { ok: true, value: out };
  }

  /**
   * Where the current and remaining phases will fall on the sample clock if nothing is paused or skipped from
   * now on (for drawing the timeline ahead of the trace). Empty unless running or paused.
   */
  plannedPhases(): { readonly phaseIndex: number; readonly startSample: number; readonly endSample: number }[] {
    if (this.st !== 'running' && this.st !== 'paused') return [];
    const shift = this.st === 'paused' ? this.now - this.pausedAt : 0;
    const out = [{ phaseIndex: this.idx, startSample: this.phaseStart, endSample: this.phaseEnd + shift }];
    let at = this.phaseEnd + shift;
    for (let i = this.idx + 1; i < this.protocol.phases.length; i++) {
      const end = at + this.samplesOf(this.protocol.phases[i]!);
      out.push({ phaseIndex: i, startSample: at, endSample: end });
      at = end;
    }
    return out;
  }

  /** What to show at the current clock (call `advance` first). */
  view(): RunnerView {
    const phases = this.protocol.phases;
    const active = this.st === 'running' || this.st === 'paused';
    const phase = active ? phases[this.idx]! : null;
    const clock = this.st === 'paused' ? this.pausedAt : this.now;
    const elapsed = phase ? Math.max(0, clock - this.phaseStart - this.pausedTotal) / this.rateHz : 0;
    const remaining = phase ? Math.max(0, this.phaseEnd - clock) / this.rateHz : 0;
    let later = 0;
    const from = this.st === 'ready' ? 0 : this.idx + 1;
    if (this.st === 'ready' || active) for (let i = from; i < phases.length; i++) later += phases[i]!.durationS;
    return {
      status: this.st,
      phaseIndex: active ? this.idx : -1,
      phase,
      instruction: phase ? phase.instruction : null,
      elapsedS: elapsed,
      remainingS: remaining,
      next: this.st === 'ready' ? phases[0]! : active ? phases[this.idx + 1] ?? null : null,
      totalRemainingS: remaining + later,
    };
  }
}
