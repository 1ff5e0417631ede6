// The built-in Demo sensor as a line source: the simulated patient, in-process, on a wall-clock timer.
import type { Result } from '../../api/contract.ts';
import { SimulatedSensor, type SimKind } from '../../firmware-protocol/simulated-sensor.ts';
import type { PatientCue } from '../../firmware-protocol/patient-model.ts';
import type { LineSource, LineSourceHandlers } from './line-source.ts';

/** Interval of the device clock, ms: lines are produced in small bursts like a USB device would. */
const TICK_MS = 5;

export class DemoLineSource implements LineSource {
  private sensor: SimulatedSensor;
  private timer: ReturnType<typeof setInterval> | null = null;
  private handlers: LineSourceHandlers | null = null;
  private readonly scratch = new Uint8Array(512);
  bytesIn = 0;
  readonly pollIntervalMs = TICK_MS;

  constructor(kind: SimKind) {
    this.sensor = new SimulatedSensor({ kind, script: 'demo', seed: Date.now() & 0xffff });
  }

  open(h: LineSourceHandlers): Promise<Result<null>> {
    this.handlers = h;
    this.timer = setInterval(() => { this.deliver(this.sensor.advance(performance.now())); h.onPoll(); }, TICK_MS);
    return Promise.resolve({ ok: true, value: null });
  }

  /** The simulated patient follows the running exercise's cues (a real sensor has no such thing). */
  follow(cue: PatientCue | null): void { this.sensor.follow(cue); }

  /** A command line, or LL1 command bytes (`INFO\nSTART\n`) as the LL1 driver sends them. */
  write(data: string | Uint8Array): void {
    const lines = typeof data === 'string' ? [data] : String.fromCharCode(...data).split('\n').filter((l) => l.length > 0);
    // Replies come back asynchronously, like from a real device.
    for (const line of lines) {
      const replies = this.sensor.command(line);
      if (replies.length > 0) queueMicrotask(() => this.deliver(replies));
    }
  }

  close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.handlers = null;
    return Promise.resolve();
  }

  private deliver(lines: readonly string[]): void {
    const h = this.handlers;
    if (!h) return;
    const now = Date.now();
    const buf = this.scratch;
    for (const line of lines) {
      const n = Math.min(line.length, buf.length);
      for (let i = 0; i < n; i++) buf[i] = line.charCodeAt(i);
      this.bytesIn += line.length + 1;
      h.onLine(buf, n, now);
    }
    h.onChunkEnd();
  }
}
