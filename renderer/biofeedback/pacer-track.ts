// When the pacer runs, on the sample clock: switched by hand or by protocol phases; its runs are kept for shading and events.
import type { PacerSettings } from '../../training/pacer.ts';
import { sessionEvents } from '../exercises/session-events.ts';
import { pacerRun, type PacerRun } from './pacer-shading.ts';

/** Pacer runs kept for shading (older ones have scrolled out of every window). */
const MAX_RUNS = 32;

export class PacerTrack {
  /** Runs in time order; the last has `endS = Infinity` while the pacer is on. */
  readonly runs: PacerRun[] = [];
  private settings: PacerSettings | null = null;
  private manual = false;
  private protocol = false;

  constructor(private readonly rateHz: () => number) {}

  get on(): boolean { return this.manual || this.protocol; }

  /** The running pacer, or null. */
  active(): PacerRun | null {
    const r = this.runs[this.runs.length - 1];
    return r && r.endS === Infinity ? r : null;
  }

  /** New settings: a running pacer restarts its cycle at `atS` with them. */
  setSettings(s: PacerSettings, atS: number): void {
    this.settings = s;
    if (this.on) { this.end(atS); this.begin(atS); }
  }

  setManual(on: boolean, atS: number): void { this.switch(() => { this.manual = on; }, atS); }
  setProtocol(on: boolean, atS: number): void { this.switch(() => { this.protocol = on; }, atS); }

  /** A new stream (new clock): forgets the runs; a pacer that is on starts again at `atS`. */
  restart(atS: number): void {
    this.runs.length = 0;
    this.protocol = false;
    if (this.on) this.begin(atS);
  }

  private switch(change: () => void, atS: number): void {
    const was = this.on;
    change();
    if (this.on && !was) this.begin(atS);
    else if (!this.on && was) this.end(atS);
  }

  private begin(atS: number): void {
    const rate = this.rateHz();
    if (!this.settings || rate <= 0) return;
    this.runs.push(pacerRun(atS, this.settings));
    if (this.runs.length > MAX_RUNS) this.runs.splice(0, this.runs.length - MAX_RUNS);
    sessionEvents.emit({ source: 'pacer', type: 'pacer-start', sampleIndex: Math.round(atS * rate), tSeconds: atS });
  }

  private end(atS: number): void {
    const r = this.active();
    if (!r) return;
    r.endS = atS;
    sessionEvents.emit({ source: 'pacer', type: 'pacer-stop', sampleIndex: Math.round(atS * this.rateHz()), tSeconds: atS });
  }
}
