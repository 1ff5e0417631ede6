// Auto-detection that is harmless to every device: listen first, then at most one probe chosen by the port's hint.
//
// Bytes are commands (REFERENCE.md): a Cyton acts on every printable character (`INFO` holds an `F`, `START` an `S`
// and an `A`: letters that start SD-card logging), a BITalino on every byte (`I` = 0x49 starts live acquisition). So:
//
// | step            | bytes sent            | when                               | why it is safe                                   |
// |-----------------|-----------------------|------------------------------------|--------------------------------------------------|
// | listen          | none                  | always, first                      | nothing is sent. A device already streaming      |
// |                 |                       |                                    | (text sketch, running Cyton/BITalino/LL1) is     |
// |                 |                       |                                    | recognised by what it sends.                     |
// | Cyton probe     | `v` then `s`          | port hint `cyton` (FTDI dongle     | only OpenBCI boards sit behind that dongle: `v`  |
// |                 |                       | 0403:6015/6001)                    | is their soft reset (answer ends `$$$`), `s`     |
// |                 |                       |                                    | stops streaming. Neither touches the SD card.    |
// | BITalino probe  | `0x07`                | port hint `bitalino` (Bluetooth    | 0x07 asks a BITalino its version (answer ends    |
// |                 |                       | serial port)                       | `\n`); an LL1 sensor on a Bluetooth adapter sees |
// |                 |                       |                                    | an unfinished line it never acts on.             |
// | LL1 probe       | `INFO\n`              | port hint `arduino`/`usb-serial`   | no Cyton or BITalino sits behind those chips;    |
// |                 |                       | (Arduino, CH340, CP210x)           | LL1 answers `@…`, a text sketch does not read.   |
//
// Nothing else is ever sent, nothing is sent to a port without a hint, and no probe starts a stream (INFO is not
// START; `v` resets a Cyton to stopped), so every device is left stopped.
import { checkFrame } from '../firmware-protocol/codec.ts';
import { BITALINO_DEFAULTS, BitalinoDriver } from './bitalino.ts';
import { CytonDriver } from './cyton.ts';
import { ascii, type DriverId } from './driver.ts';
import type { PortHint } from './port-hints.ts';

/** How long to listen before probing, ms (a text sketch prints several lines; a streaming Cyton 250 packets/s). */
export const LISTEN_MS = 1500;
/** How long to wait for a probe's answer, ms. */
export const PROBE_ANSWER_MS = 1500;

export interface Probe {
  /** Bytes written to the device. */
  readonly send: Uint8Array;
  /** Bytes written after the answer window, whatever came (leave it stopped). */
  readonly after: Uint8Array;
  /** What an answer means. */
  readonly answerMeans: DriverId;
  /** True when the received text is this device's answer. */
  readonly recognise: (text: string) => boolean;
}

/** The one probe a hint allows (null: listen only). */
export function probeFor(hint: PortHint | null): Probe | null {
  switch (hint) {
    case 'cyton': return { send: ascii('v'), after: ascii('s'), answerMeans: 'cyton', recognise: (t) => t.includes('$$$') && /OpenBCI/i.test(t) };
    case 'bitalino': return { send: Uint8Array.of(0x07), after: new Uint8Array(0), answerMeans: 'bitalino', recognise: (t) => /BITalino/i.test(t) && t.includes('\n') };
    case 'arduino': case 'usb-serial': return { send: ascii('INFO\n'), after: new Uint8Array(0), answerMeans: 'll1', recognise: (t) => t.split('\n').some((l) => l.startsWith('@') && validLl1(l)) };
    default: return null;
  }
}

function validLl1(line: string): boolean {
  const b = Uint8Array.from(line.replace(/\r$/, ''), (c) => c.charCodeAt(0) & 0xff);
  return checkFrame(b, b.length) > 0;
}

/**
 * What a device that sent `bytes` unasked is: LL1 (lines with valid `*HH` checksums), Cyton (packets that decode),
 * BITalino with the default inputs (frames that decode), a text stream (lines of numbers), or null.
 */
export function classifyListened(bytes: Uint8Array): DriverId | null {
  if (bytes.length === 0) return null;
  const cy = new CytonDriver({});
  cy.push(bytes, bytes.length, 0);
  cy.flush();
  if (cy.counters.samples >= 3) return 'cyton';
  const text = String.fromCharCode(...bytes.subarray(0, 8192));
  const lines = text.split('\n').slice(1, -1).map((l) => l.replace(/\r$/, '')); // first and last may be torn
  if (lines.filter(validLl1).length >= 2) return 'll1';
  if (lines.length >= 3 && lines.filter((l) => /^\s*[-+]?\d+(\.\d+)?([\s,;\t]+[-+]?\d+(\.\d+)?)*\s*$/.test(l)).length >= lines.length * 0.8) return 'text';
  const d = new BitalinoDriver({}, BITALINO_DEFAULTS);
  d.push(bytes, bytes.length, 0);
  d.flush();
  if (d.counters.samples >= 10 && d.counters.samples > d.counters.rejected['crc']! * 4) return 'bitalino';
  return null;
}
