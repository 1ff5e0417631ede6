// What a serial port probably is, from its USB ids and name, and which drivers fit it (the user can always choose).
import type { DriverId } from './driver.ts';

export type PortHint = 'cyton' | 'arduino' | 'usb-serial' | 'bitalino';

export interface PortGuess {
  /** Why: `cyton` an FTDI chip like the OpenBCI dongle's; `arduino` an Arduino board; `usb-serial` a CH340/CP210x
   *  adapter; `bitalino` a Bluetooth serial port. Null when nothing is known. */
  readonly hint: PortHint | null;
  /** Drivers to offer, most likely first (always all four, in a sensible order). */
  readonly drivers: readonly DriverId[];
}

export interface PortFacts {
  readonly path: string;
  readonly manufacturer?: string | null;
  readonly vendorId?: string | null;
  readonly productId?: string | null;
  /** Friendly name where the OS gives one (Windows: "Standard Serial over Bluetooth link (COM5)"). */
  readonly friendlyName?: string | null;
}

const ALL: readonly DriverId[] = ['ll1', 'cyton', 'bitalino', 'text'];

function order(first: readonly DriverId[]): DriverId[] {
  return [...first, ...ALL.filter((d) => !first.includes(d))];
}

/**
 * USB ids (hex, case-insensitive): FTDI 0403:6015 (FT231X, the OpenBCI dongle) and 0403:6001 (FT232R) → probably an
 * OpenBCI dongle; Arduino 2341:* and 2a03:* → an Arduino (a text stream or a Loslaten LL1 sensor); CH340 1a86:7523 and
 * CP210x 10c4:ea60 → a USB serial adapter (clones, ESP32 boards: text or LL1); a Bluetooth serial port (rfcomm on
 * Linux, "Bluetooth" in its name, `tty.BITalino-…` on macOS) → probably a BITalino.
 */
export function guessPort(p: PortFacts): PortGuess {
  const vid = (p.vendorId ?? '').toLowerCase().replace(/^0x/, '');
  const pid = (p.productId ?? '').toLowerCase().replace(/^0x/, '');
  const name = `${p.path} ${p.manufacturer ?? ''} ${p.friendlyName ?? ''}`;
  if (vid === '0403' && (pid === '6015' || pid === '6001')) return { hint: 'cyton', drivers: order(['cyton']) };
  if (vid === '2341' || vid === '2a03') return { hint: 'arduino', drivers: order(['text', 'll1']) };
  if ((vid === '1a86' && pid === '7523') || (vid === '10c4' && pid === 'ea60')) return { hint: 'usb-serial', drivers: order(['text', 'll1']) };
  if (/rfcomm|bluetooth|bitalino/i.test(name)) return { hint: 'bitalino', drivers: order(['bitalino']) };
  return { hint: null, drivers: ALL };
}
