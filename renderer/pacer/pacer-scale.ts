// The breathing animation's size as a pure function of the pacer state: grows while breathing in, shrinks while breathing out.
import type { PacerPhase } from '../../training/pacer.ts';

/** Smallest and largest scale of the breathing circle. */
export const PACER_SCALE = { min: 0.55, max: 1 } as const;

/** Smooth start and end (sinusoidal ease), 0..1 → 0..1. */
export function ease(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return 0.5 - 0.5 * Math.cos(Math.PI * c);
}

/** Circle scale for a phase and its progress 0..1. */
export function pacerScale(phase: PacerPhase, progress01: number): number {
  const { min, max } = PACER_SCALE;
  switch (phase) {
    case 'inhale': return min + (max - min) * ease(progress01);
    case 'hold-in': return max;
    case 'exhale': return max - (max - min) * ease(progress01);
    case 'hold-out': return min;
  }
}
