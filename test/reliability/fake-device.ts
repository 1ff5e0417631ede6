// Scripted devices on the device end of a socat pty: an LL1 streamer that can change its header, and a garbage flood.
import { randomFillSync } from 'node:crypto';
import { SerialPort } from 'serialport';
import { encodeHeader, encodeSample, type StreamHeader } from '../../firmware-protocol/codec.ts';

/** Deterministic raw value of channel `c` at sample `i` of stream number `s`, inside the channel's raw range. */
export function rawOf(h: StreamHeader, s: number, c: number, i: number): number {
  const ch = h.channels[c]!;
  const span = Math.min(ch.rawMax - ch.rawMin + 1, 20001);
  return ch.rawMin + ((i * 37 + c * 101 + s * 1009) % span);
}

async function openPort(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 921600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  port.on('error', () => undefined);
  return port;
}

/**
 * An LL1 device in real time: answers START with its header, then sends `rateHz / 100` samples every 10 ms and the
 * header once per second. `switchTo` makes it announce another header and restart its sequence at 0.
 */
export class ScriptedLl1Device {
  streamNo = 0;
  header: StreamHeader;
  sent = 0;
  private port: SerialPort | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private started = false;
  private ticks = 0;
  private frac = 0;

  constructor(private readonly path: string, header: StreamHeader) { this.header = header; }

  async open(): Promise<this> {
    const port = await openPort(this.path);
    this.port = port;
    port.on('data', (d: Buffer) => {
      if (!this.started && d.toString('latin1').includes('START')) {
        this.started = true;
        port.write(encodeHeader(this.header) + '\r\n');
      }
    });
    this.timer = setInterval(() => this.tick(), 10);
    return this;
  }

  switchTo(h: StreamHeader): void {
    this.header = h;
    this.streamNo++;
    this.sent = 0;
    this.frac = 0;
    this.port?.write(encodeHeader(h) + '\r\n');
  }

  private tick(): void {
    if (!this.started || !this.port) return;
    if (++this.ticks % 100 === 0) this.port.write(encodeHeader(this.header) + '\r\n');
    this.frac += this.header.rateHz / 100;
    let out = '';
    for (; this.frac >= 1; this.frac--) {
      const raws: number[] = [];
      for (let c = 0; c < this.header.channels.length; c++) raws.push(rawOf(this.header, this.streamNo, c, this.sent));
      out += encodeSample(this.sent & 0xffff, raws) + '\r\n';
      this.sent++;
    }
    if (out) this.port.write(out);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const p = this.port;
    this.port = null;
    if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
  }
}

/**
 * Writes random bytes as fast as the pty takes them (waiting for drain only). `noNewline` replaces every `\n`
 * so no line ever ends (a wrong-baud-rate flood).
 */
export class GarbageFlood {
  written = 0;
  private port: SerialPort | null = null;
  private running = false;

  constructor(private readonly path: string, private readonly noNewline = false) {}

  async open(): Promise<this> {
    this.port = await openPort(this.path);
    this.running = true;
    const buf = Buffer.alloc(64 * 1024);
    const pump = (): void => {
      const p = this.port;
      if (!this.running || !p) return;
      randomFillSync(buf);
      if (this.noNewline) for (let i = 0; i < buf.length; i++) if (buf[i] === 10) buf[i] = 0xff;
      this.written += buf.length;
      if (p.write(Buffer.from(buf))) setImmediate(pump);
      else p.once('drain', pump);
    };
    pump();
    return this;
  }

  async close(): Promise<void> {
    this.running = false;
    const p = this.port;
    this.port = null;
    if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
  }
}
