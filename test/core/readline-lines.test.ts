// Text lines through the real @serialport/parser-readline behind the length guard: same lines, bounded memory.
import { describe, expect, it } from 'vitest';
import { ReadlineParser } from '@serialport/parser-readline';
import { ReadlineLines } from '../../core/device/readline-lines.ts';

function run(max: number, parts: string[]): string[] {
  const out: string[] = [];
  const r = new ReadlineLines(max, (l, n) => out.push(String.fromCharCode(...l.subarray(0, n))));
  for (const s of parts) { const b = Uint8Array.from(s, (c) => c.charCodeAt(0)); r.feed(b, b.length); }
  return out;
}

describe('ReadlineLines', () => {
  it('is the real ReadlineParser: lines split across reads come out whole, in order', () => {
    const r = new ReadlineLines(256, () => undefined);
    expect(r.parser).toBeInstanceOf(ReadlineParser);
    expect(run(256, ['12,3', '4\n5 6\r\n7', '', '\n'])).toEqual(['12,34', '5 6\r', '7']);
  });

  it('cuts a line longer than the limit to limit + 1 bytes (the driver rejects it as too long) and drops the rest', () => {
    expect(run(5, ['12\n1234567890\n', 'ab', 'cdefgh', 'ij\nxy\n', 'z'.repeat(100), '\nok\n'])).toEqual(['12', '123456', 'abcdef', 'xy', 'zzzzzz', 'ok']);
  });

  it('a device that never sends a newline: 50 MiB cost at most limit + 1 bytes of buffer', () => {
    const r = new ReadlineLines(256, () => undefined);
    const junk = new Uint8Array(1 << 20).fill(0x41);
    for (let i = 0; i < 50; i++) r.feed(junk, junk.length);
    const held = (r.parser as unknown as { buffer: Buffer }).buffer.length;
    expect(held).toBeLessThanOrEqual(257);
    expect(r.droppedBytes).toBe(50 * junk.length - 257);
  });
});
