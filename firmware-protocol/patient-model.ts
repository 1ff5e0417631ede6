// Simulated patient signals: band-limited EMG noise scaled to the script's activation, mains hum, ECG, and pressure.
import { Prng } from './prng.ts';
import { lungVolume, newScriptState, REST_ABD_UV, scriptState, type ScriptState, type SimScriptName } from './sim-scripts.ts';

/** A cascade of second-order IIR sections (direct form II transposed), coefficients normalised to a0 = 1. */
export class BiquadCascade {
  private readonly c: Float64Array;
  private readonly z: Float64Array;
  private n = 0;

  constructor(maxSections: number) {
    this.c = new Float64Array(5 * maxSections);
    this.z = new Float64Array(2 * maxSections);
  }

  /** Adds an RBJ-cookbook low- or high-pass section with corner f0Hz and quality q at sample rate fsHz. */
  addSection(type: 'lowpass' | 'highpass', fsHz: number, f0Hz: number, q: number): void {
    const w0 = (2 * Math.PI * f0Hz) / fsHz;
    const cw = Math.cos(w0);
    const alpha = Math.sin(w0) / (2 * q);
    const a0 = 1 + alpha;
    const b1 = type === 'lowpass' ? 1 - cw : -(1 + cw);
    const b0 = type === 'lowpass' ? b1 / 2 : -b1 / 2;
    const o = 5 * this.n++;
    this.c[o] = b0 / a0;
    this.c[o + 1] = b1 / a0;
    this.c[o + 2] = b0 / a0;
    this.c[o + 3] = (-2 * cw) / a0;
    this.c[o + 4] = (1 - alpha) / a0;
  }

  /** Removes all sections and clears the state. */
  clear(): void {
    this.n = 0;
    this.z.fill(0);
  }

  /** Filters one sample. */
  process(x: number): number {
    const c = this.c;
    const z = this.z;
    let y = x;
    for (let s = 0; s < this.n; s++) {
      const o = 5 * s;
      const zo = 2 * s;
      const out = c[o]! * y + z[zo]!;
      z[zo] = c[o + 1]! * y - c[o + 3]! * out + z[zo + 1]!;
      z[zo + 1] = c[o + 2]! * y - c[o + 4]! * out;
      y = out;
    }
    return y;
  }
}

/** Lower edge of the EMG band, Hz. */
export const EMG_LOW_HZ = 20;
/** Upper edge of the EMG band, Hz (clamped to 0.4 × rate below Nyquist). */
export const EMG_HIGH_HZ = 450;
/** Spectral shaping corner, Hz: puts the median frequency near 100 Hz like real surface EMG. */
const EMG_SHAPE_HZ = 150;

/**
 * Unit-RMS band-limited noise: white Gaussian noise through a 4th-order Butterworth high-pass at 20 Hz, a 2nd-order
 * low-pass at 150 Hz (spectral shape) and a 2nd-order low-pass at min(450 Hz, 0.4 × rate). Allocation-free per sample.
 */
export class BandNoise {
  private readonly filter = new BiquadCascade(4);
  private gain = 1;

  constructor(private readonly prng: Prng, rateHz: number) {
    this.design(rateHz);
  }

  /** Redesigns the filter for a new sample rate (Hz) and renormalises the output to unit RMS. */
  design(rateHz: number): void {
    const f = this.filter;
    f.clear();
    const fresh = new BiquadCascade(4);
    for (const bq of [f, fresh]) {
      bq.addSection('highpass', rateHz, EMG_LOW_HZ, 0.5411961);
      bq.addSection('highpass', rateHz, EMG_LOW_HZ, 1.3065630);
      bq.addSection('lowpass', rateHz, Math.min(EMG_SHAPE_HZ, 0.3 * rateHz), Math.SQRT1_2);
      bq.addSection('lowpass', rateHz, Math.min(EMG_HIGH_HZ, 0.4 * rateHz), Math.SQRT1_2);
    }
    // Noise gain = energy of the impulse response; 2 s covers the slowest (20 Hz) decay many times over.
    let energy = 0;
    const n = Math.ceil(2 * rateHz);
    for (let i = 0; i < n; i++) {
      const h = fresh.process(i === 0 ? 1 : 0);
      energy += h * h;
    }
    this.gain = 1 / Math.sqrt(energy);
  }

  /** Next sample of unit-RMS band-limited noise. */
  next(): number {
    return this.gain * this.filter.process(this.prng.nextGaussian());
  }
}

export interface PatientOptions {
  kind: 'emg' | 'pressure';
  /** Sample rate, Hz. */
  rateHz: number;
  script: SimScriptName;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Mains hum frequency added to EMG, Hz; 0 = none (default). */
  mainsHz?: 0 | 50 | 60;
  /** ECG-like spikes on the EMG channels (default false). */
  ecg?: boolean;
}

/**
 * What the running exercise asks of the patient now (the app tells the Demo sensor; a real sensor never hears it).
 * `elapsedS` of the pacer is how far into its cycle the breathing guide is at the moment of telling.
 */
export interface PatientCue {
  readonly target: 'relax' | 'contract' | 'none';
  readonly kind: 'rest' | 'recovery' | 'flick' | 'hold' | 'endurance' | 'downtrain' | 'drop' | null;
  readonly pacer: { readonly inhaleS: number; readonly holdInS: number; readonly exhaleS: number; readonly holdOutS: number; readonly elapsedS: number } | null;
}

/**
 * How the simulated patient follows cues: a human reaction time (s, uniform in the range), how strongly each kind of
 * squeeze goes (µV RMS above the tone, ± `spread` from one squeeze to the next), how fast the muscle rises and lets go,
 * and the resting tone (µV RMS) that the breathing guide lowers on the out-breath. Tuned so that a Glazer assessment
 * lands near the published healthy means (OLEKSY_2020_NORMS in dsp/glazer.ts).
 */
export const FOLLOW = {
  reactionS: [0.25, 0.5] as const,
  spread: 0.15,
  flick: { peakUv: 95, holdS: 0.9 },
  hold: { peakUv: 38, fatigue: 0.12 },
  endurance: { startUv: 16, endUv: 8 },
  drop: { peakUv: 25 },
  riseTauS: 0.06,
  fallTauS: 0.12,
  restToneUv: 6.3,
  /** Extra tone at full lungs: lowest at the end of the out-breath (relax on exhale). */
  breathToneUv: 1.5,
} as const;

/** Mains hum amplitude on PF / ABD, µV peak. */
const HUM_PF_UV = 6;
const HUM_ABD_UV = 8;
/** ECG: heart rate, beats/s, and R-wave amplitude on PF / ABD, µV. */
const ECG_BEATS_PER_S = 72 / 60;
const ECG_PF_UV = 10;
const ECG_ABD_UV = 30;
/** Pressure sensor noise (not in `steady`), mmHg RMS. */
const PRESSURE_NOISE_MMHG = 0.02;

/** QRS-like template at time tau (s) into the beat: an R peak at 0.2 s (σ 8 ms) followed by a smaller S dip. */
function qrs(tau: number): number {
  const r = (tau - 0.2) / 0.008;
  const s = (tau - 0.225) / 0.01;
  return Math.exp(-0.5 * r * r) - 0.25 * Math.exp(-0.5 * s * s);
}

/**
 * The simulated patient: produces one physical value per channel per sample (EMG µV for PF and ABD, or pressure
 * mmHg for P) on a script clock that advances 1/rate per sample and stays continuous across rate changes.
 */
export class PatientModel {
  readonly channelCount: number;
  private rateHz: number;
  private offsetSec = 0;
  private n = 0;
  private readonly prng: Prng;
  private readonly noise: BandNoise[];
  private readonly st: ScriptState = newScriptState();
  /** Cue in force (null: play the script) and the next one, applied after the reaction time. */
  private cue: PatientCue | null = null;
  private cueStartS = 0;
  private cueGain = 1;
  private nextCue: PatientCue | null = null;
  private nextCueAtS = Infinity;
  private following = false;
  /** Pacer cycle origin on the script clock, s. */
  private pacerOriginS = 0;
  /** Smoothed contraction above the tone, µV RMS. */
  private contractionUv = 0;

  constructor(private readonly opts: PatientOptions) {
    this.rateHz = opts.rateHz;
    this.prng = new Prng(opts.seed ?? 1);
    this.channelCount = opts.kind === 'emg' ? 2 : 1;
    this.noise = opts.kind === 'emg' ? [new BandNoise(this.prng, opts.rateHz), new BandNoise(this.prng, opts.rateHz)] : [];
  }

  /** Script time of the next sample, s. */
  get scriptTimeSec(): number {
    return this.offsetSec + this.n / this.rateHz;
  }

  /** Changes the sample rate (Hz); the script clock continues where it was. */
  setRate(rateHz: number): void {
    this.offsetSec = this.scriptTimeSec;
    this.n = 0;
    this.rateHz = rateHz;
    for (const g of this.noise) g.design(rateHz);
  }

  /** Skips `count` samples (a device buffer overflow): the script clock moves on, nothing is computed. */
  skip(count: number): void {
    this.n += count;
  }

  /** Noise-free pressure at the current script time, mmHg (what a tare would see). */
  currentPressureMmHg(): number {
    if (this.following) return this.st.pressureMmHg;
    scriptState(this.opts.script, this.scriptTimeSec, this.st);
    return this.st.pressureMmHg;
  }

  /**
   * From now on the patient follows the app's cues instead of the script (null: back to the script). A new cue takes
   * effect after a human reaction time; each squeeze is a little stronger or weaker than the last.
   */
  follow(cue: PatientCue | null): void {
    if (cue === null) { this.following = false; this.cue = null; this.nextCue = null; this.nextCueAtS = Infinity; return; }
    const t = this.scriptTimeSec;
    if (!this.following) { this.following = true; this.contractionUv = 0; this.cue = { target: 'none', kind: null, pacer: null }; this.cueStartS = t; }
    const [lo, hi] = FOLLOW.reactionS;
    this.nextCue = cue;
    this.nextCueAtS = t + lo + (hi - lo) * this.prng.nextFloat();
    // The breathing guide is seen at once; breathing follows it without a reaction delay worth modelling.
    if (cue.pacer) this.pacerOriginS = t - cue.pacer.elapsedS;
  }

  /** Lung volume 0..1 under the breathing guide (raised-cosine in and out, holds flat), or natural breathing. */
  private lung(t: number): number {
    const p = this.cue?.pacer ?? this.nextCue?.pacer ?? null;
    if (!p) return lungVolume(t);
    const cycle = p.inhaleS + p.holdInS + p.exhaleS + p.holdOutS;
    if (!(cycle > 0)) return 0.5;
    let u = (t - this.pacerOriginS) % cycle;
    if (u < 0) u += cycle;
    if (u < p.inhaleS) return 0.5 - 0.5 * Math.cos((Math.PI * u) / p.inhaleS);
    u -= p.inhaleS;
    if (u < p.holdInS) return 1;
    u -= p.holdInS;
    if (u < p.exhaleS) return 0.5 + 0.5 * Math.cos((Math.PI * u) / p.exhaleS);
    return 0;
  }

  /** The contraction the current cue asks for at script time t, µV RMS above the tone. */
  private wanted(t: number): number {
    const c = this.cue;
    if (!c || c.target !== 'contract') return 0;
    const since = t - this.cueStartS;
    const g = this.cueGain;
    switch (c.kind) {
      case 'flick': return since < FOLLOW.flick.holdS ? g * FOLLOW.flick.peakUv : 0;
      case 'hold': return g * FOLLOW.hold.peakUv * (1 - FOLLOW.hold.fatigue * Math.min(1, since / 10));
      case 'endurance': return g * (FOLLOW.endurance.startUv + (FOLLOW.endurance.endUv - FOLLOW.endurance.startUv) * Math.min(1, since / 60));
      default: return g * FOLLOW.drop.peakUv;
    }
  }

  /** The follower's state at script time t into `st` (tone, smoothed contraction, breathing, pressure). */
  private followState(t: number): void {
    if (t >= this.nextCueAtS && this.nextCue) {
      this.cue = this.nextCue;
      this.cueStartS = t;
      this.cueGain = 1 + FOLLOW.spread * (2 * this.prng.nextFloat() - 1);
      this.nextCue = null;
      this.nextCueAtS = Infinity;
    }
    const v = this.lung(t);
    const want = this.wanted(t);
    const tau = want > this.contractionUv ? FOLLOW.riseTauS : FOLLOW.fallTauS;
    this.contractionUv += (want - this.contractionUv) * (1 - Math.exp(-1 / (this.rateHz * tau)));
    const tone = FOLLOW.restToneUv + 0.6 * Math.sin((2 * Math.PI * t) / 37) + FOLLOW.breathToneUv * (v - 0.5);
    const st = this.st;
    st.lungVolume = v;
    st.pfUv = tone + this.contractionUv;
    st.abdUv = REST_ABD_UV + 0.15 * this.contractionUv;
    st.pressureMmHg = 17.5 + 0.5 * st.pfUv + (2 * v - 1);
  }

  /** Writes the next sample's physical values into out[0..channelCount) and advances the clock. Allocation-free. */
  next(out: Float64Array): void {
    const t = this.scriptTimeSec;
    const st = this.st;
    if (this.following) this.followState(t); else scriptState(this.opts.script, t, st);
    this.n++;
    if (this.opts.kind === 'pressure') {
      out[0] = this.opts.script === 'steady' ? st.pressureMmHg : st.pressureMmHg + PRESSURE_NOISE_MMHG * this.prng.nextGaussian();
      return;
    }
    let pf = st.pfUv * this.noise[0]!.next();
    let abd = st.abdUv * this.noise[1]!.next();
    const mains = this.opts.mainsHz ?? 0;
    if (mains > 0) {
      const hum = Math.sin(2 * Math.PI * ((mains * t) % 1));
      pf += HUM_PF_UV * hum;
      abd += HUM_ABD_UV * hum;
    }
    if (this.opts.ecg) {
      const beat = qrs(((t * ECG_BEATS_PER_S) % 1) / ECG_BEATS_PER_S);
      pf += ECG_PF_UV * beat;
      abd += ECG_ABD_UV * beat;
    }
    out[0] = pf;
    out[1] = abd;
  }
}
