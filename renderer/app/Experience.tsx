// What sits between the status and the session, by mode: repaired-settings notice, safety, first-run guide, home or the day queue and patients.
import { useState } from 'react';
import { RepairedNotice } from '../help/RepairedNotice.tsx';
import { SafetyScreen } from '../help/SafetyScreen.tsx';
import { PatientsPanel } from '../patients/PatientsPanel.tsx';
import { QueuePanel } from '../patients/QueuePanel.tsx';
import { useSettings } from '../state/settings-store.ts';
import { FirstRunGuide } from '../home/FirstRunGuide.tsx';
import { useFeedback } from '../state/feedback-store.ts';
import { useT } from '../i18n/use-t.ts';
import { ProgressCard, RelaxCard } from '../home/HomePanel.tsx';

export function Experience() {
  const loaded = useSettings((s) => s.loaded);
  const mode = useSettings((s) => s.app.mode);
  const guiding = useSettings((s) => s.app.mode === 'home' && !s.app.firstRunDone);
  // While an exercise runs, the trace, the step and the figures fill the first screen: the lists fold away.
  const exercising = useFeedback((s) => s.protocol.status === 'running' || s.protocol.status === 'paused');
  const t = useT();
  const [showLists, setShowLists] = useState(false);
  if (!loaded) return null;
  return (
    <div className="experience" data-testid="experience" data-mode={mode}>
      <RepairedNotice />
      <SafetyScreen />
      <FirstRunGuide />
      {mode === 'home' && !guiding && <div className="home-cards"><RelaxCard /><ProgressCard /></div>}
      {mode === 'therapist' && (
        // One tree either way (the queue watches the recording to mark the patient done): folded, not unmounted.
        <div className="therapist-lists" data-testid="therapist-lists" data-folded={exercising && !showLists ? 'yes' : 'no'}>
          {exercising && <button type="button" className="link" data-testid="lists-toggle" aria-expanded={showLists} onClick={() => setShowLists(!showLists)}>{t('exp.listsFolded')}</button>}
          <div hidden={exercising && !showLists}><QueuePanel /><PatientsPanel /></div>
        </div>
      )}
    </div>
  );
}
