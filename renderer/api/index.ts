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
    api = createWsApi(token);
  }
  return api;
}
