// The seam between the device link and a byte source: a real serial port or the in-process demo sensor.
import type { AppError, Result } from '../../api/contract.ts';

/** How a serial source cuts what it reads: LL1's splitter, the real ReadlineParser (text streams), or not at all. */
export type Framing = { readonly kind: 'll1' } | { readonly kind: 'readline'; readonly maxLineBytes: number } | { readonly kind: 'bytes' };

export interface LineSourceHandlers {
  /** One line without `\n` (a view: valid only during the call). `hostTimeMs` is the receive time, ms since epoch. */
  onLine(line: Uint8Array, length: number, hostTimeMs: number): void;
  /** Bytes as read (byte framing only; a view valid during the call). */
  onBytes?(chunk: Uint8Array, length: number, hostTimeMs: number): void;
  /** A burst of lines (one read) has been delivered: a good moment to emit a batch. */
  onChunkEnd(): void;
  /** Called on each of the source's own timer ticks, data or not (sources with `pollIntervalMs` only). */
  onPoll(): void;
  /** The source went away: `unplugged` when the device vanished (it may come back), else a plain close. */
  onClose(reason: 'unplugged' | 'closed', detail: string): void;
}

export interface LineSource {
  open(handlers: LineSourceHandlers): Promise<Result<null>>;
  /** Writes one host command line (a `\n` is appended to a string) or bytes as they are. */
  write(data: string | Uint8Array): void;
  close(): Promise<void>;
  /** Bytes received so far. */
  readonly bytesIn: number;
  /**
   * Set by sources that wake up on a timer of their own (ms between ticks) and call `onPoll` on each: the link then
   * does its housekeeping there instead of waking the process with a second timer.
   */
  readonly pollIntervalMs?: number;
}

/** Turns a serialport open/IO error into an error value the UI can explain. */
export function classifySerialError(path: string, err: Error): AppError {
  const m = err.message;
  if (/No such file or directory|ENOENT|cannot find|File not found/i.test(m)) return { kind: 'no-such-port', path };
  if (/Cannot lock port|Resource busy|EBUSY|Access denied.*in use|Resource temporarily unavailable/i.test(m)) return { kind: 'port-busy', path };
  if (/Permission denied|EACCES|EPERM|Access is denied/i.test(m)) return { kind: 'permission-denied', path };
  return { kind: 'port-error', path, detail: m.slice(0, 200) };
}
