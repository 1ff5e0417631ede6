// Fuzz: ≥ 10⁶ hostile lines through BoundedLineSplitter → Ll1Decoder in random chunks, checked against a model.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REJECT_REASONS, encodeHeader, encodeSample } from '../../firmware-protocol/codec.ts';
import { specSameHeader } from './ll1-spec-model.ts';
import { Prng } from '../../firmware-protocol/prng.ts';
import { HEADER_A, HEADER_B, HostileStream, UNIT_KINDS } from './fuzz-gen.ts';
import { MAX_PENDING, ReferenceModel, StackUnderTest, decoderCounts, firstDifference } from './fuzz-model.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heapMb(): number { gc(); gc(); return process.memoryUsage().heapUsed / 2 ** 20; }

/** Feeds bytes [0, len) to the stack in chunks cut at random places, often right after a CR or at an LF. */
function feedChunked(stack: StackUnderTest, buf: Uint8Array, len: number, rng: Prng): void {
  let o = 0;
  while (o < len) {
    const k = rng.nextUint32() % 20;
    let e: number;
    if (k < 2) { const cr = buf.indexOf(13, o); e = cr < 0 ? len : cr + 1; } // cut between CR and LF
    else if (k < 3) { const lf = buf.indexOf(10, o); e = lf < 0 ? len : lf; } // cut just before an LF
    else if (k < 9) e = o + 1 + (rng.nextUint32() % 8);
    else if (k < 16) e = o + 9 + (rng.nextUint32() % 300);
    else e = o + 301 + (rng.nextUint32() % 8000);
    e = Math.min(len, Math.max(e, o + 1));
    stack.write(buf, o, e);
    o = e;
  }
}

const TARGET_UNITS = 1_050_000;
const UNITS_PER_BLOCK = 2500;

describe('decoder fuzz (bulk, seeded)', () => {
  it('never throws, stays bounded, keeps every valid line exactly and counts every bad one by reason', () => {
    const t0 = performance.now();
    const gen = new HostileStream(20261125);
    const chunkRng = new Prng(99);
    const model = new ReferenceModel();
    const stack = new StackUnderTest();
    let intactSkipped = 0;
    let intactRejected = 0;
    let intactUnderChanceHeader = 0;
    let bytes = 0;
    let heap0 = 0;
    let heapMax = 0;
    let blocks = 0;
    for (let units = 0; units < TARGET_UNITS; units += UNITS_PER_BLOCK, blocks++) {
      gen.reset();
      for (let u = 0; u < UNITS_PER_BLOCK; u++) gen.unit(u === UNITS_PER_BLOCK - 1);
      const starts = gen.intactStarts;
      let p = 0;
      model.feed(gen.buf, 0, gen.len, (lineStart, type) => {
        while (p < starts.length && lineStart >= 0 && starts[p]! < lineStart) { p++; intactSkipped++; }
        if (p < starts.length && starts[p] === lineStart) {
          p++;
          if (type !== 'reject' && type !== 'ignore') return;
          // A damaged header can validate by chance (two flips cancel in the XOR): then the stream's ranges differ.
          const h = model.header;
          if (h && !specSameHeader(h, HEADER_A) && !specSameHeader(h, HEADER_B)) intactUnderChanceHeader++;
          else intactRejected++;
        }
      });
      intactSkipped += starts.length - p;
      feedChunked(stack, gen.buf, gen.len, chunkRng);
      stack.decoder.flush();
      bytes += gen.len;
      const diff = firstDifference(stack.out, model.out);
      if (diff >= 0) {
        throw new Error(`block ${blocks}: samples differ at flat index ${diff}: got ${JSON.stringify(stack.out.slice(diff, diff + 8))}, want ${JSON.stringify(model.out.slice(diff, diff + 8))}`);
      }
      stack.out.length = 0;
      model.out.length = 0;
      if (blocks === 8) heap0 = heapMb();
      if (blocks > 8 && blocks % 60 === 0) heapMax = Math.max(heapMax, heapMb());
    }
    const heapEnd = heapMb();
    heapMax = Math.max(heapMax, heapEnd);
    const got = decoderCounts(stack.decoder);
    expect(got).toEqual(model.counts);
    const c = stack.decoder.counters;
    const rejected = REJECT_REASONS.reduce((n, r) => n + c.rejected[r], 0);
    expect(c.samples + c.headers + c.idents + c.events + c.ignored + rejected).toBe(c.lines);
    expect(c.lines).toBeGreaterThanOrEqual(1_000_000);
    for (const r of REJECT_REASONS) expect(c.rejected[r], r).toBeGreaterThan(0);
    for (const k of UNIT_KINDS) expect(gen.emitted[k], k).toBeGreaterThan(0);
    // Every valid line that stood on its own line was accepted; damaged lines that still validate were accepted too.
    expect(intactSkipped).toBe(0);
    expect(intactRejected).toBe(0);
    const accepted = c.samples + c.headers + c.idents + c.events;
    expect(accepted).toBeGreaterThanOrEqual(gen.intactValid - intactUnderChanceHeader);
    expect(intactUnderChanceHeader).toBeLessThan(gen.intactValid / 1000);
    expect(stack.maxPending).toBeLessThanOrEqual(MAX_PENDING);
    expect(stack.maxQueued).toBe(0);
    expect(stack.parser.bytesIn).toBe(bytes);
    const growth = heapMax - heap0;
    expect(growth).toBeLessThan(8);
    const report = {
      lines: c.lines, bytes, units: TARGET_UNITS, emitted: gen.emitted, intactValid: gen.intactValid, intactRejectedUnderChanceHeader: intactUnderChanceHeader,
      samples: c.samples, headers: c.headers, idents: c.idents, events: c.events, ignored: c.ignored, lost: c.lost,
      streams: stack.decoder.currentStreamId, headerSwitchesSent: gen.emitted['header-switch'], rejected: c.rejected, maxPendingBytes: stack.maxPending,
      heapGrowthMb: +growth.toFixed(2), seconds: +((performance.now() - t0) / 1000).toFixed(1),
    };
    console.log('decoder fuzz:', JSON.stringify(report));
  }, 120_000);
});

// ---- shrinkable property cases (fast-check, fewer runs) ----

const sampleLine = fc.record({ seq: fc.integer({ min: 0, max: 65535 }), a: fc.integer({ min: -32768, max: 32767 }), b: fc.integer({ min: -32768, max: 32767 }) })
  .map(({ seq, a, b }) => encodeSample(seq, [a, b]));
const validLine = fc.oneof({ weight: 6, arbitrary: sampleLine }, fc.constant(encodeHeader(HEADER_A)), fc.constant(encodeHeader(HEADER_B)));
const toBytes = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);
const damaged = fc.oneof(
  fc.tuple(validLine, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 3 }))
    .map(([l, flips]) => { const b = toBytes(l); for (const [p, bit] of flips) b[p % b.length]! ^= 1 << bit; return b; }),
  fc.tuple(validLine, fc.nat()).map(([l, cut]) => toBytes(l.slice(0, cut % l.length))),
  fc.uint8Array({ maxLength: 300 }),
  fc.uint8Array({ minLength: 250, maxLength: 400 }).map((b) => b.map((x) => (x === 10 ? 48 : x))),
  fc.tuple(validLine, fc.integer({ min: 1, max: 600 })).map(([l, n]) => toBytes(l.slice(0, -3).padEnd(l.length - 3 + n, '0') + l.slice(-3))),
);
/** A run of consecutive samples with one small seq gap (or none), wrapping at 65535. */
const sampleRun = fc.record({ seq: fc.integer({ min: 65500, max: 65535 }), n: fc.integer({ min: 1, max: 40 }), skipAt: fc.nat(), skip: fc.integer({ min: 0, max: 2 }) })
  .map(({ seq, n, skipAt, skip }) => {
    const lines: string[] = [];
    for (let k = 0; k < n; k++) { if (k === skipAt % n) seq += skip; lines.push(encodeSample(seq++ & 0xffff, [k, -k])); }
    return toBytes(lines.join('\n'));
  });
const unit = fc.tuple(fc.oneof({ weight: 3, arbitrary: validLine.map(toBytes) }, { weight: 2, arbitrary: sampleRun }, { weight: 2, arbitrary: damaged }), fc.constantFrom('\n', '\r\n', '\r\r\n', '', '\n\n'));
const stream = fc.tuple(fc.array(unit, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 40 }))
  .map(([units, cuts]) => {
    const parts: number[] = [];
    for (const [b, t] of units) { parts.push(...b); for (const ch of t) parts.push(ch.charCodeAt(0)); }
    return { bytes: Uint8Array.from(parts), cuts };
  });

describe('decoder fuzz (fast-check properties)', () => {
  it('parser + decoder agree with the reference model for any stream and any chunking', () => {
    fc.assert(fc.property(stream, fc.constantFrom(1, 3, 4096), ({ bytes, cuts }, maxBatch) => {
      const model = new ReferenceModel();
      const stack = new StackUnderTest(maxBatch);
      model.feed(bytes, 0, bytes.length);
      let o = 0;
      for (let i = 0; o < bytes.length; i++) { const e = Math.min(bytes.length, o + cuts[i % cuts.length]!); stack.write(bytes, o, e); o = e; }
      stack.decoder.flush();
      expect(firstDifference(stack.out, model.out)).toBe(-1);
      expect(decoderCounts(stack.decoder)).toEqual(model.counts);
      expect(stack.maxPending).toBeLessThanOrEqual(MAX_PENDING);
    }), { numRuns: 3000, seed: 4242 });
  });

  it('the parser splits any byte stream exactly like a plain split at LF, overlong lines cut to one marker', () => {
    const nearLimit = fc.tuple(fc.integer({ min: 250, max: 262 }), fc.boolean()) // lines right at the 256 + CR limit
      .map(([n, cr]) => { const b = new Uint8Array(n + 1).fill(0x41); b[n - 1] = cr ? 13 : 0x41; b[n] = 10; return b; });
    const bytesArb = fc.array(fc.oneof(fc.uint8Array({ maxLength: 320 }), nearLimit, fc.constantFrom(Uint8Array.of(10), Uint8Array.of(13, 10), Uint8Array.of(13))), { maxLength: 30 })
      .map((parts) => Uint8Array.from(parts.flatMap((p) => [...p])));
    fc.assert(fc.property(bytesArb, fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }), (bytes, cuts) => {
      const want: string[] = [];
      let s = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] !== 10) continue;
        want.push(i - s > MAX_PENDING ? '<too-long>' : Buffer.from(bytes.subarray(s, i)).toString('latin1'));
        s = i + 1;
      }
      const stack = new StackUnderTest();
      const got: string[] = [];
      stack.parser.removeAllListeners('data');
      stack.parser.on('data', (l: Buffer) => got.push(l.length > MAX_PENDING ? '<too-long>' : l.toString('latin1')));
      let o = 0;
      for (let i = 0; o < bytes.length; i++) { const e = Math.min(bytes.length, o + cuts[i % cuts.length]!); stack.write(bytes, o, e); o = e; }
      expect(got).toEqual(want);
      expect(stack.maxPending).toBeLessThanOrEqual(MAX_PENDING);
    }), { numRuns: 3000, seed: 777 });
  });
});
