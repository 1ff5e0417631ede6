// LL1 behind the driver contract: same batches as the bare decoder, counters mapped (frames = lines), commands as bytes.
import { describe, expect, it } from 'vitest';
import { encodeHeader, encodeSample, type StreamHeader } from '../../firmware-protocol/codec.ts';
import { Ll1Driver } from '../../devices/ll1.ts';
import { totalBadFrames } from '../../devices/driver.ts';

const EMG1: StreamHeader = { rateHz: 1000, channels: [{ label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 }] };
const text = (b: Uint8Array) => String.fromCharCode(...b);

describe('Ll1Driver', () => {
  it('decodes lines into batches with the decoder counters seen as frames, lost and rejected by reason', () => {
    const got: number[] = [];
    const lost: number[] = [];
    const d = new Ll1Driver({ onBatch: (b) => { lost.push(b.lostBefore); for (let i = 0; i < b.count; i++) got.push(b.channels[0]![i]!); } });
    const lines = [encodeHeader(EMG1), encodeSample(0, [5]), encodeSample(1, [-7]), 'garbage*00', encodeSample(4, [9])];
    for (const l of lines) { const u = Uint8Array.from(l, (ch) => ch.charCodeAt(0)); d.pushLine(u, u.length, 0); }
    d.flush();
    expect(got).toEqual([5, -7, 9]);
    expect(lost).toEqual([0, 2]);
    const c = d.counters;
    expect(c.frames).toBe(5);
    expect(c.samples).toBe(3);
    expect(c.lost).toBe(2);
    expect(totalBadFrames(c)).toBe(1);
    expect(c.rejected['checksum']! + c.rejected['syntax']!).toBe(1);
    expect(d.header).toEqual(EMG1);
    d.resetCounters();
    expect([d.counters.frames, d.counters.samples, totalBadFrames(d.counters)]).toEqual([0, 0, 0]);
  });

  it('owns its commands as bytes: INFO+START until the header, STOP, ZERO', () => {
    const d = new Ll1Driver({});
    const [step] = d.startSteps();
    expect(text(step!.send)).toBe('INFO\nSTART\n');
    expect(step!.awaitReply).toBe('stream');
    expect(text(d.stopCommand())).toBe('STOP\n');
    expect(text(d.command('zero')!)).toBe('ZERO\n');
    expect(d.description.framing).toBe('lines');
  });
});
