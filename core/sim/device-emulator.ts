// Runs one of the device emulators (devices/emulators.ts) on a serial device path: host bytes in, frames out in real time.
import { SerialPort } from 'serialport';
import { BitalinoEmulator, CytonEmulator, TextEmulator, type DeviceEmulator, type FaultPlan } from '../../devices/emulators.ts';

/** Timer period of the device clock, ms. */
const TICK_MS = 5;
/** Output queued in Node beyond this (nobody reading the other end) is dropped, like a full device FIFO. */
const MAX_QUEUED_BYTES = 1 << 20;

export type EmulatedDevice = 'cyton' | 'bitalino' | 'text';

export interface EmulatorOptions {
  readonly device: EmulatedDevice;
  readonly faults?: FaultPlan;
  /** Text stream only: lines per second and values per line. */
  readonly rateHz?: number;
  readonly columns?: number;
  readonly separator?: string;
  /** Text stream only: fixed printed values per column (a steady sensor). */
  readonly constant?: readonly number[];
}

export function makeEmulator(o: EmulatorOptions): DeviceEmulator {
  switch (o.device) {
    case 'cyton': return new CytonEmulator(o.faults);
    case 'bitalino': return new BitalinoEmulator(o.faults);
    case 'text': return new TextEmulator(o.rateHz ?? 500, o.columns ?? 2, o.faults, o.separator, o.constant);
  }
}

/** An emulator attached to the device end of a port (a socat pty). `close()` stops it. */
export class EmulatorOnPort {
  readonly emulator: DeviceEmulator;
  private port: SerialPort | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  dropped = 0;

  constructor(private readonly path: string, opts: EmulatorOptions) { this.emulator = makeEmulator(opts); }

  async open(): Promise<this> {
    const port = new SerialPort({ path: this.path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    port.on('error', () => undefined);
    this.port = port;
    port.on('data', (d: Buffer) => {
      this.send(this.emulator.advance(performance.now())); // frames due before the command keep their place
      this.send(this.emulator.receive(d));
    });
    this.timer = setInterval(() => this.send(this.emulator.advance(performance.now())), TICK_MS);
    return this;
  }

  private send(bytes: Uint8Array | null): void {
    if (!bytes || !this.port?.isOpen) return;
    if (this.port.writableLength > MAX_QUEUED_BYTES) { this.dropped += bytes.length; return; }
    this.port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const p = this.port;
    this.port = null;
    if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
  }
}
