// The binary batch frame: exact round trip, and malformed frames refused.
import { describe, expect, it } from 'vitest';
import { decodeBatchFrame, encodeBatchFrame, FRAME_HEADER_BYTES } from '../../api/batch-frame.ts';
import type { SampleBatch } from '../../firmware-protocol/decoder.ts';

const batch: SampleBatch = {
  streamId: 3, header: { rateHz: 2000, channels: [] }, firstSampleIndex: 123456789, firstSeq: 7, lostBefore: 4, count: 3,
  channels: [Int32Array.of(1, -2, 2147483647, 99), Int32Array.of(-2147483648, 0, 5, 99)], hostTimeMs: 1.7e12 + 0.25,
};

describe('batch frame', () => {
  it('round-trips every field and value (only `count` samples per channel)', () => {
    const f = decodeBatchFrame(encodeBatchFrame(batch, 1.7e12 + 9))!;
    expect(f).not.toBeNull();
    expect([f.streamId, f.count, f.lostBefore, f.firstSampleIndex, f.hostTimeMs, f.sentTimeMs]).toEqual([3, 3, 4, 123456789, 1.7e12 + 0.25, 1.7e12 + 9]);
    expect(f.channels.map((c) => Array.from(c))).toEqual([[1, -2, 2147483647], [-2147483648, 0, 5]]);
  });

  it('refuses truncated, padded, wrong-kind and absurd frames', () => {
    const good = encodeBatchFrame(batch, 0);
    expect(decodeBatchFrame(good.slice(0, good.byteLength - 4))).toBeNull();
    const padded = new Uint8Array(good.byteLength + 4); padded.set(new Uint8Array(good));
    expect(decodeBatchFrame(padded.buffer)).toBeNull();
    const wrongKind = good.slice(0); new DataView(wrongKind).setUint8(0, 9);
    expect(decodeBatchFrame(wrongKind)).toBeNull();
    const manyChannels = good.slice(0); new DataView(manyChannels).setUint16(2, 60000, true);
    expect(decodeBatchFrame(manyChannels)).toBeNull();
    expect(decodeBatchFrame(new ArrayBuffer(FRAME_HEADER_BYTES - 1))).toBeNull();
  });
});
