// Activation scripts of the simulated patient: target EMG RMS (µV) and pressure (mmHg) as exact functions of time.

export const SIM_SCRIPT_NAMES = ['steady', 'rest', 'hypertonic', 'relax-on-exhale', 'quick-flicks', 'holds', 'demo'] as const;
/**
 * - `steady`: constant rest, PF 5 µV RMS / ABD 3 µV RMS; pressure exactly 25.00 mmHg (no noise, no breathing).
 * - `rest`: resting tone wandering 4–7 µV (period 37 s).
 * - `hypertonic`: raised resting tone wandering 12–18 µV (period 23 s).
 * - `relax-on-exhale`: 6 breaths/min (4 s inhale, 6 s exhale); tone 5 µV + 6 µV × lung volume, so lowest at the end of exhale.
 * - `quick-flicks`: cycles of 12 s: 10 s rest (5 µV) then a 2 s flick peaking at 60 µV.
 * - `holds`: cycles of 20 s: 10 s rest (5 µV) then a 10 s hold at 45 µV.
 * - `demo`: a 126 s loop: 20 s rest, 30 s relax-on-exhale, 36 s quick-flicks (3 flicks), 40 s holds (2 holds).
 */
export type SimScriptName = (typeof SIM_SCRIPT_NAMES)[number];

/** True when `s` names one of {@link SIM_SCRIPT_NAMES}. */
export function isSimScriptName(s: string): s is SimScriptName {
  return (SIM_SCRIPT_NAMES as readonly string[]).includes(s);
}

/** Script state at one instant; written in place by {@link scriptState} (no allocation per sample). */
export interface ScriptState {
  /** Target RMS of the pelvic-floor EMG channel, µV. */
  pfUv: number;
  /** Target RMS of the abdominal EMG channel, µV (rises a little during contractions). */
  abdUv: number;
  /** Noise-free probe pressure, mmHg. */
  pressureMmHg: number;
  /** Breathing: lung volume 0 (end of exhale) .. 1 (end of inhale). */
  lungVolume: number;
}

/** A zeroed {@link ScriptState} to reuse across calls. */
export function newScriptState(): ScriptState {
  return { pfUv: 0, abdUv: 0, pressureMmHg: 0, lungVolume: 0 };
}

/** Breathing cycle length, s (6 breaths/min), and the inhale part of it, s. */
export const BREATH_PERIOD_S = 10;
export const INHALE_S = 4;
/** Resting tone of PF / ABD in µV RMS for the rest-like parts of the scripts. */
export const REST_PF_UV = 5;
export const REST_ABD_UV = 3;
/** Pressure model: P = PRESSURE_BASE + PRESSURE_PER_UV × PF µV + BREATH_MMHG × (2 × lung volume − 1). */
const PRESSURE_BASE_MMHG = 17.5;
const PRESSURE_PER_UV = 0.5;
const BREATH_MMHG = 1;
/** ABD picks up this fraction of the PF contraction (accessory muscle use). */
const ABD_COUPLING = 0.15;
/** Exact pressure of the `steady` script, mmHg. */
export const STEADY_PRESSURE_MMHG = 25;
const DEMO_LOOP_S = 126;

function mod(t: number, p: number): number {
  const r = t % p;
  return r < 0 ? r + p : r;
}

/** Lung volume 0..1 on a 10 s cycle: raised-cosine inhale over 4 s, exhale over 6 s. */
export function lungVolume(tSec: number): number {
  const tau = mod(tSec, BREATH_PERIOD_S);
  if (tau < INHALE_S) return 0.5 - 0.5 * Math.cos((Math.PI * tau) / INHALE_S);
  return 0.5 + 0.5 * Math.cos((Math.PI * (tau - INHALE_S)) / (BREATH_PERIOD_S - INHALE_S));
}

/** Contraction envelope 0..1 for a contraction occupying [0, dur) s with raised-cosine rise and fall inside it. */
function envelope(tau: number, dur: number, rise: number, fall: number): number {
  if (tau < 0 || tau >= dur) return 0;
  if (tau < rise) return 0.5 - 0.5 * Math.cos((Math.PI * tau) / rise);
  if (tau > dur - fall) return 0.5 - 0.5 * Math.cos((Math.PI * (dur - tau)) / fall);
  return 1;
}

/** Writes tone (µV) and contraction (µV above tone) for a non-demo script into out.pfUv / out.abdUv (scratch). */
function toneAndContraction(script: SimScriptName, t: number, out: ScriptState): void {
  let tone = REST_PF_UV;
  let contraction = 0;
  switch (script) {
    case 'rest': tone = 5.5 + 1.5 * Math.sin((2 * Math.PI * t) / 37); break;
    case 'hypertonic': tone = 15 + 3 * Math.sin((2 * Math.PI * t) / 23); break;
    case 'relax-on-exhale': tone = REST_PF_UV + 6 * out.lungVolume; break;
    case 'quick-flicks': contraction = 55 * envelope(mod(t, 12) - 10, 2, 0.15, 0.25); break;
    case 'holds': contraction = 40 * envelope(mod(t, 20) - 10, 10, 0.3, 0.4); break;
    case 'demo': {
      const u = mod(t, DEMO_LOOP_S);
      if (u < 20) toneAndContraction('rest', u, out);
      else if (u < 50) toneAndContraction('relax-on-exhale', u - 20, out);
      else if (u < 86) toneAndContraction('quick-flicks', u - 50, out);
      else toneAndContraction('holds', u - 86, out);
      return;
    }
    default: break;
  }
  out.pfUv = tone;
  out.abdUv = contraction;
}

/** Computes the script state at script time tSec (s from the stream start) into `out`. Allocation-free. */
export function scriptState(script: SimScriptName, tSec: number, out: ScriptState): void {
  if (script === 'steady') {
    out.pfUv = REST_PF_UV;
    out.abdUv = REST_ABD_UV;
    out.pressureMmHg = STEADY_PRESSURE_MMHG;
    out.lungVolume = 0.5;
    return;
  }
  const v = lungVolume(tSec);
  out.lungVolume = v;
  toneAndContraction(script, tSec, out);
  const tone = out.pfUv;
  const contraction = out.abdUv;
  out.pfUv = tone + contraction;
  out.abdUv = REST_ABD_UV + (script === 'hypertonic' ? 1 : 0) + ABD_COUPLING * contraction;
  out.pressureMmHg = PRESSURE_BASE_MMHG + PRESSURE_PER_UV * out.pfUv + BREATH_MMHG * (2 * v - 1);
}

const scratch = newScriptState();

/**
 * Expected physical level for tests, noise-free: EMG → target RMS of channel 0 (PF) in µV at script time tSeconds;
 * pressure → probe pressure in mmHg (before any ZERO tare).
 */
export function expectedLevel(kind: 'emg' | 'pressure', script: SimScriptName, tSeconds: number): number {
  scriptState(script, tSeconds, scratch);
  return kind === 'emg' ? scratch.pfUv : scratch.pressureMmHg;
}
