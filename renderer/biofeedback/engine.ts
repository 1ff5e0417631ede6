// The biofeedback frame loop: the one requestAnimationFrame of the live screen, calling the parts below in order on the sample clock.
import type { PacerPhase, PacerSettings } from '../../training/pacer.ts';
import type { Protocol } from '../../training/protocols.ts';
import type { RunnerView } from '../../training/runner.ts';
import { feedbackAudio } from '../audio/feedback-audio.ts';
import type { CalibrationView } from '../calibration/calibration-run.ts';
import { live } from '../live/live-data.ts';
import type { SampleRing } from '../live/sample-ring.ts';
import { sessionEvents } from '../exercises/session-events.ts';
import { AccessoryDetector } from './accessory.ts';
import { CalibrationSession } from './calibration-session.ts';
import { DrawTiming } from './draw-timing.ts';
import { FrameClock } from './frame-clock.ts';
import { PacerCues } from './pacer-cues.ts';
import type { PacerRun } from './pacer-shading.ts';
import { PacerTrack } from './pacer-track.ts';
import { ProtocolSession } from './protocol-session.ts';
import { RestProbe } from './rest-probe.ts';
import { FiniteRunReader } from './ring-reader.ts';
import { SegmentMetrics, type LiveMetrics } from './segment-metrics.ts';
import { zoneOf, type ResolvedTargets, type TargetKind, type Zone } from './targets.ts';

export type { LiveMetrics } from './segment-metrics.ts';

/** Slow readouts (numbers people read) refresh at 4 Hz. */
export const SLOW_MS = 250;

/** Everything a view needs for one animation frame; one object, rewritten every frame. */
export interface Frame {
  nowMs: number;
  /** Index of the primary channel (pelvic floor) and the accessory channel (-1 when absent). */
  primaryIndex: number;
  accessoryIndex: number;
  /** Processed ring of the primary channel (null before a stream). */
  primary: SampleRing | null;
  /** Sample-clock index one past the newest processed sample, and the rate. */
  endIndex: number;
  rateHz: number;
  /** endIndex / rate, s. */
  tS: number;
  /** Sample-clock time interpolated between batches for smooth animation (never more than 100 ms ahead). */
  smoothS: number;
  /** Newest processed value of the primary channel (µV RMS, or pressure unit). */
  value: number;
  targets: ResolvedTargets | null;
  /** Target judged now (null = just watch). */
  activeTarget: TargetKind | null;
  zone: Zone;
  pacerRuns: readonly PacerRun[];
  /** Pacer state now, or null when the pacer is off. */
  pacerPhase: PacerPhase | null;
  pacerProgress01: number;
  pacerLetGo: boolean;
  accessoryFlag: boolean;
  /** Bumped when the rings are rebuilt. */
  layoutVersion: number;
}

/** A view driven by the loop: `frame` every animation frame, `slow` at 4 Hz. */
export interface FrameView {
  frame?(f: Frame): void;
  slow?(f: Frame): void;
}

class FeedbackEngine {
  readonly frameState: Frame = {
    nowMs: 0, primaryIndex: -1, accessoryIndex: -1, primary: null, endIndex: 0, rateHz: 0, tS: 0, smoothS: 0, value: NaN,
    targets: null, activeTarget: null, zone: 'none', pacerRuns: [], pacerPhase: null, pacerProgress01: 0, pacerLetGo: false,
    accessoryFlag: false, layoutVersion: -1,
  };
  /** Views in the order they were added (an array: the frame loop walks it by index, no iterator per frame). */
  private readonly views: FrameView[] = [];
  private raf = 0;
  private lastSlow = 0;
  /** Called when the protocol status or phase changes (low rate). */
  onRunnerChange: (v: RunnerView, protocolId: string) => void = () => {};
  /** Called when a calibration finishes or is cancelled. */
  onCalibrationDone: (v: CalibrationView | null) => void = () => {};
  /** Called when the resting level (`measuredRest`) is known. */
  onRestMeasured: (level: number) => void = () => {};
  /** Calibrated rest level of the primary channel, if known (feeds the accessory flag). */
  calibratedRest = NaN;

  // The parts, each fed the stream's ring and end by `step`.
  private readonly clock = new FrameClock();
  private readonly pacer = new PacerTrack(() => this.frameState.rateHz);
  private readonly segments = new SegmentMetrics(this.frameState);
  private readonly protocolRun = new ProtocolSession(this.frameState, this.segments, this.pacer, (v, id) => this.onRunnerChange(v, id));
  private readonly calibration = new CalibrationSession(this.frameState, (v) => this.onCalibrationDone(v));
  private readonly reader = new FiniteRunReader((values, count, first, letGo) => {
    this.segments.push(values, count, first, letGo);
    this.calibration.push(values, count, first);
  });
  private readonly pacerCues = new PacerCues((phase) => feedbackAudio.cue(phase));
  private readonly restProbe = new RestProbe((level) => { this.measuredRest = level; this.onRestMeasured(level); });
  private readonly accessory = new AccessoryDetector();
  /** Draw-time log of the views (ms per frame), for the render benchmark. */
  readonly drawTiming = new DrawTiming();

  constructor() {
    this.frameState.pacerRuns = this.pacer.runs;
  }

  readonly drawMs = this.drawTiming.ms;
  get drawCount(): number { return this.drawTiming.count; }

  /** Adds a view; returns the function that removes it. Starts the loop on the first view. */
  add(v: FrameView): () => void {
    if (!this.views.includes(v)) this.views.push(v);
    if (!this.raf && typeof requestAnimationFrame === 'function') this.raf = requestAnimationFrame(this.tick);
    return () => { const i = this.views.indexOf(v); if (i >= 0) this.views.splice(i, 1); };
  }

  // ---- settings and commands (low rate, from the stores and panels) -------------------------------------------

  setTargets(t: ResolvedTargets): void { this.segments.setTargets(t); }
  setManualTarget(k: TargetKind): void { this.segments.setManualTarget(k); }
  /** New pacer settings: a running pacer restarts its cycle now with them. */
  setPacerSettings(s: PacerSettings): void { this.pacer.setSettings(s, this.frameState.tS); }
  setManualPacer(on: boolean): void { this.pacer.setManual(on, this.frameState.tS); }

  /** Metrics of the current segment (a protocol phase, or since the last reset). */
  metrics(): LiveMetrics { return this.segments.metrics(); }
  resetMetrics(): void { this.segments.reset(); }

  /**
   * Resting level of the primary channel measured over the first seconds of a stream (median of the 4 Hz values), for
   * targets given relative to it (pressure); NaN until measured. `onRestMeasured` is called when it is known.
   */
  measuredRest = NaN; // a plain field, not a getter: tests read it from a copy of the engine
  /** Starts measuring the resting level again (a new stream, a tare, a unit change). */
  remeasureRest(): void { this.restProbe.reset(); this.measuredRest = NaN; }

  startProtocol(p: Protocol): boolean { return this.protocolRun.start(p); }
  pauseProtocol(): void { this.protocolRun.pause(); }
  skipPhase(): void { this.protocolRun.skip(); }
  stopProtocol(): void { this.protocolRun.stop(); }
  runnerView(): RunnerView | null { return this.protocolRun.view(); }
  protocol(): Protocol | null { return this.protocolRun.protocol(); }
  /** The breathing guide's current run (settings and start on the sample clock), or null when it is off. */
  pacerRun(): PacerRun | null { return this.pacer.active(); }

  startCalibration(kind: 'rest' | 'mvc', restS?: number): boolean { return this.calibration.start(kind, restS); }
  cancelCalibration(): void { this.calibration.cancel(); }
  calibrationView(): CalibrationView | null { return this.calibration.view(); }

  // ---- the frame ------------------------------------------------------------------------------------------

  private rebind(): void {
    const f = this.frameState;
    // A new stream is a new clock: protocol, calibration, pacer and metrics start over (ended on the old clock first).
    this.protocolRun.reset();
    this.calibration.cancel();
    f.layoutVersion = live.layoutVersion;
    f.primaryIndex = live.processed.length > 0 ? 0 : -1;
    f.accessoryIndex = live.processed.length > 1 ? 1 : -1;
    f.primary = f.primaryIndex >= 0 ? live.processed[f.primaryIndex]! : null;
    f.rateHz = f.primary?.rateHz ?? 0;
    this.reader.reset();
    this.clock.reset();
    this.remeasureRest();
    this.accessory.reset();
    sessionEvents.clear();
    f.endIndex = f.primary?.end ?? 0;
    f.tS = f.rateHz > 0 ? f.endIndex / f.rateHz : 0;
    this.pacer.restart(f.tS);
    this.segments.restartFree();
  }

  private readonly tick = (now: number): void => {
    this.raf = requestAnimationFrame(this.tick);
    this.step(now);
  };

  /** One frame (exposed for tests and the render benchmark). */
  step(now: number): void {
    const f = this.frameState;
    f.nowMs = now;
    if (f.layoutVersion !== live.layoutVersion) this.rebind();
    const ring: SampleRing | null = f.primary;
    if (ring) {
      this.clock.update(ring, now, f);
      const end = f.endIndex;
      this.protocolRun.advance(end);
      this.reader.read(ring, end, this.pacer.active());
      this.calibration.finish(end, f.tS);
    }
    // Target and zone.
    f.targets = this.segments.targets;
    f.activeTarget = this.protocolRun.judging ? this.protocolRun.phaseTarget : this.segments.manualTarget;
    f.zone = f.activeTarget && f.targets ? zoneOf(f.value, f.activeTarget, f.targets) : 'none';
    this.pacerCues.update(this.pacer.active(), f.smoothS, f);
    // Draw, then audio in the same frame with the same value.
    const t0 = performance.now();
    const views = this.views;
    for (let i = 0; i < views.length; i++) views[i]!.frame?.(f);
    this.drawTiming.record(performance.now() - t0);
    if (f.targets) feedbackAudio.update(f.activeTarget ? f.value : NaN, f.targets);
    if (now - this.lastSlow >= SLOW_MS) {
      this.lastSlow = now;
      if (f.accessoryIndex < 0 || !f.targets) this.accessory.clear();
      else this.accessory.update(now, f.value, live.processed[f.accessoryIndex], f.targets.relaxUpper, this.calibratedRest);
      f.accessoryFlag = this.accessory.flag;
      this.restProbe.push(f.value);
      for (let i = 0; i < views.length; i++) views[i]!.slow?.(f);
    }
  }
}

/** The app's one feedback engine. */
export const engine = new FeedbackEngine();
export type { FeedbackEngine };
