// What sits between the status and the session, by mode: repaired-settings notice, safety, first-run guide, home or the day queue and patients.
import { RepairedNotice } from '../help/RepairedNotice.tsx';
import { SafetyScreen } from '../help/SafetyScreen.tsx';
import { PatientsPanel } from '../patients/PatientsPanel.tsx';
import { QueuePanel } from '../patients/QueuePanel.tsx';
import { useSettings } from '../settings/settings-store.ts';
import { FirstRunGuide } from './FirstRunGuide.tsx';
import { ProgressCard, RelaxCard } from './HomePanel.tsx';

export function Experience() {
  const loaded = useSettings((s) => s.loaded);
  const mode = useSettings((s) => s.app.mode);
  const guiding = useSettings((s) => s.app.mode === 'home' && !s.app.firstRunDone);
  if (!loaded) return null;
  return (
    <div className="experience" data-testid="experience" data-mode={mode}>
      <RepairedNotice />
      <SafetyScreen />
      <FirstRunGuide />
      {mode === 'home' && !guiding && <div className="home-cards"><RelaxCard /><ProgressCard /></div>}
      {mode === 'therapist' && <><QueuePanel /><PatientsPanel /></>}
    </div>
  );
}
