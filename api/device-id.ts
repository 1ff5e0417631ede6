// A device id as the contract carries it (`demo:emg`, `demo:pressure`, `serial:<path>`), parsed once into a type.

/** The parsed form: a built-in simulated sensor, or a serial port by its path. */
export type DeviceId =
  | { readonly kind: 'demo'; readonly sensor: 'emg' | 'pressure' }
  | { readonly kind: 'serial'; readonly path: string };

const SERIAL = 'serial:';

/** The id of the serial port at `path` (e.g. /dev/ttyACM0, COM3). */
export function serialDeviceId(path: string): string {
  return SERIAL + path;
}

/** Parses a device id; null when it is none of the known forms (an empty or NUL-containing path included). */
export function parseDeviceId(id: string): DeviceId | null {
  if (id === 'demo:emg') return { kind: 'demo', sensor: 'emg' };
  if (id === 'demo:pressure') return { kind: 'demo', sensor: 'pressure' };
  if (id.startsWith(SERIAL) && id.length > SERIAL.length && !id.includes('\0')) return { kind: 'serial', path: id.slice(SERIAL.length) };
  return null;
}

/** The serial port path of an id, or null for a demo sensor or an unknown id. */
export function serialPathOf(id: string): string | null {
  const d = parseDeviceId(id);
  return d?.kind === 'serial' ? d.path : null;
}

/** The id's string form again. */
export function formatDeviceId(d: DeviceId): string {
  return d.kind === 'demo' ? `demo:${d.sensor}` : serialDeviceId(d.path);
}
