// Shared wire pieces: sequence gaps across counter wrap-around, and the bounded command-answer collector.
import { describe, expect, it } from 'vitest';
import { ReplyCollector, sequenceGap } from '../../devices/wire.ts';
import { MAX_REPLY_CHARS } from '../../devices/driver.ts';

describe('sequenceGap', () => {
  it('counts the gap modulo the counter, wrap-around included', () => {
    expect(sequenceGap(254, 255, 256, 4, 250)).toBe(0);
    expect(sequenceGap(255, 0, 256, 4, 250)).toBe(0);
    expect(sequenceGap(250, 3, 256, 40, 250)).toBe(8);
    expect(sequenceGap(14, 1, 16, 3, 1000)).toBe(2);
  });

  it('adds whole wraps only when the host clock says a much longer dropout happened (beyond one wrap + jitter)', () => {
    // BITalino at 1000 Hz: 16 ms per wrap. A 500 ms Bluetooth dropout that ends 2 counts further on: 498 + 2 samples.
    expect(sequenceGap(5, 8, 16, 500, 1000)).toBe(2 + 16 * Math.round((500 - 1 - 2) / 16));
    // 100 ms is within the jitter allowance: counted modulo the counter.
    expect(sequenceGap(5, 8, 16, 100, 1000)).toBe(2);
  });

  it('bytes skipped while resynchronising bound the gap from below (more than 3/4 of a wrap of them)', () => {
    expect(sequenceGap(5, 8, 16, 0, 1000, 150, 34)).toBe(34);
    expect(sequenceGap(5, 8, 16, 0, 1000, 150, 10)).toBe(2);
  });
});

describe('ReplyCollector', () => {
  it('hands over each answer at its terminator, without the terminator, across reads', () => {
    const got: string[] = [];
    const r = new ReplyCollector('$$$');
    const feed = (s: string) => { const b = Uint8Array.from(s, (c) => c.charCodeAt(0)); r.feed(b, 0, b.length, (t) => got.push(t)); };
    feed('OpenBCI V3\nFirm'); feed('ware: v3.1.2\n$'); feed('$'); feed('$updating $ to default$$$');
    expect(got).toEqual(['OpenBCI V3\nFirmware: v3.1.2\n', 'updating $ to default']);
  });

  it('drops non-printable bytes and keeps at most MAX_REPLY_CHARS of an endless answer', () => {
    const got: string[] = [];
    const r = new ReplyCollector('\n');
    const junk = new Uint8Array(100_000).fill(0x41);
    junk[5] = 0xa0;
    r.feed(junk, 0, junk.length, (t) => got.push(t));
    r.feed(Uint8Array.of(10), 0, 1, (t) => got.push(t));
    expect(got).toHaveLength(1);
    expect(got[0]!.length).toBe(MAX_REPLY_CHARS);
    expect(got[0]!.includes('\xa0')).toBe(false);
  });
});
