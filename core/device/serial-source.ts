// A serial port as a line source: serialport + the bounded readline parser, errors classified.
import { SerialPort } from 'serialport';
import type { Result } from '../../api/contract.ts';
import { BoundedReadlineParser } from './bounded-readline.ts';
import { classifySerialError, type LineSource, type LineSourceHandlers } from './line-source.ts';

export class SerialLineSource implements LineSource {
  private port: SerialPort | null = null;
  private parser: BoundedReadlineParser | null = null;
  private closing = false;

  /** @param baudRate serial speed in baud (default 921600 set by the caller). */
  constructor(readonly path: string, private readonly baudRate: number) {}

  get bytesIn(): number { return this.parser?.bytesIn ?? 0; }

  open(h: LineSourceHandlers): Promise<Result<null>> {
    this.closing = false;
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false, lock: true });
    return new Promise((resolve) => {
      port.open((err) => {
        if (err) { resolve({ ok: false, error: classifySerialError(this.path, err) }); return; }
        const parser = new BoundedReadlineParser();
        this.port = port;
        this.parser = parser;
        parser.on('data', (line: Buffer) => h.onLine(line, line.length, Date.now()));
        port.pipe(parser);
        port.on('error', () => { /* reported through 'close' below; an 'error' without a listener would crash */ });
        port.on('close', (e: (Error & { disconnected?: boolean }) | null) => {
          port.unpipe(parser);
          this.port = null;
          if (this.closing) return;
          h.onClose(e?.disconnected ? 'unplugged' : 'closed', e?.message ?? 'closed');
        });
        resolve({ ok: true, value: null });
      });
    });
  }

  write(line: string): void {
    this.port?.write(line + '\n');
  }

  close(): Promise<void> {
    const port = this.port;
    this.closing = true;
    this.port = null;
    if (!port || !port.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.close(() => resolve()));
  }
}
