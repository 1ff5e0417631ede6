// Renderer entry: connects the live store and status to the API, then mounts the React app.
import './zod-setup.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { getApi } from './api/index.ts';
import { startLive } from './live/live-data.ts';
import { useUi } from './state/ui-store.ts';
import './styles.css';

startLive(getApi(), (s) => useUi.getState().setStatus(s));
createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
