// Accessory-muscle flag: the abdominal channel rising together with the pelvic floor (a slow rest tracker per channel).

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
