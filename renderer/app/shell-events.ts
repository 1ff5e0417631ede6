// Requests from outside the page routed to the app: the Electron Help menu and F1 open help, a recording opened from the OS opens in review.
import { getApi } from '../api/index.ts';
import { useHelp } from '../state/help-store.ts';
import { openInReview } from '../state/view-store.ts';

/** Starts listening (once, at start-up); returns the function that stops it. */
export function listenForShellRequests(): () => void {
  const api = getApi();
  const offMenu = api.onShellEvent?.('menu', (e) => { if (e.item === 'help') useHelp.getState().show(); });
  const offOpen = api.onShellEvent?.('open-session', (e) => { openInReview({ profileId: e.profileId, sessionId: e.sessionId }); });
  const onKey = (e: KeyboardEvent) => { if (e.key === 'F1') { e.preventDefault(); useHelp.getState().show(); } };
  window.addEventListener('keydown', onKey);
  return () => { offMenu?.(); offOpen?.(); window.removeEventListener('keydown', onKey); };
}
