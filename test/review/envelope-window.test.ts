// The review's envelope (readSessionWindow signal 'envelope') shows samples the recorder filled in as gaps, never as
// 0 µV "relaxed", as the analysis leaves them out.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore } from '../../core/app-core.ts';
import type { SampleBatch } from '../../firmware-protocol/decoder.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { HEADER, RATE_HZ, tmpDir } from './synthetic.ts';

describe('review envelope over padding', () => {
  it('is NaN (a gap) inside the padding and its start-up, finite and at the signal level elsewhere', async () => {
    const dir = tmpDir();
    const rec = new Recorder({ outPath: path.join(dir, 'pad.edf'), header: HEADER, syncMode: 'async' });
    const n = 3500; // 3.5 s of a 40 µV sine: the last record is padded from 3.5 s to 4 s
    const chans = [new Int32Array(n), new Int32Array(n)];
    for (let i = 0; i < n; i++) { const v = Math.round((40 * Math.sin((2 * Math.PI * 120 * i) / RATE_HZ)) / 0.1); chans[0]![i] = v; chans[1]![i] = v; }
    const b: SampleBatch = { streamId: 1, header: HEADER, firstSampleIndex: 0, firstSeq: 0, lostBefore: 0, count: n, channels: chans, hostTimeMs: 1_700_000_000_000 };
    rec.onBatch(b);
    const s = await rec.close();
    expect(s.padded).toBe(500);
    const c = new AppCore({ dataDir: path.join(dir, 'data'), allowPathImport: true });
    try {
      const imp = await c.handle('importSessionFromPath', { profileId: 'anna', path: s.path });
      if (!imp.ok) throw new Error(JSON.stringify(imp.error));
      const id = (imp.value as { id: string }).id;
      const w = await c.handle('readSessionWindow', { profileId: 'anna', sessionId: id, startS: 0, endS: 4, maxPoints: 4000, signal: 'envelope' });
      if (!w.ok) throw new Error(JSON.stringify(w.error));
      const { t, max } = w.value as { t: number[]; max: number[][] };
      const at = (lo: number, hi: number) => t.map((x, i) => [x, max[0]![i]!] as const).filter(([x]) => x >= lo && x < hi).map(([, v]) => v);
      expect(at(3.5, 4).length).toBeGreaterThan(400);
      expect(at(3.5, 4).every((v) => Number.isNaN(v))).toBe(true); // never 0 µV inside the padding
      const real = at(1, 3.4);
      expect(real.every((v) => Math.abs(v - 40 / Math.SQRT2) < 1.5)).toBe(true);
    } finally {
      await c.dispose();
    }
  });
});
