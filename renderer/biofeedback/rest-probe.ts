// Resting level of the primary channel over the first seconds of a stream (median of the 4 Hz values), for targets relative to it.

/** Values (at 4 Hz: 5 s) the resting level is measured over. */
export const REST_PROBE_N = 20;

export class RestProbe {
  /** The measured level, NaN until measured. */
  level = NaN;
  private readonly values = new Float64Array(REST_PROBE_N);
  private n = 0;

  constructor(private readonly onMeasured: (level: number) => void) {}

  /** Starts measuring again (a new stream, a tare, a unit change). */
  reset(): void { this.level = NaN; this.n = 0; }

  /** One slow-rate value (non-finite values are skipped); the level is set and reported at the REST_PROBE_N-th. */
  push(v: number): void {
    if (!Number.isNaN(this.level) || !Number.isFinite(v)) return;
    this.values[this.n++] = v;
    if (this.n < REST_PROBE_N) return;
    const sorted = Float64Array.from(this.values).sort();
    this.level = sorted[REST_PROBE_N >> 1]!;
    this.onMeasured(this.level);
  }
}
