// Tells the Demo sensor's simulated patient what the running exercise asks (let go, squeeze, breathe with the guide)
// so the demo behaves like a person doing the exercise. Real sensors are never told anything.
import type { CommandRequest } from '../../api/contract.ts';
import { pacerTimings } from '../../training/pacer.ts';
import { getApi } from '../api/index.ts';
import { engine } from '../biofeedback/engine.ts';
import { useUi } from '../state/ui-store.ts';

type Cue = CommandRequest<'demoFollow'>['cue'];

/** The cue for now: the running phase's target and kind, the breathing guide's timing; null when nothing runs. */
export function currentCue(): Cue {
  const view = engine.runnerView();
  const run = engine.pacerRun();
  const phase = view && view.status === 'running' ? view.phase : null;
  const t = run ? pacerTimings(run.settings) : null;
  const pacer = run && t ? { inhaleS: t.inhaleS, holdInS: t.holdInS, exhaleS: t.exhaleS, holdOutS: t.holdOutS, elapsedS: Math.max(0, engine.frameState.tS - run.startS) } : null;
  if (phase) return { target: phase.target, kind: phase.kind, pacer };
  if (view && view.status === 'paused') return { target: 'relax', kind: 'rest', pacer };
  return pacer ? { target: 'relax', kind: 'downtrain', pacer } : null;
}

/** What makes a cue different (the pacer's elapsed time only matters when the guide starts or changes). */
function signature(c: Cue): string {
  if (!c) return 'none';
  const p = c.pacer;
  return `${c.target}|${c.kind ?? ''}|${p ? `${p.inhaleS},${p.holdInS},${p.exhaleS},${p.holdOutS},${engine.pacerRun()?.startS ?? ''}` : ''}|${engine.runnerView()?.phaseIndex ?? -1}`;
}

/** Starts telling the Demo sensor (checked at 4 Hz, sent on change). Returns the disconnect. */
export function followWithDemo(): () => void {
  let last = 'none';
  return engine.add({
    slow() {
      const dev = useUi.getState().status?.deviceId ?? '';
      if (!dev.startsWith('demo:')) { last = 'none'; return; }
      const cue = currentCue();
      const sig = signature(cue);
      if (sig === last) return;
      last = sig;
      void getApi().demoFollow({ cue });
    },
  });
}
