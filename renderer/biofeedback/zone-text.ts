// Words for the in-zone indicator: which message describes a zone under the active target.
import type { MessageKey } from '../i18n/messages.ts';
import type { TargetKind, Zone } from './targets.ts';

/** Message key for a zone under a target (null target = just watch). */
export function zoneKey(zone: Zone, target: TargetKind | null, hasSignal: boolean): MessageKey {
  if (!hasSignal) return 'zone.wait';
  if (!target || zone === 'none') return 'zone.none';
  if (target === 'relax') return zone === 'in' ? 'zone.relax.in' : 'zone.relax.above';
  return zone === 'in' ? 'zone.contract.in' : zone === 'below' ? 'zone.contract.below' : 'zone.contract.above';
}
