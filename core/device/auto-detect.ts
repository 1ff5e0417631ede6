// Auto-detects the device on a port with the harmless steps of devices/probes.ts: listen, then one probe by hint.
import { SerialPort } from 'serialport';
import type { DriverId } from '../../devices/driver.ts';
import type { PortHint } from '../../devices/port-hints.ts';
import { classifyListened, LISTEN_MS, PROBE_ANSWER_MS, probeFor } from '../../devices/probes.ts';

/** Most bytes kept while listening (a flood cannot grow memory). */
const MAX_LISTEN_BYTES = 64 * 1024;

export interface Detection {
  readonly driver: DriverId | null;
  /** How it was found: what the device sent unasked, its answer to the probe, or nothing. */
  readonly by: 'listening' | 'probe' | 'none';
  /** Every byte written to the device, in order (the documented probe bytes only). */
  readonly sent: readonly number[];
}

export interface DetectOptions {
  readonly listenMs?: number;
  readonly answerMs?: number;
  readonly makePort?: (path: string, baudRate: number) => SerialPort;
}

async function session(path: string, baud: number, make: DetectOptions['makePort']): Promise<{ port: SerialPort; bytes: () => Uint8Array; clear: () => void }> {
  const port = make ? make(path, baud) : new SerialPort({ path, baudRate: baud, autoOpen: false, lock: true });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  port.on('error', () => undefined);
  const buf = new Uint8Array(MAX_LISTEN_BYTES);
  let n = 0;
  port.on('data', (d: Buffer) => { const k = Math.min(d.length, buf.length - n); buf.set(d.subarray(0, k), n); n += k; });
  return { port, bytes: () => buf.slice(0, n), clear: () => { n = 0; } };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function write(port: SerialPort, bytes: Uint8Array, sent: number[]): Promise<void> {
  if (bytes.length === 0) return;
  sent.push(...bytes);
  await new Promise<void>((r) => { port.write(Buffer.from(bytes)); port.drain(() => r()); });
}

/** Listens on `path`, then sends the one probe `hint` allows; closes the port again. Errors (open failures) throw. */
export async function detectDevice(path: string, hint: PortHint | null, opts: DetectOptions = {}): Promise<Detection> {
  const sent: number[] = [];
  const listenBaud = 115200;
  const s = await session(path, listenBaud, opts.makePort);
  try {
    await wait(opts.listenMs ?? LISTEN_MS);
    const heard = classifyListened(s.bytes());
    if (heard) return { driver: heard, by: 'listening', sent };
    const probe = probeFor(hint);
    if (!probe || probe.answerMeans === 'll1') {
      if (!probe) return { driver: null, by: 'none', sent };
    } else {
      s.clear();
      await write(s.port, probe.send, sent);
      await wait(opts.answerMs ?? PROBE_ANSWER_MS);
      const text = String.fromCharCode(...s.bytes().subarray(0, 4096));
      await write(s.port, probe.after, sent);
      return { driver: probe.recognise(text) ? probe.answerMeans : null, by: probe.recognise(text) ? 'probe' : 'none', sent };
    }
  } finally {
    await new Promise<void>((r) => (s.port.isOpen ? s.port.close(() => r()) : r()));
  }
  // The LL1 probe at LL1's speed (USB CDC boards ignore it; UART bridges need it).
  const probe = probeFor(hint)!;
  const l = await session(path, 921600, opts.makePort);
  try {
    await write(l.port, probe.send, sent);
    await wait(opts.answerMs ?? PROBE_ANSWER_MS);
    const text = String.fromCharCode(...l.bytes().subarray(0, 4096));
    const ok = probe.recognise(text);
    return { driver: ok ? 'll1' : null, by: ok ? 'probe' : 'none', sent };
  } finally {
    await new Promise<void>((r) => (l.port.isOpen ? l.port.close(() => r()) : r()));
  }
}
