// Renderer entry: connects the live store (with processing settings) and the feedback wiring, then mounts the React app.
import './zod-setup.ts'; // first: zod must not probe for eval (the CSP forbids it)
import { Profiler, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { getApi } from './api/index.ts';
import { startLive } from './live/live-data.ts';
import { useUi } from './state/ui-store.ts';
import { useFeedback } from './state/feedback-store.ts';
import { connectFeedback } from './biofeedback/wiring.ts';
import { countRender } from './app/render-count.ts';
import { recordSessionEvents } from './exercises/record-events.ts';
import { recordExercises } from './exercises/exercise-recording.ts';
import { followWithDemo } from './exercises/demo-cues.ts';
import './styles.css';
import { useSettings } from './state/settings-store.ts';
import { listenForShellRequests } from './app/shell-events.ts';

startLive(getApi(), (s) => useUi.getState().setStatus(s), useFeedback.getState().processing);
connectFeedback();
getApi().onHostConnection?.((connected) => useUi.getState().setHostLost(!connected));
recordSessionEvents(getApi());
recordExercises();
followWithDemo();
void useSettings.getState().load(); // language, look and profile defaults from the core's settings files
listenForShellRequests();
createRoot(document.getElementById('root')!).render(<StrictMode><Profiler id="app" onRender={countRender}><App /></Profiler></StrictMode>);
