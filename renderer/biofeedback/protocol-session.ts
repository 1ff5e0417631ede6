// Runs a protocol on the sample clock: its events to the session log, each phase's target to the metrics, its pacer on and off.
import type { Protocol } from '../../training/protocols.ts';
import { ProtocolRunner, type RunnerEvent, type RunnerView } from '../../training/runner.ts';
import { sessionEvents } from '../exercises/session-events.ts';
import type { PacerTrack } from './pacer-track.ts';
import type { ClockNow, SegmentMetrics } from './segment-metrics.ts';
import type { TargetKind } from './targets.ts';

export class ProtocolSession {
  private runner: ProtocolRunner | null = null;
  private proto: Protocol | null = null;
  private phaseKind: TargetKind | null = null;

  constructor(
    private readonly clock: ClockNow,
    private readonly metrics: SegmentMetrics,
    private readonly pacer: PacerTrack,
    /** Called when the status or phase changes (low rate). */
    private readonly onChange: (v: RunnerView, protocolId: string) => void,
  ) {}

  /** Starts `p` now (a running one is stopped first); false before a stream or for an invalid protocol. */
  start(p: Protocol): boolean {
    const c = this.clock;
    if (c.rateHz <= 0) return false;
    if (this.runner) this.stop();
    const r = ProtocolRunner.create(p, c.rateHz);
    if (!r.ok) return false;
    this.runner = r.value;
    this.proto = p;
    const s = this.runner.start(c.endIndex);
    if (s.ok) this.handle(s.value);
    return true;
  }

  pause(): void { this.command((r, i) => r.status === 'paused' ? r.resume(i) : r.pause(i)); }
  skip(): void { this.command((r, i) => r.skip(i)); }
  stop(): void { this.command((r, i) => r.stop(i)); }

  /** A new stream (new clock): a running protocol is stopped on the old clock and forgotten. */
  reset(): void {
    if (this.runner) this.stop();
    this.runner = null;
  }

  /** The samples up to `end` have arrived: phase boundaries on the way are handled at their exact index. */
  advance(end: number): void {
    if (this.runner) this.handle(this.runner.advance(end));
  }

  /** True while a protocol runs past its start (its phase's target is judged, not the manual one). */
  get judging(): boolean { return !!this.runner && this.runner.status !== 'ready'; }
  /** Target of the current phase (null = just watch). */
  get phaseTarget(): TargetKind | null { return this.phaseKind; }
  view(): RunnerView | null { return this.runner ? this.runner.view() : null; }
  /** The protocol last started (kept after it ends). */
  protocol(): Protocol | null { return this.proto; }

  private command(fn: (r: ProtocolRunner, i: number) => { ok: boolean; value?: RunnerEvent[] }): void {
    if (!this.runner) return;
    const res = fn(this.runner, this.clock.endIndex);
    if (res.ok && res.value) this.handle(res.value);
    this.notify();
  }

  private notify(): void {
    if (this.runner && this.proto) this.onChange(this.runner.view(), this.proto.id);
  }

  private handle(events: readonly RunnerEvent[]): void {
    if (events.length === 0 || !this.proto) return;
    for (const e of events) {
      sessionEvents.emit({ ...e, source: 'protocol', protocolId: this.proto.id });
      if (e.type === 'phase-start') {
        const ph = this.proto.phases[e.phaseIndex]!;
        const kind: TargetKind | null = ph.target === 'none' ? null : ph.target;
        this.phaseKind = kind;
        this.metrics.startPhase(e.phaseIndex, e.sampleIndex, kind);
        this.pacer.setProtocol(ph.pacer, e.tSeconds);
      } else if (e.type === 'finished' || e.type === 'stopped') {
        this.pacer.setProtocol(false, e.tSeconds);
      }
    }
    const st = this.runner?.status;
    if (st === 'finished' || st === 'stopped') {
      this.notify();
      this.runner = null;
      this.metrics.restartFree();
      return;
    }
    this.notify();
  }
}
