// Which sensor the picker offers first (pure: tested without a DOM).
import type { DeviceInfo } from '../../api/contract.ts';

/**
 * The device chosen before the user chooses: a port that is likely a sensor (a USB device we recognise, or any USB
 * serial device), else the Demo sensor. A built-in port such as /dev/ttyS0 or COM1 (no USB ids) is never preselected.
 */
export function preselect(devices: readonly DeviceInfo[]): string {
  const likely = devices.find((d) => d.kind === 'serial' && (d.guess?.hint != null || d.vendorId !== null));
  return likely?.id ?? devices.find((d) => d.id === 'demo:emg')?.id ?? devices[0]?.id ?? '';
}
