// Maps tension to the feedback tone: pitch follows tension, or "quiet when relaxed" (sounds only above the relaxation target).
import type { ResolvedTargets } from '../biofeedback/targets.ts';

export type AudioMode = 'pitch' | 'quiet';

/** Tone range, Hz: low and calm at rest, up two octaves at the top of the contraction band. */
export const TONE_HZ = { min: 196, max: 784 } as const;
/** Loudest tone gain at volume 1 (kept soft). */
export const TONE_MAX_GAIN = 0.25;
/** Time constant of parameter changes, s: 95 % of a step in 3τ = 24 ms (audio follows the trace within 30 ms). */
export const AUDIO_TIME_CONSTANT_S = 0.008;

/** Frequency (Hz) and gain (0–1) for a processed value. Writes into `out` = [hz, gain]; NaN values are silent. */
export function toneFor(value: number, mode: AudioMode, volume01: number, t: ResolvedTargets, out: Float64Array): void {
  const top = Math.max(t.contractHi, t.relaxUpper * 2, 1e-9);
  const vol = Math.min(1, Math.max(0, volume01)) * TONE_MAX_GAIN;
  if (!Number.isFinite(value)) { out[0] = TONE_HZ.min; out[1] = 0; return; }
  const u = Math.min(1, Math.max(0, value / top));
  out[0] = TONE_HZ.min * Math.pow(TONE_HZ.max / TONE_HZ.min, u);
  if (mode === 'pitch') { out[1] = vol; return; }
  // Quiet when relaxed: silent at or below the target, fading in over the first 30 % above it.
  const excess = (value - t.relaxUpper) / Math.max(t.relaxUpper, 1e-9);
  out[1] = excess <= 0 ? 0 : vol * Math.min(1, 0.3 + excess);
}

/** Cue pitch for the pacer, Hz: rising for breathing in, falling for breathing out / letting go. */
export function cueHz(phase: 'inhale' | 'exhale'): number {
  return phase === 'inhale' ? 523.25 : 392;
}
