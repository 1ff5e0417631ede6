// Pacer shading on the sample clock: which breathing phases cover a trace window, without allocating per frame.
import { pacerTimings, type PacerPhase, type PacerSettings, type PacerTimings } from '../../training/pacer.ts';

/** A stretch of time when the pacer ran with one setting; `endS` = Infinity while it still runs. Seconds on the sample clock. */
export interface PacerRun {
  readonly startS: number;
  endS: number;
  readonly settings: PacerSettings;
  readonly timings: PacerTimings;
}

export function pacerRun(startS: number, settings: PacerSettings): PacerRun {
  return { startS, endS: Infinity, settings, timings: pacerTimings(settings) };
}

const PHASE_ORDER: readonly PacerPhase[] = ['inhale', 'hold-in', 'exhale', 'hold-out'];

/**
 * Calls `fn(phase, letGo, t0, t1)` for every pacer phase stretch of `run` overlapping [fromS, toS), clipped, in time
 * order. Returns the number of stretches. Stops after `maxSegments` (guards absurd windows).
 */
export function forEachPacerSegment(run: PacerRun, fromS: number, toS: number, fn: (phase: PacerPhase, letGo: boolean, t0: number, t1: number) => void, maxSegments = 2000): number {
  const a = Math.max(fromS, run.startS), b = Math.min(toS, run.endS);
  if (!(b > a)) return 0;
  const tm = run.timings;
  const p = tm.periodS;
  const d0 = tm.inhaleS, d1 = tm.holdInS, d2 = tm.exhaleS, d3 = tm.holdOutS;
  let k = Math.floor((a - run.startS) / p);
  let n = 0;
  for (; n < maxSegments; k++) {
    const base = run.startS + k * p;
    if (base >= b) break;
    let s = base;
    for (let i = 0; i < 4; i++) {
      const d = i === 0 ? d0 : i === 1 ? d1 : i === 2 ? d2 : d3;
      const e = s + d;
      if (d > 0 && e > a && s < b) {
        const phase = PHASE_ORDER[i]!;
        fn(phase, phase === run.settings.letGoPhase, Math.max(a, s), Math.min(b, e));
        n++;
      }
      s = e;
    }
  }
  return n;
}
