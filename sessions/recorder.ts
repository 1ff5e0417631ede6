// Live recorder: sample batches on the sample clock → 1-s EDF+/BDF+ records with gap filling, EDF+D parts, annotations.
import * as path from 'node:path';
import { sameHeader, type DeviceEvent, type DeviceIdent, type StreamHeader } from '../firmware-protocol/codec.ts';
import type { SampleBatch } from '../firmware-protocol/decoder.ts';
import { layoutFor, recordingField, type EdfLayout, type LayoutOptions } from './edf-layout.ts';
import { encodeTimeKeepingTal, sanitizeText, type Annotation } from './edf-tal.ts';
import { encodeSamples, packTals } from './record-encoder.ts';
import { EdfFileWriter, type FsLayer } from './edf-writer.ts';
import type { RecorderError } from './errors.ts';

export interface RecorderOptions extends LayoutOptions {
  /** Target path; a `.edf`/`.bdf` extension is corrected to the format actually written (see summary.path). */
  readonly outPath?: string;
  /** Folder for an automatically named file `YYYYMMDD-HHMMSS.edf` (local time) when `outPath` is not given. */
  readonly dir?: string;
  readonly header: StreamHeader;
  readonly ident?: DeviceIdent | null;
  /**
   * Longest seq gap filled by linear interpolation, in seconds. Default 0.1: a longer gap becomes a gap in the file
   * (an EDF+D discontinuity), so one real sample after a long silence never brings up to 1 s of invented data.
   */
  readonly maxInterpolateS?: number;
  readonly fs?: FsLayer;
  /**
   * `async` (default): an fsync is started on the thread pool after each second of records, never blocking the
   * caller. `sync`: fsyncSync after each second of records (benchmarks, tools that want the wait).
   */
  readonly syncMode?: 'async' | 'sync';
  /** Wall clock in ms since epoch (tests). Default Date.now. */
  readonly nowMs?: () => number;
}

export interface RecordingSummary {
  readonly path: string;
  readonly format: 'EDF' | 'BDF';
  readonly records: number;
  readonly recordDurationS: number;
  /** records × record duration, in seconds. */
  readonly durationS: number;
  /** Real samples written per channel (interpolated and padding samples excluded). */
  readonly samples: number;
  /** Samples lost in transit inside the file (short and long gaps). */
  readonly lost: number;
  readonly interpolated: number;
  readonly padded: number;
  readonly discontinuities: number;
  /** Raw values outside the format's digital range, clamped. */
  readonly clipped: number;
  readonly annotations: number;
  /** Samples received after a failure or a stream change (not written). */
  readonly dropped: number;
  /** Annotations not written because the queue was full (device-event floods, events before the first sample). */
  readonly annotationsDropped: number;
  readonly error: RecorderError | null;
}

/** Annotations waiting for record space beyond which lost-sample annotations are merged and others dropped (counted). */
export const MAX_QUEUED_ANNOTATIONS = 4096;
/** Annotations kept from before the first sample; later ones are dropped (counted). */
export const MAX_PRESTART_ANNOTATIONS = 256;
/** Earlier records whose free annotation bytes take queued annotations at close, before any padding record is added. */
const BACKFILL_RECORDS = 256;

/** `YYYYMMDD-HHMMSS` in local time. */
function fileStamp(d: Date): string {
  const z = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${z(d.getMonth() + 1)}${z(d.getDate())}-${z(d.getHours())}${z(d.getMinutes())}${z(d.getSeconds())}`;
}

/** Replaces a trailing .edf/.bdf by the format's extension. */
export function pathForFormat(path: string, format: 'EDF' | 'BDF'): string {
  return /\.(edf|bdf)$/i.test(path) ? path.slice(0, -4) + (format === 'EDF' ? '.edf' : '.bdf') : path;
}

/**
 * Records one session. Feed it every decoder batch (`onBatch` copies; the batch may be reused afterwards),
 * device events, annotations; `close()` pads the last record, patches the header and returns a summary.
 */
export class Recorder {
  readonly path: string;
  readonly layout: EdfLayout | null;
  private readonly writer: EdfFileWriter | null;
  private error: RecorderError | null = null;
  private readonly nCh: number;
  private readonly spr: number;
  private readonly rate: number;
  private readonly maxInterp: number;
  private readonly bufs: Int32Array[];
  private readonly last: Int32Array;
  private readonly record: Buffer;
  private readonly syncEvery: number;
  private pos = 0;
  /** Real (received) samples in the record being filled. */
  private realInRecord = 0;
  /** Where the free annotation space of the last written record starts (for annotations queued at close). */
  private lastAnnFree = -1;
  private started = false;
  private closed = false;
  private fileStartWallMs = 0;
  private streamId = -1;
  private streamStartIndex = 0;
  private streamOffsetS = 0;
  private nextIndex = 0;
  private segStartS = 0;
  private segRecords = 0;
  private queue: Annotation[] = [];
  private preStart: { onsetS: number; text: string; durationS: number | null }[] = [];
  private pendingBreak: { wallClockMs: number | null; atFileS: number | null; reason: string | null } | null = null;
  private n = { samples: 0, lost: 0, interpolated: 0, padded: 0, discontinuities: 0, clipped: 0, annotations: 0, dropped: 0, annotationsDropped: 0 };
  /** Where the free annotation bytes of the last {@link BACKFILL_RECORDS} records start, by record number. */
  private readonly annFree = new Int32Array(BACKFILL_RECORDS);

  constructor(private readonly opts: RecorderOptions) {
    const now = new Date((opts.nowMs ?? Date.now)());
    const layout = layoutFor(opts.header, now, opts);
    this.rate = opts.header.rateHz;
    this.nCh = opts.header.channels.length;
    this.maxInterp = Math.round((opts.maxInterpolateS ?? 0.1) * this.rate);
    this.last = new Int32Array(this.nCh);
    const target = opts.outPath ?? path.join(opts.dir ?? '.', `${fileStamp(now)}.edf`);
    if (typeof layout === 'string') {
      this.layout = null; this.writer = null; this.path = target; this.spr = 1; this.bufs = []; this.record = Buffer.alloc(0); this.syncEvery = 1;
      this.error = { kind: 'unsupported-stream', detail: layout };
      this.closed = true;
      return;
    }
    this.layout = layout;
    this.spr = layout.samplesPerRecord;
    this.syncEvery = Math.max(1, Math.round(1 / layout.recordDurationS));
    this.bufs = Array.from({ length: this.nCh }, () => new Int32Array(this.spr));
    this.path = pathForFormat(target, layout.format);
    const w = EdfFileWriter.create(this.path, layout.header, opts.fs);
    this.record = Buffer.alloc(w.ok ? w.value.bytesPerRecord : 0);
    if (!w.ok) { this.writer = null; this.error = w.error; this.closed = true; return; }
    this.writer = w.value;
  }

  /** Wall-clock time of the first recorded sample (ms since epoch), or null before the first batch. */
  get startWallMs(): number | null { return this.started ? this.fileStartWallMs : null; }
  /** The error that ended the recording, if any. */
  get failure(): RecorderError | null { return this.error; }
  get isRecording(): boolean { return !this.closed; }
  /** Real samples per channel written so far (for live status). */
  get samplesWritten(): number { return this.n.samples; }
  /** File time (s since the first recorded sample) of a time on the current stream's sample clock. */
  fileTimeS(sampleClockS: number): number {
    return this.streamOffsetS + sampleClockS - this.streamStartIndex / this.rate;
  }

  /** Adds an annotation; onset in seconds on the current stream's sample clock (sample index / rate). */
  annotate(onsetS: number, text: string, durationS?: number): void {
    if (this.closed) return;
    if (!this.started) {
      if (this.preStart.length >= MAX_PRESTART_ANNOTATIONS) { this.n.annotationsDropped++; return; }
      this.preStart.push({ onsetS, text, durationS: durationS ?? null });
      return;
    }
    this.enqueue(this.fileTimeS(onsetS), text, durationS ?? null);
  }

  /** A device event (lead-off, battery, …) at a sample index of the current stream. */
  onEvent(ev: DeviceEvent, sampleIndex: number): void {
    this.annotate(sampleIndex / this.rate, [ev.name, ...ev.args].join(' '));
  }

  /**
   * Declares that the next batch starts a new contiguous part (e.g. a reconnect with a new stream), placed at
   * `atFileS` (s since the first recorded sample), at `wallClockMs` (ms since epoch) or, by default, at the batch's
   * own host time; never before the data already written. `reason` is annotated there.
   */
  discontinuity(opts: { wallClockMs?: number; atFileS?: number; reason?: string } = {}): void {
    if (this.closed || !this.started) return;
    this.pendingBreak = { wallClockMs: opts.wallClockMs ?? null, atFileS: opts.atFileS ?? null, reason: opts.reason ?? null };
  }

  private enqueue(fileS: number, text: string, durationS: number | null): void {
    if (this.queue.length >= MAX_QUEUED_ANNOTATIONS) { this.n.annotationsDropped++; return; }
    const t = sanitizeText(text);
    this.queue.push({ onsetS: Math.max(0, fileS), durationS, text: t.length > 0 ? t : '-' });
  }

  /**
   * Annotates a seq gap. While the annotation queue is backed up (a very lossy link), a gap is merged into the
   * queued `lost` annotation before it: counts add up and the duration spans both gaps, so memory stays bounded.
   */
  private enqueueLost(fileS: number, samples: number): void {
    const prev = this.queue.length >= MAX_QUEUED_ANNOTATIONS ? this.queue[this.queue.length - 1] : undefined;
    const m = prev ? /^lost (\d+) samples$/.exec(prev.text) : null;
    if (prev && m) {
      const endS = Math.max(prev.onsetS + (prev.durationS ?? 0), fileS + samples / this.rate);
      this.queue[this.queue.length - 1] = { onsetS: prev.onsetS, durationS: endS - prev.onsetS, text: `lost ${Number(m[1]) + samples} samples` };
      return;
    }
    this.enqueue(fileS, `lost ${samples} samples`, samples / this.rate);
  }

  /** Records a batch (copied). Batches of another stream start a new contiguous part at their host time. */
  onBatch(b: SampleBatch): void {
    if (this.closed) { this.n.dropped += b.count; return; }
    if (b.count === 0) return;
    if (b.header !== this.opts.header && !sameHeader(b.header, this.opts.header)) {
      this.n.dropped += b.count;
      if (this.started) this.padRecord(); // keep the samples of the partial record
      void this.failWith({ kind: 'stream-changed', detail: `new header with ${b.header.channels.length} channels at ${b.header.rateHz} Hz` });
      return;
    }
    const batchWallMs = b.hostTimeMs - ((b.count - 1) / this.rate) * 1000;
    if (!this.started) {
      this.started = true;
      this.fileStartWallMs = batchWallMs;
      this.writer!.patchStart(new Date(batchWallMs), recordingField(new Date(batchWallMs), this.opts));
      this.streamId = b.streamId;
      this.streamStartIndex = b.firstSampleIndex;
      this.nextIndex = b.firstSampleIndex;
      for (const a of this.preStart) this.enqueue(this.fileTimeS(a.onsetS), a.text, a.durationS);
      this.preStart = [];
    } else if (b.streamId !== this.streamId || this.pendingBreak || b.firstSampleIndex < this.nextIndex) {
      const wall = this.pendingBreak?.wallClockMs ?? batchWallMs;
      const atS = this.pendingBreak?.atFileS ?? Math.round(wall - this.fileStartWallMs) / 1000;
      const reason = this.pendingBreak?.reason ?? null;
      this.pendingBreak = null;
      const startS = this.newSegment(atS);
      this.streamId = b.streamId;
      this.streamStartIndex = b.firstSampleIndex;
      this.streamOffsetS = startS;
      this.nextIndex = b.firstSampleIndex;
      if (reason) this.enqueue(startS, reason, null);
    } else {
      const gap = b.firstSampleIndex - this.nextIndex;
      if (gap > 0) {
        this.n.lost += gap;
        this.enqueueLost(this.fileTimeS(this.nextIndex / this.rate), gap);
        if (gap <= this.maxInterp) this.interpolate(gap, b);
        else this.newSegment(this.fileTimeS(b.firstSampleIndex / this.rate));
      }
    }
    this.append(b);
    this.nextIndex = b.firstSampleIndex + b.count;
  }

  private interpolate(gap: number, b: SampleBatch): void {
    for (let k = 1; k <= gap && !this.closed; k++) {
      const f = k / (gap + 1);
      for (let c = 0; c < this.nCh; c++) {
        const v0 = this.last[c]!;
        this.bufs[c]![this.pos] = Math.round(v0 + (b.channels[c]![0]! - v0) * f);
      }
      this.n.interpolated++;
      if (++this.pos === this.spr) this.writeRecord();
    }
  }

  private append(b: SampleBatch): void {
    let i = 0;
    while (i < b.count && !this.closed) {
      const take = Math.min(b.count - i, this.spr - this.pos);
      for (let c = 0; c < this.nCh; c++) this.bufs[c]!.set(b.channels[c]!.subarray(i, i + take), this.pos);
      this.pos += take;
      i += take;
      this.realInRecord += take;
      if (this.pos === this.spr) this.writeRecord();
    }
    if (this.closed) { this.n.dropped += b.count - i; return; }
    for (let c = 0; c < this.nCh; c++) this.last[c] = b.channels[c]![b.count - 1]!;
  }

  /** Pads the partial record (annotated), then starts a part at `atS` (≥ end of the written data). Returns its start. */
  private newSegment(atS: number): number {
    this.padRecord();
    const endS = this.segStartS + this.segRecords * this.layout!.recordDurationS;
    const startS = Math.max(atS, endS);
    if (startS > endS + 1e-7) {
      if (!this.writer!.markDiscontinuous()) { this.failFromWriter(); return startS; }
      this.n.discontinuities++;
    }
    this.segStartS = startS;
    this.segRecords = 0;
    return startS;
  }

  private padRecord(): void {
    if (this.pos === 0 || this.closed) return;
    const missing = this.spr - this.pos;
    this.enqueue(this.segStartS + (this.segRecords * this.spr + this.pos) / this.rate, 'padding', missing / this.rate);
    for (let c = 0; c < this.nCh; c++) this.bufs[c]!.fill(this.last[c]!, this.pos);
    this.n.padded += missing;
    this.pos = this.spr;
    this.writeRecord();
  }

  private writeRecord(): void {
    const L = this.layout!;
    const rec = this.record;
    this.n.clipped += encodeSamples(rec, this.bufs, this.spr, L);
    let off = rec.length - L.annotationBytes;
    const annEnd = rec.length;
    const tk = encodeTimeKeepingTal(this.segStartS + this.segRecords * L.recordDurationS);
    tk.copy(rec, off);
    const p = packTals(rec, off + tk.length, annEnd, this.queue);
    off = p.off;
    this.n.annotations += p.packed;
    rec.fill(0, off, annEnd);
    this.lastAnnFree = off;
    this.annFree[this.writer!.recordsWritten % BACKFILL_RECORDS] = off;
    this.pos = 0;
    this.segRecords++;
    const real = this.realInRecord;
    this.realInRecord = 0;
    if (!this.writer!.appendRecord(rec)) { this.n.dropped += real; this.failFromWriter(); return; }
    this.n.samples += real;
    if (this.writer!.recordsWritten % this.syncEvery === 0) {
      if (this.opts.syncMode === 'sync') { if (!this.writer!.syncNow()) this.failFromWriter(); } else this.writer!.syncSoon();
    }
  }

  private failFromWriter(): void {
    this.error = this.error ?? this.writer!.error;
    this.closed = true;
  }

  private async failWith(e: RecorderError): Promise<void> {
    if (!this.error) this.error = e;
    this.closed = true;
    await this.writer?.close();
  }

  /** Pads and writes the last record (and any annotations still queued), patches the header, closes. */
  async close(): Promise<RecordingSummary> {
    if (!this.closed && this.started) {
      this.padRecord();
      if (this.queue.length > 64) this.collapseLost();
      if (this.queue.length > 0 && this.lastAnnFree >= 0) this.fillLastRecord();
      // A recording that ends on a record boundary has no partial record to carry what is still queued: the free
      // annotation bytes of earlier records take it (EDF+ allows annotations in any record), not a padding record.
      if (this.queue.length > 0) this.backfill();
      for (let guard = 0; this.queue.length > 0 && guard < 64 && !this.closed; guard++) {
        this.pos = 0;
        this.padRecord0();
      }
    }
    // Whatever is still queued (or never found a first sample) is not in the file: counted, not silently lost.
    this.n.annotationsDropped += this.queue.length + this.preStart.length;
    this.queue = [];
    this.preStart = [];
    this.closed = true;
    const werr = this.writer ? await this.writer.close() : null;
    if (!this.error && werr) this.error = werr;
    const L = this.layout;
    const records = this.writer?.recordsWritten ?? 0;
    return {
      path: this.path, format: L?.format ?? 'EDF', records, recordDurationS: L?.recordDurationS ?? 1,
      // The wall-clock span of the file (an unplug's gap included): the one duration the list, review and report show.
      durationS: records > 0 && L ? Math.max(records * L.recordDurationS, this.segStartS + this.segRecords * L.recordDurationS) : records * (L?.recordDurationS ?? 1),
      ...this.n, error: this.error,
    };
  }

  /** Replaces all queued `lost` annotations by one spanning them with the summed count (a backlog at close). */
  private collapseLost(): void {
    let n = 0, from = Infinity, to = -Infinity;
    const keep: Annotation[] = [];
    for (const a of this.queue) {
      const m = /^lost (\d+) samples$/.exec(a.text);
      if (!m) { keep.push(a); continue; }
      n += Number(m[1]);
      from = Math.min(from, a.onsetS);
      to = Math.max(to, a.onsetS + (a.durationS ?? 0));
    }
    if (n > 0) keep.unshift({ onsetS: from, durationS: to - from, text: `lost ${n} samples` });
    this.queue = keep;
  }

  /** Puts queued annotations into the free annotation bytes of the last written record and rewrites it. */
  private fillLastRecord(): void {
    const p = packTals(this.record, this.lastAnnFree, this.record.length, this.queue);
    if (p.packed === 0) return;
    this.n.annotations += p.packed;
    this.lastAnnFree = p.off;
    if (!this.writer!.rewriteLastRecord(this.record)) this.failFromWriter();
  }

  /** Packs queued annotations into the free annotation bytes of the records before the last one, newest first. */
  private backfill(): void {
    const w = this.writer!;
    const last = w.recordsWritten - 1;
    const scratch = Buffer.alloc(this.record.length);
    for (let r = last - 1; r >= 0 && r > last - BACKFILL_RECORDS && this.queue.length > 0 && !this.closed; r--) {
      const from = this.annFree[r % BACKFILL_RECORDS]!;
      const p = packTals(scratch, from, scratch.length, this.queue);
      if (p.packed === 0) continue;
      if (!w.writeIntoRecord(r, from, scratch.subarray(from, p.off))) { this.failFromWriter(); return; }
      this.annFree[r % BACKFILL_RECORDS] = p.off;
      this.n.annotations += p.packed;
    }
  }

  /** A whole padding record carrying queued annotations that did not fit before close. */
  private padRecord0(): void {
    this.queue.unshift({ onsetS: this.segStartS + this.segRecords * this.layout!.recordDurationS, durationS: this.layout!.recordDurationS, text: 'padding' });
    for (let c = 0; c < this.nCh; c++) this.bufs[c]!.fill(this.last[c]!);
    this.n.padded += this.spr;
    this.pos = this.spr;
    this.writeRecord();
  }
}
