// The DSP benchmark runs the full EmgChain and meets the ≥ 1000× real-time target per 2 kHz channel.
import { describe, expect, it } from 'vitest';
import { benchDsp } from '../../bench/dsp.ts';

describe('benchDsp', () => {
  it('returns dsp_realtime_factor ≥ 1000', async () => {
    const r = await benchDsp();
    expect(Object.keys(r)).toEqual(['dsp_realtime_factor']);
    expect(r.dsp_realtime_factor).toBeGreaterThanOrEqual(1000);
  });
});
