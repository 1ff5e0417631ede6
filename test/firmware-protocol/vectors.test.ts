// Runs every shared LL1 test vector through one fresh decoder, in order.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ll1Decoder } from '../../firmware-protocol/decoder.ts';
import { REJECT_REASONS, type StreamHeader } from '../../firmware-protocol/codec.ts';
import { specLine, type SpecHeader } from '../reliability/ll1-spec-model.ts';

interface Vector { line: string; expect: string; lost?: number; note?: string }

const vectorPath = resolve(__dirname, '../../../shared/protocol/ll1-vectors.json');
const fallbackPath = resolve(__dirname, '../fixtures/ll1-vectors.json');

describe('LL1 shared test vectors', () => {
  const path = existsSync(vectorPath) ? vectorPath : fallbackPath;
  const vectors = JSON.parse(readFileSync(path, 'utf8')) as Vector[];

  it('the values the notes are about: -0 is 0, the raw range is inclusive, raw × scale = 25.00 mmHg', () => {
    const got: number[][] = [];
    let header: StreamHeader | null = null;
    const d = new Ll1Decoder({ onBatch: (b) => { header = b.header; for (let i = 0; i < b.count; i++) got.push(b.channels.map((c) => c[i]!)); } }, { maxBatchSamples: 1 });
    const push = (line: string) => { const b = Buffer.from(line, 'latin1'); d.pushLine(b, b.length, 0); };
    const byNote = (re: RegExp) => vectors.find((v) => re.test(v.note ?? ''))!;
    push(byNote(/^2 channels at 2000 Hz/).line);
    push(byNote(/^-0 is 0/).line);
    push(byNote(/raw range inclusive/).line);
    expect(got).toEqual([[0, 0], [32767, -32768]]);
    expect(Object.is(got[0]![1], -0)).toBe(false);
    push(byNote(/1 pressure channel at 100 Hz/).line);
    push(byNote(/25\.00 mmHg/).line);
    const h = header as StreamHeader | null;
    expect(got.at(-1)).toEqual([2500]);
    expect(h?.channels[0]?.unit).toBe('mmHg');
    expect((got.at(-1)![0]! * h!.channels[0]!.scale).toFixed(2)).toBe('25.00');
  });

  it('has vectors to run', () => {
    expect(vectors.length).toBeGreaterThan(20);
  });

  it('decodes every vector as specified', () => {
    const seen: string[] = [];
    const decoded: { raws: number[]; header: StreamHeader }[] = [];
    const d = new Ll1Decoder({
      onBatch: (b) => { for (let i = 0; i < b.count; i++) decoded.push({ raws: b.channels.map((c) => c[i]!), header: b.header }); },
      onHeader: () => seen.push('header'),
      onIdent: () => seen.push('ident'),
      onEvent: () => seen.push('event'),
      onReject: (r) => seen.push('reject:' + r),
    }, { maxBatchSamples: 1 });
    let samplesBefore = 0;
    let specHeader: SpecHeader | null = null;
    let checkedValues = 0;
    for (const [i, v] of vectors.entries()) {
      // The values a decoder must produce, from the PROTOCOL.md model (not from the codec).
      const spec = specLine(v.line, specHeader);
      if (spec.type === 'header') specHeader = spec.header;
      seen.length = 0;
      const lostBefore = d.counters.lost;
      const ignoredBefore = d.counters.ignored;
      samplesBefore = d.counters.samples;
      const bytes = Buffer.from(v.line, 'latin1');
      d.pushLine(bytes, bytes.length, 0);
      let got: string;
      if (d.counters.samples === samplesBefore + 1) got = 'sample';
      else if (d.counters.ignored === ignoredBefore + 1) got = 'ignore';
      else got = seen[0] ?? 'nothing';
      expect(got, `vector ${i}: ${JSON.stringify(v.line)} (${v.note ?? ''})`).toBe(v.expect);
      if (v.lost !== undefined) expect(d.counters.lost - lostBefore, `lost at vector ${i}`).toBe(v.lost);
      expect(spec.type === 'reject' ? `reject:${spec.reason}` : spec.type, `model at vector ${i}`).toBe(v.expect);
      if (v.expect === 'sample') {
        d.flush();
        const s = decoded.pop();
        if (spec.type !== 'sample' || !s) throw new Error(`vector ${i}: no sample decoded`);
        // Decoded values equal the written integers exactly (-0 is 0; the raw range is inclusive at both ends).
        expect(s.raws, `values at vector ${i}: ${v.line}`).toEqual(spec.raws);
        for (const x of s.raws) expect(Object.is(x, -0), `vector ${i} keeps no -0`).toBe(false);
        checkedValues++;
      }
    }
    expect(checkedValues).toBe(vectors.filter((v) => v.expect === 'sample').length);
    // every reason named by the vectors was counted
    for (const r of REJECT_REASONS) {
      const n = vectors.filter((v) => v.expect === 'reject:' + r).length;
      expect(d.counters.rejected[r], r).toBe(n);
    }
  });
});
