// Incremental, crash-safe EDF+/BDF+ file writer: header with records = −1, whole records appended, fsync, header patch.
import * as nodeFs from 'node:fs';
import {
  RECORDS_FIELD_OFFSET, RESERVED_FIELD_OFFSET, START_DATE_OFFSET, asciiField, encodeHeader, recordBytes, startFields,
  type EdfHeader,
} from './edf-header.ts';
import { errCode, errDetail, type RecorderError } from './errors.ts';

/** The file operations the writer uses; injectable to simulate failing disks in tests. */
export interface FsLayer {
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number;
  fsyncSync(fd: number): void;
  fsync(fd: number, cb: (err: NodeJS.ErrnoException | null) => void): void;
  ftruncateSync(fd: number, len: number): void;
  closeSync(fd: number): void;
}

export const nodeFsLayer: FsLayer = {
  openSync: (p, f, m) => nodeFs.openSync(p, f, m),
  writeSync: (fd, b, o, l, p) => nodeFs.writeSync(fd, b, o, l, p),
  fsyncSync: (fd) => nodeFs.fsyncSync(fd),
  fsync: (fd, cb) => nodeFs.fsync(fd, cb),
  ftruncateSync: (fd, len) => nodeFs.ftruncateSync(fd, len),
  closeSync: (fd) => nodeFs.closeSync(fd),
};

/** File mode of recordings (owner read/write only). */
export const FILE_MODE = 0o600;

/**
 * Writes one EDF+/BDF+ file. Every method reports failures as a {@link RecorderError}; after the first failure the
 * writer is closed and the file holds a valid header for the records fully written before it.
 */
export class EdfFileWriter {
  private fd = -1;
  private header: EdfHeader;
  private readonly recordSize: number;
  private written = 0;
  private pendingFsync = false;
  private fsyncError: NodeJS.ErrnoException | null = null;
  private fsyncWaiters: (() => void)[] = [];
  private failure: RecorderError | null = null;

  private constructor(readonly path: string, header: EdfHeader, private readonly fs: FsLayer) {
    this.header = header;
    this.recordSize = recordBytes(header);
  }

  /** Creates the file (mode 0600, fails if it exists) and writes the header with records = −1, fsynced. */
  static create(path: string, header: EdfHeader, fs: FsLayer = nodeFsLayer): { ok: true; value: EdfFileWriter } | { ok: false; error: RecorderError } {
    const w = new EdfFileWriter(path, { ...header, records: -1 }, fs);
    try {
      w.fd = fs.openSync(path, 'wx', FILE_MODE);
    } catch (e) {
      return { ok: false, error: { kind: 'open-failed', path, code: errCode(e), detail: errDetail(e) } };
    }
    const hb = encodeHeader(w.header);
    try {
      w.writeFully(hb, 0);
      fs.fsyncSync(w.fd);
    } catch (e) {
      try { fs.closeSync(w.fd); } catch { /* already failing */ }
      w.fd = -1;
      return { ok: false, error: { kind: 'open-failed', path, code: errCode(e), detail: errDetail(e) } };
    }
    return { ok: true, value: w };
  }

  /** Bytes of one data record. */
  get bytesPerRecord(): number { return this.recordSize; }
  /** Records fully written. */
  get recordsWritten(): number { return this.written; }
  get error(): RecorderError | null { return this.failure; }
  get isOpen(): boolean { return this.fd >= 0; }

  private writeFully(buf: Uint8Array, position: number): void {
    let off = 0;
    while (off < buf.length) {
      const n = this.fs.writeSync(this.fd, buf, off, buf.length - off, position + off);
      if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
      off += n;
    }
  }

  /** Rewrites the start date/time fields (local time of the first sample) and the EDF+ recording field. */
  patchStart(d: Date, recording: string): boolean {
    const f = startFields(d);
    this.header = { ...this.header, ...f, recording };
    const rf = asciiField(recording, 80);
    return this.guard(() => this.writeFully(Buffer.from(rf + f.startDate + f.startTime, 'latin1'), START_DATE_OFFSET - 80));
  }

  /** Marks the file EDF+D/BDF+D (called before the first record after a discontinuity is appended). */
  markDiscontinuous(): boolean {
    if (this.header.discontinuous) return true;
    this.header = { ...this.header, discontinuous: true };
    const f = asciiField(`${this.header.format}+D`, 44);
    return this.guard(() => this.writeFully(Buffer.from(f, 'latin1'), RESERVED_FIELD_OFFSET));
  }

  /** Appends one complete record (`record.length` must equal {@link bytesPerRecord}). */
  appendRecord(record: Uint8Array): boolean {
    if (record.length !== this.recordSize) throw new RangeError(`record of ${record.length} bytes, expected ${this.recordSize}`);
    return this.guard(() => {
      this.writeFully(record, this.header.headerBytes + this.written * this.recordSize);
      this.written++;
    });
  }

  /**
   * Writes `bytes` into an already written record at `offset` inside it (e.g. TALs into the free annotation bytes of
   * an earlier record at close). The record must exist and the bytes must stay inside it.
   */
  writeIntoRecord(index: number, offset: number, bytes: Uint8Array): boolean {
    if (index < 0 || index >= this.written || offset < 0 || offset + bytes.length > this.recordSize) return false;
    return this.guard(() => this.writeFully(bytes, this.header.headerBytes + index * this.recordSize + offset));
  }

  /** Rewrites the last appended record (same size), e.g. to add annotations at close. */
  rewriteLastRecord(record: Uint8Array): boolean {
    if (this.written === 0 || record.length !== this.recordSize) return false;
    return this.guard(() => this.writeFully(record, this.header.headerBytes + (this.written - 1) * this.recordSize));
  }

  /** fsync now, blocking. */
  syncNow(): boolean {
    return this.guard(() => this.fs.fsyncSync(this.fd));
  }

  /** Starts an fsync on the thread pool unless one is running; its failure ends the recording at the next call. */
  syncSoon(): void {
    if (this.fd < 0 || this.pendingFsync) return;
    this.pendingFsync = true;
    this.fs.fsync(this.fd, (e) => {
      this.pendingFsync = false;
      if (e && !this.fsyncError) this.fsyncError = e;
      const w = this.fsyncWaiters;
      this.fsyncWaiters = [];
      for (const f of w) f();
    });
  }

  private guard(f: () => void): boolean {
    if (this.fd < 0) return false;
    try {
      if (this.fsyncError) throw this.fsyncError;
      f();
      return true;
    } catch (e) {
      this.fail(e);
      return false;
    }
  }

  private fail(e: unknown): void {
    if (!this.failure) this.failure = { kind: 'write-failed', path: this.path, code: errCode(e), detail: errDetail(e) };
    this.finish();
  }

  /** Drops anything past the last full record, patches the record count, fsyncs and closes. Idempotent. */
  private finish(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    try { this.fs.ftruncateSync(fd, this.header.headerBytes + this.written * this.recordSize); } catch { /* best effort */ }
    try {
      const f = asciiField(String(this.written), 8);
      this.writeFully(Buffer.from(f, 'latin1'), RECORDS_FIELD_OFFSET);
      this.fs.fsyncSync(fd);
    } catch (e) {
      if (!this.failure) this.failure = { kind: 'write-failed', path: this.path, code: errCode(e), detail: errDetail(e) };
    }
    try { this.fs.closeSync(fd); } catch { /* nothing left to do */ }
    this.fd = -1;
  }

  /** Waits for a running fsync, then patches the header and closes. */
  async close(): Promise<RecorderError | null> {
    if (this.pendingFsync) await new Promise<void>((r) => this.fsyncWaiters.push(r));
    if (this.fsyncError && !this.failure) this.failure = { kind: 'write-failed', path: this.path, code: errCode(this.fsyncError), detail: errDetail(this.fsyncError) };
    this.finish();
    return this.failure;
  }
}
