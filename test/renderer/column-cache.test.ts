// Cached, clock-aligned min/max decimation: identical to a fresh scan every frame, through growth, gaps and a clear.
import { describe, expect, it } from 'vitest';
import { ColumnCache } from '../../renderer/live/decimate.ts';
import { allocRing, pushValues, SampleRing } from '../../renderer/live/sample-ring.ts';

/** Brute force: the same aligned columns, scanned from scratch. */
function reference(ring: SampleRing, end: number, windowSamples: number, columns: number): number[] {
  const start = Math.max(0, end - Math.min(windowSamples, ring.capacity));
  const per = Math.max(1, Math.ceil(windowSamples / columns));
  const out: number[] = [];
  for (let k = Math.floor(start / per); k <= Math.floor((end - 1) / per); k++) {
    let mn = Infinity, mx = -Infinity;
    for (let i = Math.max(k * per, start); i < Math.min(k * per + per, end); i++) { const v = ring.at(i); if (v < mn) mn = v; if (v > mx) mx = v; }
    if (mn === Infinity) out.push(k * per / ring.rateHz, NaN); else out.push(k * per / ring.rateHz, mn, k * per / ring.rateHz, mx);
  }
  return out;
}

describe('ColumnCache', () => {
  it('matches a fresh scan on every frame of a 30 s window at 2 kHz, with a gap and a clear', () => {
    const ring = new SampleRing(allocRing(2000, 1, false));
    const cache = new ColumnCache();
    const xs = new Float64Array(4000), ys = new Float64Array(4000);
    const buf = new Float32Array(400);
    let end = 0, seed = 1;
    const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    for (let frame = 0; frame < 900; frame++) {
      const count = 20 + Math.floor(rnd() * 60);
      for (let k = 0; k < count; k++) buf[k] = 5 + 40 * rnd() * rnd();
      const gap = frame === 400 ? 3000 : 0;
      pushValues(ring, buf, count, end + gap);
      end += gap + count;
      if (frame === 700) ring.clear();
      if ((frame % 7 !== 0 && frame < 890) || end <= 2000) continue;
      const n = cache.decimate(ring, end, 60_000, 1000, xs, ys);
      const ref = reference(ring, end, 60_000, 1000);
      const got: number[] = [];
      for (let i = 0; i < n; i++) got.push(xs[i]!, ys[i]!);
      // The reference lists (x, y) pairs too; compare as flat lists.
      expect(got.length).toBe(ref.length);
      for (let i = 0; i < ref.length; i++) {
        if (Number.isNaN(ref[i]!)) expect(Number.isNaN(got[i]!)).toBe(true);
        else expect(got[i]).toBeCloseTo(ref[i]!, 5);
      }
    }
  });

  it('falls back to every sample when the window is short', () => {
    const ring = new SampleRing(allocRing(100, 1, false));
    pushValues(ring, Float32Array.from([1, 2, 3]), 3, 0);
    const xs = new Float64Array(10), ys = new Float64Array(10);
    expect(new ColumnCache().decimate(ring, 3, 1000, 600, xs, ys)).toBe(3);
    expect([...ys.subarray(0, 3)]).toEqual([1, 2, 3]);
  });
});
