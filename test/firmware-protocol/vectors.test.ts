// Runs every shared LL1 test vector through one fresh decoder, in order.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ll1Decoder } from '../../firmware-protocol/decoder.ts';
import { REJECT_REASONS } from '../../firmware-protocol/codec.ts';

interface Vector { line: string; expect: string; lost?: number; note?: string }

const vectorPath = resolve(__dirname, '../../../shared/protocol/ll1-vectors.json');
const fallbackPath = resolve(__dirname, '../fixtures/ll1-vectors.json');

describe('LL1 shared test vectors', () => {
  const path = existsSync(vectorPath) ? vectorPath : fallbackPath;
  const vectors = JSON.parse(readFileSync(path, 'utf8')) as Vector[];

  it('has vectors to run', () => {
    expect(vectors.length).toBeGreaterThan(20);
  });

  it('decodes every vector as specified', () => {
    const seen: string[] = [];
    const d = new Ll1Decoder({
      onHeader: () => seen.push('header'),
      onIdent: () => seen.push('ident'),
      onEvent: () => seen.push('event'),
      onReject: (r) => seen.push('reject:' + r),
    }, { maxBatchSamples: 1 });
    let samplesBefore = 0;
    for (const [i, v] of vectors.entries()) {
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
    }
    // every reason named by the vectors was counted
    for (const r of REJECT_REASONS) {
      const n = vectors.filter((v) => v.expect === 'reject:' + r).length;
      expect(d.counters.rejected[r], r).toBe(n);
    }
  });
});
