// Serial port discovery: lists ports with USB identity and finds a device again after it moved to another path.
import { serialDeviceId } from '../../api/device-id.ts';
import { SerialPort } from 'serialport';
import { DEMO_DEVICE_IDS, type DeviceInfo } from '../../api/contract.ts';
import { guessPort } from '../../devices/port-hints.ts';

interface PortRow { path: string; manufacturer?: string | undefined; serialNumber?: string | undefined; vendorId?: string | undefined; productId?: string | undefined; friendlyName?: string | undefined; pnpId?: string | undefined }

async function listRaw(): Promise<PortRow[]> {
  try {
    return (await SerialPort.list()) as PortRow[];
  } catch {
    return []; // no enumeration backend (e.g. sandboxed udev): the user can still type a path
  }
}

/** Serial ports (path, manufacturer, serial number, VID/PID) with what each probably is and the drivers to offer. */
export async function listSerialPorts(): Promise<DeviceInfo[]> {
  const rows = await listRaw();
  return rows.map((p) => ({
    id: serialDeviceId(p.path),
    kind: 'serial' as const,
    path: p.path,
    manufacturer: p.manufacturer ?? null,
    serialNumber: p.serialNumber ?? null,
    vendorId: p.vendorId ?? null,
    productId: p.productId ?? null,
    guess: guessPort({ path: p.path, manufacturer: p.manufacturer ?? null, vendorId: p.vendorId ?? null, productId: p.productId ?? null, friendlyName: p.friendlyName ?? p.pnpId ?? null }),
  }));
}

/** The built-in demo sensors, always available. */
export function demoDevices(): DeviceInfo[] {
  return DEMO_DEVICE_IDS.map((id) => ({ id, kind: 'demo' as const, path: null, manufacturer: 'Loslaten', serialNumber: null, vendorId: null, productId: null }));
}

/** USB serial number of the port at `path`, if the OS reports one. */
export async function portSerialNumber(path: string): Promise<string | null> {
  const row = (await listRaw()).find((p) => p.path === path);
  return row?.serialNumber ?? null;
}

/** Current path of the USB device with this serial number, if plugged in. */
export async function findPortBySerialNumber(serialNumber: string): Promise<string | null> {
  const row = (await listRaw()).find((p) => p.serialNumber === serialNumber);
  return row?.path ?? null;
}
