// The biofeedback frame loop: one requestAnimationFrame on the sample clock drives charts, zone, audio, pacer, protocol and metrics.
import { PhaseAccumulator, type PhaseSummary } from '../../dsp/phase-metrics.ts';
import type { Target } from '../../dsp/metrics.ts';
import { pacerLetGoMask, pacerPhaseAt, type PacerPhase, type PacerSettings } from '../../training/pacer.ts';
import type { Protocol } from '../../training/protocols.ts';
import { ProtocolRunner, type RunnerEvent, type RunnerView } from '../../training/runner.ts';
import { feedbackAudio } from '../audio/feedback-audio.ts';
import { CalibrationRun, type CalibrationView } from '../calibration/calibration-run.ts';
import { live } from '../live/live-data.ts';
import type { SampleRing } from '../live/sample-ring.ts';
import { sessionEvents } from '../training/session-events.ts';
import { accessoryUse, ACCESSORY_RULE, RestTracker } from './accessory.ts';
import type { PacerRun } from './pacer-shading.ts';
import { PacerTrack } from './pacer-track.ts';
import { zoneOf, type ResolvedTargets, type TargetKind, type Zone } from './targets.ts';

/** Slow readouts (numbers people read) refresh at 4 Hz. */
export const SLOW_MS = 250;
/** Values (at 4 Hz: 5 s) the resting level is measured over. */
const REST_PROBE_N = 20;
/** Samples copied out of the ring per metrics step. */
const CHUNK = 8192;

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

/** The figures the metrics panel shows (processed unit). */
export interface LiveMetrics {
  readonly summary: PhaseSummary | null;
  readonly segment: 'phase' | 'free';
}

function targetFor(kind: TargetKind | null, t: ResolvedTargets | null): Target | null {
  if (!kind || !t) return null;
  return kind === 'relax' ? { kind: 'relax', upper: t.relaxUpper } : { kind: 'contract', lo: t.contractLo, hi: t.contractHi };
}

class FeedbackEngine {
  readonly frameState: Frame = {
    nowMs: 0, primaryIndex: -1, accessoryIndex: -1, primary: null, endIndex: 0, rateHz: 0, tS: 0, smoothS: 0, value: NaN,
    targets: null, activeTarget: null, zone: 'none', pacerRuns: [], pacerPhase: null, pacerProgress01: 0, pacerLetGo: false,
    accessoryFlag: false, layoutVersion: -1,
  };
  private readonly views = new Set<FrameView>();
  private raf = 0;
  private lastSlow = 0;
  private lastEnd = -1;
  private lastEndMs = 0;
  private consumed = -1;
  private readonly scratch = new Float32Array(CHUNK);
  private readonly mask = new Uint8Array(CHUNK);
  private readonly pacer = new PacerTrack(() => this.frameState.rateHz);
  private manualTarget: TargetKind = 'relax';
  private resolved: ResolvedTargets | null = null;
  private runner: ProtocolRunner | null = null;
  private runnerProtocol: Protocol | null = null;
  private accumulators: PhaseAccumulator[] = [];
  private segment: 'phase' | 'free' = 'free';
  /** Target of the current protocol phase (null = just watch). */
  private phaseTarget: TargetKind | null = null;
  private calibration: CalibrationRun | null = null;
  private readonly pfRest = new RestTracker();
  private readonly abdRest = new RestTracker();
  private accessoryUntil = 0;
  private lastPacerPhase: PacerPhase | null = null;
  /** Called when the protocol status or phase changes (low rate). */
  onRunnerChange: (v: RunnerView, protocolId: string) => void = () => {};
  /** Called when a calibration finishes or is cancelled. */
  onCalibrationDone: (v: CalibrationView | null) => void = () => {};
  /**
   * Resting level of the primary channel measured over the first seconds of a stream (median of the 4 Hz values), for
   * targets given relative to it (pressure); NaN until measured. `onRestMeasured` is called when it is known.
   */
  measuredRest = NaN;
  onRestMeasured: (level: number) => void = () => {};
  private readonly restProbe = new Float64Array(REST_PROBE_N);
  private restProbeN = 0;
  /** Starts measuring the resting level again (a new stream, a tare, a unit change). */
  remeasureRest(): void { this.measuredRest = NaN; this.restProbeN = 0; }
  /** Calibrated rest level of the primary channel, if known (feeds the accessory flag). */
  calibratedRest = NaN;
  /** Draw-time log of the charts (ms per frame), for the render benchmark. */
  readonly drawMs = new Float64Array(1024);
  drawCount = 0;

  constructor() {
    this.frameState.pacerRuns = this.pacer.runs;
  }

  /** Adds a view; returns the function that removes it. Starts the loop on the first view. */
  add(v: FrameView): () => void {
    this.views.add(v);
    if (!this.raf && typeof requestAnimationFrame === 'function') this.raf = requestAnimationFrame(this.tick);
    return () => { this.views.delete(v); };
  }

  setTargets(t: ResolvedTargets): void {
    const changed = !this.resolved || t.relaxUpper !== this.resolved.relaxUpper || t.contractLo !== this.resolved.contractLo || t.contractHi !== this.resolved.contractHi;
    this.resolved = t;
    if (changed && this.segment === 'free') this.restartFreeSegment();
  }

  setManualTarget(k: TargetKind): void {
    if (k === this.manualTarget) return;
    this.manualTarget = k;
    if (this.segment === 'free') this.restartFreeSegment();
  }

  /** New pacer settings: a running pacer restarts its cycle now with them. */
  setPacerSettings(s: PacerSettings): void { this.pacer.setSettings(s, this.frameState.tS); }

  setManualPacer(on: boolean): void { this.pacer.setManual(on, this.frameState.tS); }

  private restartFreeSegment(): void {
    const f = this.frameState;
    for (const a of this.accumulators) a.end(f.endIndex);
    this.accumulators = f.rateHz > 0 ? [new PhaseAccumulator(-1, f.endIndex, f.rateHz, targetFor(this.manualTarget, this.resolved))] : [];
    this.segment = 'free';
  }

  /** Metrics of the current segment (a protocol phase, or since the last reset). */
  metrics(): LiveMetrics {
    const a = this.accumulators[this.accumulators.length - 1];
    return { summary: a ? a.summary() : null, segment: this.segment };
  }

  resetMetrics(): void {
    if (this.segment === 'free') this.restartFreeSegment();
  }

  // ---- protocol -------------------------------------------------------------------------------------------

  startProtocol(p: Protocol): boolean {
    const f = this.frameState;
    if (f.rateHz <= 0) return false;
    if (this.runner) this.stopProtocol();
    const r = ProtocolRunner.create(p, f.rateHz);
    if (!r.ok) return false;
    this.runner = r.value;
    this.runnerProtocol = p;
    const s = this.runner.start(f.endIndex);
    if (s.ok) this.handleEvents(s.value);
    return true;
  }

  pauseProtocol(): void { this.command((r, i) => r.status === 'paused' ? r.resume(i) : r.pause(i)); }
  skipPhase(): void { this.command((r, i) => r.skip(i)); }
  stopProtocol(): void { this.command((r, i) => r.stop(i)); }

  private command(fn: (r: ProtocolRunner, i: number) => { ok: boolean; value?: RunnerEvent[] }): void {
    if (!this.runner) return;
    const res = fn(this.runner, this.frameState.endIndex);
    if (res.ok && res.value) this.handleEvents(res.value);
    this.notifyRunner();
  }

  runnerView(): RunnerView | null { return this.runner ? this.runner.view() : null; }
  /** The breathing guide's current run (settings and start on the sample clock), or null when it is off. */
  pacerRun(): PacerRun | null { return this.pacer.active(); }
  protocol(): Protocol | null { return this.runnerProtocol; }

  private notifyRunner(): void {
    if (this.runner && this.runnerProtocol) this.onRunnerChange(this.runner.view(), this.runnerProtocol.id);
  }

  private handleEvents(events: readonly RunnerEvent[]): void {
    if (events.length === 0 || !this.runnerProtocol) return;
    const f = this.frameState;
    for (const e of events) {
      sessionEvents.emit({ ...e, source: 'protocol', protocolId: this.runnerProtocol.id });
      if (e.type === 'phase-start') {
        const ph = this.runnerProtocol.phases[e.phaseIndex]!;
        for (const a of this.accumulators) a.end(e.sampleIndex);
        const kind: TargetKind | null = ph.target === 'none' ? null : ph.target;
        this.phaseTarget = kind;
        this.accumulators = [...this.accumulators.filter((a) => a.startSample < e.sampleIndex).slice(-1),
          new PhaseAccumulator(e.phaseIndex, e.sampleIndex, f.rateHz, targetFor(kind, this.resolved))];
        this.segment = 'phase';
        this.pacer.setProtocol(ph.pacer, e.tSeconds);
      } else if (e.type === 'finished' || e.type === 'stopped') {
        this.pacer.setProtocol(false, e.tSeconds);
      }
    }
    const st = this.runner?.status;
    if (st === 'finished' || st === 'stopped') {
      this.notifyRunner();
      this.runner = null;
      this.restartFreeSegment();
      return;
    }
    this.notifyRunner();
  }

  // ---- calibration ----------------------------------------------------------------------------------------

  startCalibration(kind: 'rest' | 'mvc', restS?: number): boolean {
    const f = this.frameState;
    if (f.rateHz <= 0) return false;
    this.calibration = kind === 'rest' ? CalibrationRun.rest(f.rateHz, restS) : CalibrationRun.mvc(f.rateHz);
    this.calibration.start(f.endIndex);
    sessionEvents.emit({ source: 'calibration', type: kind === 'rest' ? 'rest-start' : 'mvc-start', sampleIndex: f.endIndex, tSeconds: f.tS });
    return true;
  }

  cancelCalibration(): void {
    if (!this.calibration) return;
    this.calibration = null;
    sessionEvents.emit({ source: 'calibration', type: 'cancelled', sampleIndex: this.frameState.endIndex, tSeconds: this.frameState.tS });
    this.onCalibrationDone(null);
  }

  calibrationView(): CalibrationView | null { return this.calibration ? this.calibration.view() : null; }

  // ---- the frame ------------------------------------------------------------------------------------------

  private rebind(): void {
    const f = this.frameState;
    // A new stream is a new clock: protocol, calibration, pacer and metrics start over (ended on the old clock first).
    if (this.runner) this.stopProtocol();
    this.runner = null;
    this.cancelCalibration();
    f.layoutVersion = live.layoutVersion;
    f.primaryIndex = live.processed.length > 0 ? 0 : -1;
    const abd = live.processed.length > 1 ? 1 : -1;
    f.accessoryIndex = abd;
    f.primary = f.primaryIndex >= 0 ? live.processed[f.primaryIndex]! : null;
    f.rateHz = f.primary?.rateHz ?? 0;
    this.consumed = -1;
    this.lastEnd = -1;
    this.pfRest.reset();
    this.remeasureRest();
    this.abdRest.reset();
    sessionEvents.clear();
    f.endIndex = f.primary?.end ?? 0;
    f.tS = f.rateHz > 0 ? f.endIndex / f.rateHz : 0;
    this.pacer.restart(f.tS);
    this.restartFreeSegment();
  }

  private consume(ring: SampleRing, end: number): void {
    if (this.consumed < 0) this.consumed = end;
    let from = Math.max(this.consumed, end - ring.capacity + 1);
    const run = this.pacer.active();
    const rate = ring.rateHz;
    while (from < end) {
      const n = Math.min(CHUNK, end - from);
      const buf = this.scratch;
      for (let k = 0; k < n; k++) buf[k] = ring.at(from + k);
      let mask: Uint8Array | undefined;
      if (run && from / rate >= run.startS) {
        pacerLetGoMask(run.settings, from - Math.round(run.startS * rate), rate, n, this.mask);
        mask = this.mask;
      }
      // Lost samples (NaN) are left out: metrics see only the finite runs, each at its own sample index.
      let k = 0;
      while (k < n) {
        while (k < n && !(buf[k] === buf[k])) k++;
        const a0 = k;
        while (k < n && buf[k] === buf[k]) k++;
        if (k > a0) {
          const seg = a0 === 0 && k === n ? buf : buf.subarray(a0, k);
          const m = mask ? (a0 === 0 && k === n ? mask : mask.subarray(a0, k)) : undefined;
          for (const acc of this.accumulators) acc.push(seg, k - a0, from + a0, m);
          this.calibration?.push(seg, k - a0, from + a0);
        }
      }
      from += n;
    }
    this.consumed = end;
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
    const ring = f.primary;
    if (ring) {
      const end = ring.end;
      if (end !== this.lastEnd) { this.lastEnd = end; this.lastEndMs = now; }
      f.endIndex = end;
      f.tS = end / f.rateHz;
      f.smoothS = f.tS + Math.min(0.1, Math.max(0, (now - this.lastEndMs) / 1000));
      f.value = end > 0 ? ring.at(end - 1) : NaN;
      if (this.runner) this.handleEvents(this.runner.advance(end));
      this.consume(ring, end);
      if (this.calibration?.done) {
        const v = this.calibration.view();
        this.calibration = null;
        sessionEvents.emit({ source: 'calibration', type: v.result?.kind === 'mvc' ? 'mvc-done' : 'rest-done', sampleIndex: end, tSeconds: f.tS });
        this.onCalibrationDone(v);
      }
    }
    // Target and zone.
    f.targets = this.resolved;
    f.activeTarget = this.runner && this.runner.status !== 'ready' ? this.phaseTarget : this.manualTarget;
    f.zone = f.activeTarget && f.targets ? zoneOf(f.value, f.activeTarget, f.targets) : 'none';
    // Pacer.
    const run = this.pacer.active();
    if (run) {
      const p = pacerPhaseAt(run.settings, Math.max(0, f.smoothS - run.startS));
      f.pacerPhase = p.phase; f.pacerProgress01 = p.progress01; f.pacerLetGo = p.letGo;
      if (p.phase !== this.lastPacerPhase && (p.phase === 'inhale' || p.phase === 'exhale')) feedbackAudio.cue(p.phase);
      this.lastPacerPhase = p.phase;
    } else { f.pacerPhase = null; f.pacerProgress01 = 0; f.pacerLetGo = false; this.lastPacerPhase = null; }
    // Draw, then audio in the same frame with the same value.
    const t0 = performance.now();
    for (const v of this.views) v.frame?.(f);
    const dt = performance.now() - t0;
    this.drawMs[this.drawCount++ % this.drawMs.length] = dt;
    if (f.targets) feedbackAudio.update(f.activeTarget ? f.value : NaN, f.targets);
    if (now - this.lastSlow >= SLOW_MS) {
      this.lastSlow = now;
      this.updateAccessory(now);
      this.probeRest();
      for (const v of this.views) v.slow?.(f);
    }
  }

  private probeRest(): void {
    const v = this.frameState.value;
    if (!Number.isNaN(this.measuredRest) || !Number.isFinite(v)) return;
    this.restProbe[this.restProbeN++] = v;
    if (this.restProbeN < REST_PROBE_N) return;
    const sorted = Float64Array.from(this.restProbe).sort();
    this.measuredRest = sorted[REST_PROBE_N >> 1]!;
    this.onRestMeasured(this.measuredRest);
  }

  private updateAccessory(now: number): void {
    const f = this.frameState;
    if (f.accessoryIndex < 0 || !f.targets) { f.accessoryFlag = false; return; }
    const abdRing = live.processed[f.accessoryIndex];
    if (!abdRing || abdRing.end === 0) return;
    const abd = abdRing.at(abdRing.end - 1);
    this.pfRest.push(f.value);
    this.abdRest.push(abd);
    const pfRest = Number.isFinite(this.calibratedRest) ? this.calibratedRest : this.pfRest.value;
    if (accessoryUse(f.value, pfRest, abd, this.abdRest.value, f.targets.relaxUpper)) this.accessoryUntil = now + ACCESSORY_RULE.holdMs;
    f.accessoryFlag = now < this.accessoryUntil;
  }
}

/** The app's one feedback engine. */
export const engine = new FeedbackEngine();
export type { FeedbackEngine };
