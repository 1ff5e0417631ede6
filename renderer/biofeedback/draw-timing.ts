// Draw time of the views per frame (ms), kept in a fixed ring for the render benchmark.

export class DrawTiming {
  /** The last `ms.length` draw times, ms; entry `count % length` is the oldest once full. */
  readonly ms = new Float64Array(1024);
  count = 0;

  record(ms: number): void { this.ms[this.count++ % this.ms.length] = ms; }
}
