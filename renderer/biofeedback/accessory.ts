// Accessory-muscle flag: the abdominal channel rising together with the pelvic floor (a slow rest tracker per channel).
import type { SampleRing } from '../live/sample-ring.ts';

/**
 * Follows the resting level of an envelope sampled a few times a second: drops quickly to lower values, rises
 * slowly (time constant ≈ 1 / riseFraction updates), so contractions barely move it.
 */
export class RestTracker {
  value = NaN;
  constructor(readonly riseFraction = 0.005, readonly fallFraction = 0.5) {}
  push(x: number): void {
    if (!(x === x)) return;
    const v = this.value;
    if (!(v === v)) { this.value = x; return; }
    this.value = v + (x - v) * (x < v ? this.fallFraction : this.riseFraction);
  }
  reset(): void { this.value = NaN; }
}

/** Rules of the flag (ratios to the channel's rest level, µV floor so noise alone never flags). */
export const ACCESSORY_RULE = { pfRatio: 2, abdRatio: 1.5, abdMinRiseUv: 2, holdMs: 2000 } as const;

/**
 * True when the pelvic floor is clearly contracting (above its relaxation target and twice its rest) and the abdominal
 * channel is at once raised by ≥ 50 % and ≥ 2 µV over its own rest.
 */
export function accessoryUse(pf: number, pfRest: number, abd: number, abdRest: number, relaxUpper: number): boolean {
  if (![pf, pfRest, abd, abdRest].every(Number.isFinite)) return false;
  const pfUp = pf > relaxUpper && pf > ACCESSORY_RULE.pfRatio * pfRest;
  const abdUp = abd > ACCESSORY_RULE.abdRatio * abdRest && abd - abdRest >= ACCESSORY_RULE.abdMinRiseUv;
  return pfUp && abdUp;
}

/** The flag on the live stream, updated at the slow (4 Hz) rate; it stays up `ACCESSORY_RULE.holdMs` after the last hit. */
export class AccessoryDetector {
  /** Whether accessory muscle use is shown now. */
  flag = false;
  private readonly pfRest = new RestTracker();
  private readonly abdRest = new RestTracker();
  private until = 0;

  /** A new stream: both rest levels are learnt again. */
  reset(): void { this.pfRest.reset(); this.abdRest.reset(); }

  /** No abdominal channel or no targets: no flag. */
  clear(): void { this.flag = false; }

  /**
   * One slow update at `nowMs`: the newest pelvic-floor value `pf`, the abdominal channel's processed ring (nothing
   * changes while it is missing or empty), the relaxation line, and the calibrated pelvic-floor rest (NaN: tracked).
   */
  update(nowMs: number, pf: number, abdRing: SampleRing | undefined, relaxUpper: number, calibratedRest: number): void {
    if (!abdRing || abdRing.end === 0) return;
    const abd = abdRing.at(abdRing.end - 1);
    this.pfRest.push(pf);
    this.abdRest.push(abd);
    const pfRest = Number.isFinite(calibratedRest) ? calibratedRest : this.pfRest.value;
    if (accessoryUse(pf, pfRest, abd, this.abdRest.value, relaxUpper)) this.until = nowMs + ACCESSORY_RULE.holdMs;
    this.flag = nowMs < this.until;
  }
}
