// Analysis: the resting pressure of a pressure-only recording, in the recording's own unit (for the home trend).
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { analyseRecording } from '../../core/analysis-service.ts';
import { tmpDir } from './synthetic.ts';
import { Recorder } from '../../sessions/recorder.ts';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';

describe('resting pressure', () => {
  it('is the mean pressure of the session in mmHg, with no EMG resting tone mixed in', async () => {
    const h: StreamHeader = { rateHz: 40, channels: [{ label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: -32768, rawMax: 32767 }] };
    const rec = new Recorder({ outPath: path.join(tmpDir(), 'p.edf'), header: h, syncMode: 'async' });
    // 200 samples at 25.00 mmHg then 200 at 35.00 mmHg: mean 30 mmHg.
    rec.onBatch({ streamId: 1, header: h, firstSampleIndex: 0, firstSeq: 0, lostBefore: 0, count: 400, channels: [Int32Array.from({ length: 400 }, (_, i) => (i < 200 ? 2500 : 3500))], hostTimeMs: 0 });
    const s = await rec.close();
    const r = await analyseRecording(s.path, null);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.summary.restingToneUv).toBeNull();
    expect(r.value.summary.pressureUnit).toBe('mmHg');
    expect(r.value.summary.restingPressure).toBeCloseTo(30, 1);
  });
});
