// Web Audio feedback: one soft sine whose pitch/loudness follows tension, plus gentle pacer cues; off until enabled.
import type { ResolvedTargets } from '../biofeedback/targets.ts';
import { AUDIO_TIME_CONSTANT_S, cueHz, toneFor, type AudioMode } from './tone-map.ts';

/** What the end-to-end tests and the debug panel read. */
export interface AudioDebug {
  state: string;
  nodeCount: number;
  frequencyHz: number;
  gain: number;
  cues: number;
  /** Output latency estimate of the context, ms. */
  latencyMs: number;
}

/**
 * The audio graph: tone oscillator → tone gain → master (volume) → destination; cues → cue gain → master.
 * `update` is called from the same animation frame that draws the trace, with the same value.
 */
export class FeedbackAudio {
  private ctx: AudioContext | null = null;
  private osc: OscillatorNode | null = null;
  private toneGain: GainNode | null = null;
  private cueGain: GainNode | null = null;
  private master: GainNode | null = null;
  private readonly tone = new Float64Array(2);
  mode: AudioMode = 'pitch';
  volume01 = 0.5;
  cuesOn = true;
  readonly debug: AudioDebug = { state: 'off', nodeCount: 0, frequencyHz: 0, gain: 0, cues: 0, latencyMs: 0 };

  get enabled(): boolean { return this.ctx !== null; }

  /** Builds the graph (call from a user gesture so the browser lets it play). */
  async enable(): Promise<void> {
    if (this.ctx) return;
    const Ctx = globalThis.AudioContext;
    if (!Ctx) { this.debug.state = 'unsupported'; return; }
    const ctx = new Ctx({ latencyHint: 'interactive' });
    const master = ctx.createGain();
    master.gain.value = 1;
    master.connect(ctx.destination);
    const toneGain = ctx.createGain();
    toneGain.gain.value = 0;
    toneGain.connect(master);
    const osc = ctx.createOscillator();
    osc.type = 'sine';
    osc.frequency.value = 196;
    osc.connect(toneGain);
    osc.start();
    const cueGain = ctx.createGain();
    cueGain.gain.value = 1;
    cueGain.connect(master);
    this.ctx = ctx; this.osc = osc; this.toneGain = toneGain; this.cueGain = cueGain; this.master = master;
    this.debug.nodeCount = 4;
    this.debug.latencyMs = ((ctx.baseLatency ?? 0) + ((ctx as { outputLatency?: number }).outputLatency ?? 0)) * 1000;
    ctx.onstatechange = () => { this.debug.state = ctx.state; };
    this.debug.state = ctx.state;
    if (ctx.state !== 'running') await ctx.resume().catch(() => {});
    this.debug.state = ctx.state;
  }

  async disable(): Promise<void> {
    const ctx = this.ctx;
    this.ctx = null; this.osc = null; this.toneGain = null; this.cueGain = null; this.master = null;
    this.debug.state = 'off'; this.debug.nodeCount = 0; this.debug.gain = 0;
    if (ctx) await ctx.close().catch(() => {});
  }

  /** Follows the current value; allocation-free. */
  update(value: number, targets: ResolvedTargets): void {
    const ctx = this.ctx;
    if (!ctx || !this.osc || !this.toneGain) return;
    toneFor(value, this.mode, this.volume01, targets, this.tone);
    const t = ctx.currentTime;
    this.osc.frequency.setTargetAtTime(this.tone[0]!, t, AUDIO_TIME_CONSTANT_S);
    this.toneGain.gain.setTargetAtTime(this.tone[1]!, t, AUDIO_TIME_CONSTANT_S);
    this.debug.frequencyHz = this.tone[0]!;
    this.debug.gain = this.tone[1]!;
  }

  /** A soft chime at a pacer phase change (a new short-lived oscillator, a few per breath at most). */
  cue(phase: 'inhale' | 'exhale'): void {
    const ctx = this.ctx;
    if (!ctx || !this.cueGain || !this.cuesOn) return;
    const t = ctx.currentTime;
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.type = 'sine';
    o.frequency.value = cueHz(phase);
    const peak = 0.15 * Math.min(1, Math.max(0, this.volume01));
    g.gain.setValueAtTime(0, t);
    g.gain.linearRampToValueAtTime(peak, t + 0.03);
    g.gain.exponentialRampToValueAtTime(0.0001, t + 0.6);
    o.connect(g).connect(this.cueGain);
    o.start(t);
    o.stop(t + 0.65);
    o.onended = () => { o.disconnect(); g.disconnect(); };
    this.debug.cues++;
  }
}

/** The app's feedback audio. */
export const feedbackAudio = new FeedbackAudio();
