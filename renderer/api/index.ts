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

export function getApi(): LoslatenApi {
  if (api) return api;
  if (window.loslaten) api = window.loslaten;
  else {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    // With shared memory available, sample frames go to an intake worker on their own socket.
    api = createWsApi(token, globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function');
  }
  return api;
}
