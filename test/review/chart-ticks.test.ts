// Tick labels of the review charts: decimals follow the spacing; minutes as m:ss.
import { describe, expect, it } from 'vitest';
import { timeTicks } from '../../renderer/review/chart.ts';

describe('review time ticks', () => {
  it('labels sub-second spacing with decimals and minutes as m:ss', () => {
    expect(timeTicks([8, 8.2, 8.4])).toEqual(['8.0', '8.2', '8.4']);
    expect(timeTicks([0, 0.05, 0.1])).toEqual(['0.00', '0.05', '0.10']);
    expect(timeTicks([0, 30, 60, 90])).toEqual(['0', '30', '1:00', '1:30']);
    expect(timeTicks([60, 60.5])).toEqual(['1:00.0', '1:00.5']);
  });
});
