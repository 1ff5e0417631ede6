// Min/max overview: equal-sample columns match a brute-force min/max; time columns leave EDF+D gaps empty.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEdf } from '../../sessions/edf-reader.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { EMG2, batch, rawAt, tmpDir } from './helpers.ts';

describe('overview', () => {
  it('matches brute-force min/max per column (EDF, uneven column sizes)', async () => {
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'o.edf'), header: EMG2 });
    for (let i = 0; i < 7000; i += 700) rec.onBatch(batch(EMG2, i, 700));
    const s = await rec.close();
    const o = openEdf(s.path);
    if (!o.ok) throw new Error('open');
    const r = o.value;
    const cols = 333;
    const ov = r.overview(cols);
    for (const c of [0, 1]) {
      const d = r.readDigital(c);
      const total = d.length;
      for (let k = 0; k < cols; k++) {
        const a = Math.floor((k * total) / cols), b = Math.floor(((k + 1) * total) / cols);
        let lo = Infinity, hi = -Infinity;
        for (let i = a; i < b; i++) { lo = Math.min(lo, d[i]!); hi = Math.max(hi, d[i]!); }
        expect(ov.signals[c]!.min[k]).toBeCloseTo(lo * 0.1, 3);
        expect(ov.signals[c]!.max[k]).toBeCloseTo(hi * 0.1, 3);
      }
    }
    expect(ov.signals[0]!.unit).toBe('uV');
    r.close();
  });

  it('covers the whole span by time for EDF+D, with empty columns in the gap', async () => {
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'd.edf'), header: EMG2 });
    rec.onBatch(batch(EMG2, 0, 2000));
    rec.onBatch(batch(EMG2, 8000, 2000, { lostBefore: 6000 }));
    const s = await rec.close();
    const o = openEdf(s.path);
    if (!o.ok) throw new Error('open');
    const a = o.value.readAnnotations();
    if (!a.ok) throw new Error('annotations');
    const ov = o.value.overview(10, a.value.recordOnsetsS); // span 0..10 s, 1 s per column
    const pf = ov.signals[0]!;
    expect(Number.isNaN(pf.max[1]!)).toBe(false);
    for (const k of [2, 3, 4, 5, 6, 7]) expect(Number.isNaN(pf.max[k]!)).toBe(true);
    let hi = -Infinity;
    for (let i = 8000; i < 9000; i++) hi = Math.max(hi, rawAt(0, i));
    expect(pf.max[8]).toBeCloseTo(hi * 0.1, 3);
    o.value.close();
  });

  it('review() gives the same annotations and overview in one pass as the separate calls', async () => {
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'r.edf'), header: EMG2 });
    rec.onBatch(batch(EMG2, 0, 1500));
    rec.annotate(0.3, 'a');
    rec.onBatch(batch(EMG2, 1510, 2490, { lostBefore: 10 }));
    rec.annotate(3.2, 'b', 0.5);
    const s = await rec.close();
    const o = openEdf(s.path);
    if (!o.ok) throw new Error('open');
    const rv = o.value.review(100);
    const a = o.value.readAnnotations();
    if (!rv.ok || !a.ok) throw new Error('review');
    expect(rv.value.annotations).toEqual(a.value);
    expect(rv.value.overview).toEqual(o.value.overview(100));
    expect(rv.value.annotations.annotations.map((x) => x.text)).toEqual(['a', 'lost 10 samples', 'b']);
    o.value.close();
  });
});
