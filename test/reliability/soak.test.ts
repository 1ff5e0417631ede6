// Shortened soak (30 min of 2 kHz × 2 signal, as fast as possible): bounded heap, nothing lost, the file reads back exactly.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.ts';
import { openEdf } from '../../sessions/edf-reader.ts';

describe('soak', () => {
  it('30 minutes of signal through parser → decoder → DSP → rings → recorder: heap growth ≤ 20 MB, zero lost', async () => {
    const r = await runSoak({ signalS: 1800, keepFile: true });
    try {
      console.log(`soak 1800 s: heap ${r.heapWarmMb.toFixed(2)} → ${r.heapEndMb.toFixed(2)} MB (max ${r.heapMaxMb.toFixed(2)}), lost ${r.lostSamples}, ${r.wallS.toFixed(1)} s wall`);
      expect(r.expectedSamples).toBe(3_600_000);
      expect(r.heapGrowthMb).toBeLessThanOrEqual(20);
      expect(r.heapMaxMb - r.heapWarmMb).toBeLessThanOrEqual(20);
      expect(r.lostSamples).toBe(0);
      expect(r.rejectedLines).toBe(0);
      expect(r.recordedSamples).toBe(r.expectedSamples);
      expect(r.summary.records).toBe(1800);
      expect(r.summary.padded).toBe(0);
      expect(r.ringEnd).toBe(r.expectedSamples);
      expect(Number.isFinite(r.envelopeSum) && r.envelopeSum > 0).toBe(true);
      const edf = openEdf(r.summary.path);
      if (!edf.ok) throw new Error(JSON.stringify(edf.error));
      expect(edf.value.header.records).toBe(1800);
      for (let c = 0; c < 2; c++) {
        const d = edf.value.readDigital(c);
        expect(d.length).toBe(r.expectedSamples);
        for (let i = 0; i < d.length; i++) if (d[i] !== r.rawAt(c, i)) throw new Error(`channel ${c} sample ${i}: ${d[i]} != ${r.rawAt(c, i)}`);
      }
      edf.value.close();
    } finally {
      rmSync(dirname(r.summary.path), { recursive: true, force: true });
    }
  }, 60_000);
});
