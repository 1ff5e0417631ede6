// Collects EDF+ annotations record by record (strict TAL parsing + EDF+C/D record-onset checks) from any byte source.
import type { Result } from '../api/contract.ts';
import type { EdfHeader } from './edf-header.ts';
import { parseRecordTals, type Annotation } from './edf-tal.ts';
import type { EdfError } from './errors.ts';

export interface EdfAnnotations {
  /** Start of each data record in seconds (time-keeping TAL, or k × duration for plain EDF). */
  readonly recordOnsetsS: Float64Array;
  readonly annotations: Annotation[];
}

/** What the collector needs to know about the file layout. */
export interface RecordLayout {
  readonly header: EdfHeader;
  readonly records: number;
  readonly annotationSignals: readonly number[];
  readonly signalOffsets: readonly number[];
  readonly bytesPerSample: number;
}

/** Most annotations read from one file; a file with more is refused with a clear error (a crafted one exhausts memory). */
export const MAX_ANNOTATIONS = 100_000;

/** Feed it every record in order (`add`), then take the `result()`. Stops collecting after the first error. */
export class AnnotationCollector {
  private readonly onsets: Float64Array;
  private readonly annotations: Annotation[] = [];
  private failure: EdfError | null = null;

  constructor(private readonly L: RecordLayout) {
    this.onsets = new Float64Array(L.records);
    if (L.annotationSignals.length === 0) for (let r = 0; r < L.records; r++) this.onsets[r] = r * L.header.recordDurationS;
  }

  get failed(): boolean { return this.failure !== null; }

  /** Parses record `r`, whose first byte is at `buf[base]` (signal offsets are added to `base`). */
  add(buf: Uint8Array, base: number, r: number): void {
    const L = this.L;
    const h = L.header;
    if (this.failure || L.annotationSignals.length === 0) return;
    for (let idx = 0; idx < L.annotationSignals.length; idx++) {
      const sig = L.annotationSignals[idx]!;
      const off = base + L.signalOffsets[sig]!;
      const p = parseRecordTals(buf.subarray(off, off + h.signals[sig]!.samplesPerRecord * L.bytesPerSample), idx === 0);
      if (typeof p === 'string') { this.failure = { kind: 'bad-annotation', record: r, detail: p }; return; }
      if (idx === 0) this.onsets[r] = p.recordOnsetS;
      if (this.annotations.length + p.annotations.length > MAX_ANNOTATIONS) {
        this.failure = { kind: 'too-many-annotations', record: r, limit: MAX_ANNOTATIONS };
        this.annotations.length = 0;
        return;
      }
      for (const a of p.annotations) this.annotations.push(a);
    }
    const on = this.onsets;
    const tol = 1e-6 + h.recordDurationS * 1e-9;
    if (!h.discontinuous && Math.abs(on[r]! - (on[0]! + r * h.recordDurationS)) > tol) {
      this.failure = { kind: 'bad-annotation', record: r, detail: `EDF+C record starts at ${on[r]} s, expected ${on[0]! + r * h.recordDurationS} s` };
    } else if (r > 0 && on[r]! < on[r - 1]! + h.recordDurationS - tol) {
      this.failure = { kind: 'bad-annotation', record: r, detail: `record starts at ${on[r]} s, before the previous record ends` };
    }
  }

  result(): Result<EdfAnnotations, EdfError> {
    if (this.failure) return { ok: false, error: this.failure };
    this.annotations.sort((a, b) => a.onsetS - b.onsetS);
    return { ok: true, value: { recordOnsetsS: this.onsets, annotations: this.annotations } };
  }
}
