// A serial port as a source: serialport opened and locked, read at a paced cadence into the driver's framing.
import { readSync } from 'node:fs';
import { SerialPort, type SerialPortMock } from 'serialport';
import type { Result } from '../../api/contract.ts';
import { BoundedLineSplitter } from './line-splitter.ts';
import { ReadlineLines } from './readline-lines.ts';
import { classifySerialError, type Framing, type LineSource, type LineSourceHandlers } from './line-source.ts';

/** What a read is fed to: a line splitter (lines to `onLine`) or nothing (bytes to `onBytes`). */
interface Framer { feed(chunk: Uint8Array, length: number): void; readonly bytesIn: number }

/** Byte framing: the read goes to the driver as it is. */
class RawBytes implements Framer {
  bytesIn = 0;
  constructor(private readonly sink: (chunk: Uint8Array, length: number) => void) {}
  feed(chunk: Uint8Array, length: number): void { this.bytesIn += length; this.sink(chunk, length); }
}

/**
 * Minimum time between two reads, ms. A device that writes every few ms would otherwise cost two thread-pool
 * round trips per burst; reading at display rate gathers the bursts (the kernel buffers them) at a fraction of the
 * CPU, and each read is decoded and emitted at once.
 */
export const READ_INTERVAL_MS = 15;
/**
 * Bytes read at most per read, into one buffer kept for the port's lifetime: 16 KiB holds more than 150 ms of a
 * 921600-baud line.
 */
const READ_BYTES = 16_384;
/**
 * Longest time one poll tick keeps reading, ms. A tty hands out at most its line-discipline buffer (4 KiB) per read,
 * so one read per tick capped the link at ~270 KB/s: a noisy or flooding device (native USB is not limited by a baud
 * rate) then backed up in the kernel until the device blocked or dropped. Each tick now reads until the kernel has
 * nothing left, bounded by this budget so the event loop (timers, the UI lanes) still runs during a flood.
 */
export const READ_BUDGET_MS = 40;

type BindingError = Error & { canceled?: boolean; disconnect?: boolean; code?: string };

/** Makes the (unopened) port: serialport's real one, or its in-memory `SerialPortMock` in tests. */
export type PortMaker = (path: string, baudRate: number) => SerialPort | SerialPortMock;

const realPort: PortMaker = (path, baudRate) => new SerialPort({ path, baudRate, autoOpen: false, lock: true });

export class SerialLineSource implements LineSource {
  private port: SerialPort | SerialPortMock | null = null;
  private parser: Framer | null = null;
  private closing = false;
  /** Receive time of the read being split, ms since epoch (one clock read per read, not per line). */
  private readAtMs = 0;
  /** Exceptions thrown while decoding what was read (a bug downstream); the port stays open. */
  processingErrors = 0;

  /**
   * @param baudRate serial speed in baud (default 921600 set by the caller).
   * @param framing how reads are cut: LL1's own splitter, the real ReadlineParser (text streams), or raw bytes.
   */
  constructor(readonly path: string, private readonly baudRate: number, private readonly framing: Framing = { kind: 'll1' }, private readonly makePort: PortMaker = realPort) {}

  get bytesIn(): number { return this.parser?.bytesIn ?? 0; }
  /** The POSIX poll loop ticks at READ_INTERVAL_MS and calls `onPoll` (elsewhere reads wait for data). */
  readonly pollIntervalMs = process.platform !== 'win32' ? READ_INTERVAL_MS : undefined;

  open(h: LineSourceHandlers): Promise<Result<null>> {
    this.closing = false;
    const port = this.makePort(this.path, this.baudRate);
    return new Promise((resolve) => {
      port.open((err) => {
        if (err) { resolve({ ok: false, error: classifySerialError(this.path, err) }); return; }
        const f = this.framing;
        const toLine = (line: Uint8Array, length: number): void => h.onLine(line, length, this.readAtMs);
        const parser: Framer = f.kind === 'll1' ? new BoundedLineSplitter(toLine)
          : f.kind === 'readline' ? new ReadlineLines(f.maxLineBytes, toLine)
          : new RawBytes((chunk, length) => h.onBytes?.(chunk, length, this.readAtMs));
        this.port = port;
        this.parser = parser;
        port.on('error', () => { /* reported by the read loop; an 'error' without a listener would crash */ });
        const fd = (port.port as { fd?: unknown } | undefined)?.fd;
        if (process.platform !== 'win32' && typeof fd === 'number') this.pollLoop(port, fd, parser, h);
        else void this.readLoop(port, parser, h);
        resolve({ ok: true, value: null });
      });
    });
  }

  /**
   * POSIX: the port's fd is non-blocking, so a read on the main thread either returns what the kernel buffered or
   * EAGAIN at once. Polling it at READ_INTERVAL_MS costs one syscall per tick instead of two thread-pool round trips
   * per burst (measured: about a third of the CPU of serialport's stream reading at 2 kHz × 2 channels).
   */
  private pollLoop(port: SerialPort | SerialPortMock, fd: number, parser: Framer, h: LineSourceHandlers): void {
    const scratch = Buffer.allocUnsafe(READ_BYTES);
    const timer = setInterval(() => {
      if (this.port !== port) { clearInterval(timer); return; }
      let got = false;
      const until = performance.now() + READ_BUDGET_MS;
      const lost = (code: string | undefined, detail: string): void => {
        clearInterval(timer);
        if (this.port !== port || this.closing) return;
        this.port = null;
        port.close(() => undefined);
        h.onClose(code === 'EIO' || code === 'ENXIO' || code === 'EBADF' || code === 'ENODEV' ? 'unplugged' : 'closed', detail);
      };
      for (;;) {
        let n: number;
        try {
          n = readSync(fd, scratch, 0, READ_BYTES, null);
        } catch (e) {
          const err = e as BindingError;
          if (err.code === 'EAGAIN' || err.code === 'EWOULDBLOCK' || err.code === 'EINTR') break;
          lost(err.code, err.message);
          return;
        }
        // A non-blocking tty says EAGAIN when empty; 0 bytes means hang-up (unplugged, or the pty's other side closed).
        if (n === 0) { lost('EIO', 'hang-up'); return; }
        got = true;
        this.readAtMs = Date.now();
        // Split at once: the parser copies each line out, so the scratch buffer is free again after this call. Only
        // the read above can say the port is gone: an exception while decoding is counted, never taken for an unplug.
        try { parser.feed(scratch, n); } catch { this.processingErrors++; }
        if (performance.now() >= until) break;
      }
      if (got) h.onChunkEnd();
      h.onPoll();
    }, READ_INTERVAL_MS);
  }

  /** Other platforms: serialport's binding read, paced the same way. */
  private async readLoop(port: SerialPort | SerialPortMock, parser: Framer, h: LineSourceHandlers): Promise<void> {
    const binding = port.port;
    if (!binding) return;
    let last = 0;
    let full = false;
    const buf = Buffer.allocUnsafe(READ_BYTES);
    for (;;) {
      const wait = last + READ_INTERVAL_MS - performance.now();
      if (wait > 0 && !full) await new Promise((r) => setTimeout(r, wait));
      if (this.port !== port) return;
      let n: number;
      try {
        n = (await binding.read(buf, 0, READ_BYTES)).bytesRead;
      } catch (e) {
        const err = e as BindingError;
        if (this.port !== port || this.closing || err.canceled) return;
        this.port = null;
        port.close(() => undefined);
        h.onClose(err.disconnect || err.code === 'EIO' ? 'unplugged' : 'closed', err.message);
        return;
      }
      last = performance.now();
      full = n === READ_BYTES;
      this.readAtMs = Date.now();
      parser.feed(buf, n);
      h.onChunkEnd();
    }
  }

  write(data: string | Uint8Array): void {
    if (typeof data !== 'string') { if (data.length > 0) this.port?.write(Buffer.from(data)); return; }
    this.port?.write(data + '\n');
  }

  close(): Promise<void> {
    const port = this.port;
    this.closing = true;
    this.port = null;
    if (!port || !port.isOpen) return Promise.resolve();
    // The stop command written just before must reach the device (a Cyton left streaming keeps streaming): drain
    // first, at most DRAIN_MS (a device that stopped reading cannot hold the close up).
    return new Promise((resolve) => {
      let closed = false;
      const close = (): void => { if (closed) return; closed = true; clearTimeout(t); port.close(() => resolve()); };
      const t = setTimeout(close, DRAIN_MS);
      port.drain(close);
    });
  }
}

/** Longest wait for written bytes to leave before a port is closed, ms. */
const DRAIN_MS = 200;
