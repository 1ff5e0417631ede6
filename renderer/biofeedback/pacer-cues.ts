// The breathing guide's state at the frame's time, and a sound cue when inhale or exhale begins.
import { pacerPhaseAt, type PacerPhase } from '../../training/pacer.ts';
import type { PacerRun } from './pacer-shading.ts';

/** The pacer fields of a frame this class writes. */
export interface PacerFields {
  pacerPhase: PacerPhase | null;
  pacerProgress01: number;
  pacerLetGo: boolean;
}

export class PacerCues {
  private last: PacerPhase | null = null;

  constructor(private readonly cue: (phase: 'inhale' | 'exhale') => void) {}

  /** Writes the state of `run` at `smoothS` (s on the sample clock) into `f` (cleared when the pacer is off); cues a new inhale/exhale. */
  update(run: PacerRun | null, smoothS: number, f: PacerFields): void {
    if (!run) { f.pacerPhase = null; f.pacerProgress01 = 0; f.pacerLetGo = false; this.last = null; return; }
    const p = pacerPhaseAt(run.settings, Math.max(0, smoothS - run.startS));
    f.pacerPhase = p.phase; f.pacerProgress01 = p.progress01; f.pacerLetGo = p.letGo;
    if (p.phase !== this.last && (p.phase === 'inhale' || p.phase === 'exhale')) this.cue(p.phase);
    this.last = p.phase;
  }
}
