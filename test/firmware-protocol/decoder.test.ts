// Streaming decoder: contiguous batches, every rejection reason, wrap-around loss, header changes mid-stream.
import { describe, expect, it } from 'vitest';
import { Ll1Decoder, type SampleBatch } from '../../firmware-protocol/decoder.ts';
import { encodeEvent, encodeHeader, encodeIdent, encodeSample, parseLine, withChecksum, type StreamHeader } from '../../firmware-protocol/codec.ts';

const EMG2: StreamHeader = { rateHz: 2000, channels: ['PF', 'ABD'].map((label) => ({ label, kind: 'emg' as const, unit: 'uV' as const, scale: 0.1, rawMin: -32768, rawMax: 32767 })) };
const P1: StreamHeader = { rateHz: 100, channels: [{ label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: -5000, rawMax: 30000 }] };

interface Copy { streamId: number; first: number; lostBefore: number; values: number[][] }

function decode(lines: string[], maxBatchSamples = 4096): { d: Ll1Decoder; batches: Copy[] } {
  const batches: Copy[] = [];
  const d = new Ll1Decoder({
    onBatch: (b: SampleBatch) => batches.push({ streamId: b.streamId, first: b.firstSampleIndex, lostBefore: b.lostBefore, values: b.channels.map((c) => Array.from(c.subarray(0, b.count))) }),
  }, { maxBatchSamples });
  for (const l of lines) { const buf = Buffer.from(l, 'latin1'); d.pushLine(buf, buf.length, 0); }
  d.flush();
  return { d, batches };
}

describe('Ll1Decoder', () => {
  it('round-trips what the encoder writes', () => {
    const header = encodeHeader(EMG2);
    expect(parseLine(header, null)).toEqual({ type: 'header', header: EMG2 });
    expect(parseLine(encodeIdent({ vendor: 'V', model: 'M', serial: 'S1', firmware: '2.0' }), null)).toEqual({ type: 'ident', ident: { vendor: 'V', model: 'M', serial: 'S1', firmware: '2.0' } });
    expect(parseLine(encodeEvent({ name: 'lead-off', args: ['PF'] }), null)).toEqual({ type: 'event', event: { name: 'lead-off', args: ['PF'] } });
    expect(parseLine(encodeSample(65535, [-32768, 32767]), EMG2)).toEqual({ type: 'sample', seq: 65535, raws: [-32768, 32767] });
  });

  it('batches consecutive samples per channel and splits batches at gaps and at the size limit', () => {
    const lines = [encodeHeader(EMG2)];
    for (let s = 0; s < 10; s++) if (s !== 4 && s !== 5) lines.push(encodeSample(s, [s, -s]));
    const { d, batches } = decode(lines, 3);
    expect(batches.map((b) => [b.first, b.values[0]!.length, b.lostBefore])).toEqual([[0, 3, 0], [3, 1, 0], [6, 3, 2], [9, 1, 0]]);
    expect(batches.flatMap((b) => b.values[1])).toEqual([0, -1, -2, -3, -6, -7, -8, -9]);
    expect(d.counters.lost).toBe(2);
    expect(d.counters.samples).toBe(8);
  });

  it('counts every rejection reason under its name and keeps the valid lines', () => {
    const bad = [
      encodeSample(0, [1, 2]),                    // no-header
      encodeHeader(EMG2),
      encodeSample(0, [1, 2]).slice(0, -2) + '00', // checksum
      withChecksum('1,a,2'),                       // syntax
      withChecksum('1,1'),                         // channels
      encodeSample(1, [40000, 0]),                 // range
      encodeSample(1, [9999999999, 0]),            // range (beyond int32, must not wrap)
      '1'.repeat(300),                             // too-long
      encodeSample(1, [5, 6]),
    ];
    const { d, batches } = decode(bad);
    expect(d.counters.rejected).toEqual({ 'no-header': 1, checksum: 1, syntax: 1, channels: 1, range: 2, 'too-long': 1 });
    expect(batches.flatMap((b) => b.values[0])).toEqual([5]);
  });

  it('counts loss across the 65535 → 0 wrap-around', () => {
    const { d, batches } = decode([encodeHeader(P1), encodeSample(65533, [1]), encodeSample(65534, [2]), encodeSample(1, [3]), encodeSample(2, [4])]);
    expect(d.counters.lost).toBe(2); // 65535 and 0
    expect(batches.map((b) => b.first)).toEqual([0, 4]);
  });

  it('starts a new stream when the header changes mid-stream, and nothing when it repeats', () => {
    const { d, batches } = decode([
      encodeHeader(EMG2), encodeSample(10, [1, 1]), encodeHeader(EMG2), encodeSample(11, [2, 2]),
      encodeHeader(P1), encodeSample(500, [2500]), encodeSample(501, [2501]),
    ]);
    expect(batches.map((b) => [b.streamId, b.first, b.values.length])).toEqual([[1, 0, 2], [2, 0, 1]]);
    expect(batches[0]!.values[0]).toEqual([1, 2]);
    expect(batches[1]!.values[0]).toEqual([2500, 2501]);
    expect(d.counters.lost).toBe(0);
    expect(d.currentHeader).toEqual(P1);
  });

  it('reports device events at their place on the sample clock', () => {
    const events: [string, number][] = [];
    const d = new Ll1Decoder({ onEvent: (e, i) => events.push([e.name + ':' + e.args.join(','), i]) });
    for (const l of [encodeHeader(P1), encodeSample(0, [1]), encodeSample(1, [1]), encodeEvent({ name: 'lead-off', args: ['P'] }), encodeSample(2, [1])]) {
      const b = Buffer.from(l); d.pushLine(b, b.length, 0);
    }
    expect(events).toEqual([['lead-off:P', 2]]);
  });
});
