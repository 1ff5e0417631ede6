// Picks the transport: the Electron preload bridge when present, else the local WebSocket host.
import type { LoslatenApi } from '../../api/contract.ts';
import { createWsApi } from './ws-transport.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge). */
    loslaten?: LoslatenApi;
  }
}

let api: LoslatenApi | null = null;

/** Key of the host token in this tab's session storage (not in the address bar, the history or a bookmark). */
const TOKEN_KEY = 'loslaten.token';

/**
 * The web host's per-run token: read once from the address (`?token=`), then removed from it with
 * `history.replaceState` so it does not stay in the address bar, the history or a shared screenshot. A reload of the
 * same tab finds it in session storage.
 */
export function takeToken(): string {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl !== null) {
    try { sessionStorage.setItem(TOKEN_KEY, fromUrl); } catch { /* storage off: the token still works for this page */ }
    params.delete('token');
    const rest = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    return fromUrl;
  }
  try { return sessionStorage.getItem(TOKEN_KEY) ?? ''; } catch { return ''; }
}

export function getApi(): LoslatenApi {
  if (api) return api;
  if (window.loslaten) api = window.loslaten;
  else {
    const token = takeToken();
    // With shared memory available, sample frames go to an intake worker on their own socket.
    api = createWsApi(token, globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function');
  }
  return api;
}
