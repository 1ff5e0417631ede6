// `loslaten ports` as text: each port with what it probably is and the --device to try, from devices/port-hints.ts.
import type { DeviceInfo } from '../api/contract.ts';
import type { PortHint } from '../devices/port-hints.ts';

/** What a port hint means, in words. */
const PROBABLY: Readonly<Record<PortHint, string>> = {
  cyton: 'probably an OpenBCI Cyton (FTDI dongle)',
  arduino: 'probably an Arduino (a text stream or an LL1 sensor)',
  'usb-serial': 'probably a USB serial adapter (a text stream or an LL1 sensor)',
  bitalino: 'probably a BITalino (Bluetooth serial port)',
};

/** One line per port: `path  what it probably is  --device to try  [manufacturer, serial, vid:pid]`. */
export function formatPorts(ports: readonly DeviceInfo[]): string {
  return ports.map((p) => {
    if (p.kind === 'demo') return `${p.id}\tbuilt-in Demo sensor (LL1)\t--port ${p.id}`;
    const g = p.guess;
    const what = g?.hint ? PROBABLY[g.hint] : 'unknown device';
    // A Cyton dongle or a Bluetooth port has one fitting driver; an Arduino or adapter two (text, LL1).
    const tryDevice = g?.hint ? `--device ${g.drivers.slice(0, g.hint === 'arduino' || g.hint === 'usb-serial' ? 2 : 1).join('|')}` : '--device auto';
    const ids = [p.manufacturer, p.serialNumber, p.vendorId && `${p.vendorId}:${p.productId}`].filter((x) => x).join('  ');
    return [p.path ?? p.id, what, tryDevice, ids].filter((x) => x).join('\t');
  }).join('\n');
}
