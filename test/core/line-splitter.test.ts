// The bounded readline parser: splits lines across chunks, drops overlong lines without buffering them.
import { describe, expect, it } from 'vitest';
import { BoundedLineSplitter } from '../../core/device/line-splitter.ts';
import { Ll1Decoder } from '../../firmware-protocol/decoder.ts';
import { encodeHeader, encodeSample } from '../../firmware-protocol/codec.ts';

function run(chunks: Buffer[]): string[] {
  const p = new BoundedLineSplitter();
  const out: string[] = [];
  p.on('data', (l: Buffer) => out.push(l.length > 257 ? `<too-long:${l.length}>` : l.toString('latin1')));
  for (const c of chunks) p.write(c);
  return out;
}

describe('BoundedLineSplitter', () => {
  it('joins lines split across chunks, at every split position', () => {
    const text = 'ab\r\ncd\n\nefgh\n';
    for (let cut = 0; cut <= text.length; cut++) {
      expect(run([Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut))]), `cut ${cut}`).toEqual(['ab\r', 'cd', '', 'efgh']);
    }
  });

  it('keeps a 256-byte line plus CR, and cuts one byte more — in one chunk or byte by byte', () => {
    const ok = 'x'.repeat(256) + '\r';
    const long = 'y'.repeat(258);
    const text = `${ok}\n${long}\nnext\n`;
    expect(run([Buffer.from(text)])).toEqual([ok, '<too-long:258>', 'next']);
    expect(run([...Buffer.from(text)].map((b) => Buffer.from([b])))).toEqual([ok, '<too-long:258>', 'next']);
  });

  it('never holds more than one maximal line while a line without end streams in', () => {
    const p = new BoundedLineSplitter();
    const lines: number[] = [];
    p.on('data', (l: Buffer) => lines.push(l.length));
    const heapBefore = process.memoryUsage().heapUsed;
    const junk = Buffer.alloc(64 * 1024, 0x41);
    for (let i = 0; i < 800; i++) p.write(junk); // 50 MiB without a newline
    const grown = process.memoryUsage().heapUsed - heapBefore;
    p.write(Buffer.from('\n1\n'));
    expect(lines).toEqual([258, 1]);
    expect(p.bytesIn).toBe(800 * 64 * 1024 + 3);
    expect(grown).toBeLessThan(20 * 1024 * 1024); // far below the 50 MiB that went through
  });

  it('feeds the decoder: an overlong line counts as too-long, the stream around it is intact', () => {
    const d = new Ll1Decoder({});
    const p = new BoundedLineSplitter();
    p.on('data', (l: Buffer) => d.pushLine(l, l.length, 0));
    const h = { rateHz: 100, channels: [{ label: 'P', kind: 'pressure' as const, unit: 'mmHg' as const, scale: 0.01, rawMin: 0, rawMax: 30000 }] };
    p.write(Buffer.from(encodeHeader(h) + '\n' + encodeSample(0, [1]) + '\n' + '9'.repeat(1000) + '\n' + encodeSample(1, [2]) + '\r\n'));
    expect(d.counters.samples).toBe(2);
    expect(d.counters.rejected['too-long']).toBe(1);
    expect(d.counters.lost).toBe(0);
  });

  it('with a sink: the same lines as the stream, fed from one reused read buffer, handed in one reused line buffer', () => {
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    let text = '';
    for (let i = 0; i < 3000; i++) {
      const r = rnd(20);
      text += r === 0 ? 'z'.repeat(200 + rnd(400)) : r === 1 ? '' : `${i},${rnd(99999)},-${rnd(999)}*${(i % 256).toString(16)}`;
      text += rnd(5) === 0 ? '\r\n' : '\n';
    }
    const bytes = Buffer.from(text + 'unfinished', 'latin1');
    const expected = run([bytes]);
    const got: string[] = [];
    const buffers = new Set<Uint8Array>();
    const p = new BoundedLineSplitter((line, length) => {
      buffers.add(line);
      got.push(length > 257 ? `<too-long:${length}>` : Buffer.from(line.buffer, line.byteOffset, length).toString('latin1'));
    });
    // A read buffer reused for every read, with stale bytes past each read's length: only `length` bytes count.
    const scratch = Buffer.alloc(700, 0x0a);
    for (let at = 0; at < bytes.length;) {
      const n = Math.min(1 + rnd(700), bytes.length - at);
      scratch.fill(0x0a);
      bytes.copy(scratch, 0, at, at + n);
      p.feed(scratch, n);
      at += n;
    }
    expect(got).toEqual(expected);
    expect(got.length).toBeGreaterThan(2900);
    expect(p.bytesIn).toBe(bytes.length);
    // One buffer for ordinary lines and the shared marker for overlong ones: nothing allocated per line.
    expect(buffers.size).toBeLessThanOrEqual(2);
  });
});
