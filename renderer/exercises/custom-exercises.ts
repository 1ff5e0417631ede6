// Custom exercises of a profile: validated with training/protocol-schema and kept in the core's profile settings
// (`customProtocols`); these are the pure list operations the exercise panel saves through the settings store.
import { MAX_CUSTOM_PROTOCOLS } from '../../api/profile-data.ts';
import { parseProtocolText, type ProtocolLoadError } from '../../training/protocol-schema.ts';
import type { Protocol } from '../../training/protocols.ts';

export { MAX_CUSTOM_PROTOCOLS };

export type ImportError = ProtocolLoadError | { kind: 'reserved-id'; id: string } | { kind: 'write-failed' };

/**
 * Validates protocol file text and returns the profile's new list (replacing a custom exercise with the same id;
 * the oldest drop out beyond the limit). Built-in ids are refused.
 */
export function addProtocol(list: readonly Protocol[], text: string, reservedIds: ReadonlySet<string>):
  { ok: true; value: Protocol; list: Protocol[] } | { ok: false; error: ImportError } {
  const r = parseProtocolText(text);
  if (!r.ok) return r;
  if (reservedIds.has(r.value.id)) return { ok: false, error: { kind: 'reserved-id', id: r.value.id } };
  const next = [...list.filter((p) => p.id !== r.value.id), r.value].slice(-MAX_CUSTOM_PROTOCOLS);
  return { ok: true, value: r.value, list: next };
}

/** The list without the custom exercise `id`. */
export function removeProtocol(list: readonly Protocol[], id: string): Protocol[] {
  return list.filter((p) => p.id !== id);
}
