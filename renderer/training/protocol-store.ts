// User-defined protocols kept in localStorage (versioned key), every entry re-validated with training/protocol-schema on load.
import { parseProtocol, parseProtocolText, type ProtocolLoadError } from '../../training/protocol-schema.ts';
import type { Protocol } from '../../training/protocols.ts';
import type { KeyValueStorage } from '../calibration/store.ts';

export const PROTOCOLS_KEY = 'loslaten.protocols.v1';
/** Most user protocols kept. */
export const MAX_USER_PROTOCOLS = 50;

function storage(s?: KeyValueStorage): KeyValueStorage | null {
  return s ?? (globalThis.localStorage as KeyValueStorage | undefined) ?? null;
}

/** Stored user protocols; entries that no longer validate are dropped (and counted). */
export function loadUserProtocols(s?: KeyValueStorage): { protocols: Protocol[]; dropped: number } {
  const text = storage(s)?.getItem(PROTOCOLS_KEY) ?? null;
  if (!text) return { protocols: [], dropped: 0 };
  let arr: unknown;
  try { arr = JSON.parse(text); } catch { return { protocols: [], dropped: 1 }; }
  if (!Array.isArray(arr)) return { protocols: [], dropped: 1 };
  const protocols: Protocol[] = [];
  let dropped = 0;
  for (const v of arr.slice(0, MAX_USER_PROTOCOLS)) {
    const r = parseProtocol(v);
    if (r.ok) protocols.push(r.value); else dropped++;
  }
  return { protocols, dropped };
}

/**
 * Validates protocol file text and saves it (replacing a user protocol with the same id). Built-in ids are refused
 * by the caller's check `reservedIds`.
 */
export function importProtocol(text: string, reservedIds: ReadonlySet<string>, s?: KeyValueStorage):
  { ok: true; value: Protocol } | { ok: false; error: ProtocolLoadError | { kind: 'reserved-id'; id: string } | { kind: 'write-failed' } } {
  const r = parseProtocolText(text);
  if (!r.ok) return r;
  if (reservedIds.has(r.value.id)) return { ok: false, error: { kind: 'reserved-id', id: r.value.id } };
  const st = storage(s);
  if (!st) return { ok: false, error: { kind: 'write-failed' } };
  const list = loadUserProtocols(s).protocols.filter((p) => p.id !== r.value.id);
  list.push(r.value);
  try { st.setItem(PROTOCOLS_KEY, JSON.stringify(list.slice(-MAX_USER_PROTOCOLS))); } catch { return { ok: false, error: { kind: 'write-failed' } }; }
  return { ok: true, value: r.value };
}

/** Removes a user protocol by id. */
export function removeUserProtocol(id: string, s?: KeyValueStorage): void {
  const st = storage(s);
  if (!st) return;
  st.setItem(PROTOCOLS_KEY, JSON.stringify(loadUserProtocols(s).protocols.filter((p) => p.id !== id)));
}
