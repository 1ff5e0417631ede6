// The reader rejects corrupt, truncated and hostile files with clear error values, never throwing or over-allocating.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEdf } from '../../sessions/edf-reader.ts';
import { describeError } from '../../sessions/errors.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { EMG2, batch, tmpDir } from './helpers.ts';

let dir = '';
let good: Buffer;
const HB = 256 * 4; // 2 data signals + annotations
const REC = 2 * 1000 * 2 + 512; // bytes per 1-s record at 1 kHz

beforeAll(async () => {
  dir = tmpDir('loslaten-hostile-');
  const r = new Recorder({ outPath: path.join(dir, 'good.edf'), header: EMG2 });
  for (let i = 0; i < 3000; i += 500) r.onBatch(batch(EMG2, i, 500));
  r.annotate(1.5, 'marker');
  const s = await r.close();
  good = fs.readFileSync(s.path);
});

let n = 0;
function variant(mutate: (b: Buffer) => Buffer | void): string {
  const b = Buffer.from(good);
  const out = mutate(b) ?? b;
  const p = path.join(dir, `v${n++}.edf`);
  fs.writeFileSync(p, out);
  return p;
}
const field = (b: Buffer, off: number, width: number, text: string): void => { b.write(text.padEnd(width, ' '), off, width, 'latin1'); };
/** Offset of signal `s`'s field in the signal header block (field offsets relative to 256, ns = 3). */
const sigField = (start: number, width: number, s: number): number => 256 + start * 3 + width * s;

function openErr(p: string): { kind: string; message: string } {
  const r = openEdf(p);
  if (r.ok) { r.value.close(); throw new Error('expected an error'); }
  return { kind: r.error.kind, message: describeError(r.error) };
}

describe('reader validation', () => {
  it('accepts the untouched file', () => {
    const r = openEdf(variant(() => {}));
    expect(r.ok).toBe(true);
    if (r.ok) r.value.close();
  });

  it.each([
    ['too small', () => Buffer.from('0       X'), 'too-small'],
    ['wrong version', (b: Buffer) => { b.write('9'); }, 'not-edf'],
    ['zero signals', (b: Buffer) => field(b, 252, 4, '0'), 'bad-signal-count'],
    ['absurd signal count', (b: Buffer) => field(b, 252, 4, '9999'), 'bad-signal-count'],
    ['signal count beyond file size', (b: Buffer) => { field(b, 252, 4, '500'); field(b, 184, 8, String(256 * 501)); return b.subarray(0, 4000); }, 'truncated'],
    ['header byte count inconsistent', (b: Buffer) => field(b, 184, 8, '768'), 'bad-field'],
    ['negative record count', (b: Buffer) => field(b, 236, 8, '-5'), 'bad-field'],
    ['non-numeric record count', (b: Buffer) => field(b, 236, 8, '1e3x'), 'bad-field'],
    ['huge record count', (b: Buffer) => field(b, 236, 8, '99999999'), 'truncated'],
    ['huge samples per record', (b: Buffer) => field(b, sigField(216, 8, 0), 8, '99999999'), 'record-too-large'],
    ['zero samples per record', (b: Buffer) => field(b, sigField(216, 8, 1), 8, '0'), 'bad-field'],
    ['digital min above max', (b: Buffer) => field(b, sigField(120, 8, 0), 8, '40000'), 'bad-field'],
    ['equal physical limits', (b: Buffer) => { field(b, sigField(104, 8, 0), 8, '5'); field(b, sigField(112, 8, 0), 8, '5'); }, 'bad-field'],
    ['control byte in the header', (b: Buffer) => { b[20] = 7; }, 'bad-field'],
    ['negative record duration', (b: Buffer) => field(b, 244, 8, '-1'), 'bad-field'],
    ['cut in the middle of a record', (b: Buffer) => b.subarray(0, HB + REC * 2 + 100), 'truncated'],
    ['bytes after the last record', (b: Buffer) => Buffer.concat([b, Buffer.alloc(10)]), 'size-mismatch'],
    ['unfinished (records = -1)', (b: Buffer) => { field(b, 236, 8, '-1'); return b.subarray(0, HB + REC * 2 + 100); }, 'unfinished'],
    ['EDF+ without annotation signal', (b: Buffer) => field(b, sigField(0, 16, 2), 16, 'Whatever'), 'bad-field'],
  ] as const)('%s', (_name, mutate, kind) => {
    const e = openErr(variant(mutate as (b: Buffer) => Buffer | void));
    expect(e.kind).toBe(kind);
    expect(e.message.length).toBeGreaterThan(10);
  });

  it('reports the complete record count of an unfinished file', () => {
    const r = openEdf(variant((b) => { field(b, 236, 8, '-1'); return b.subarray(0, HB + REC * 2 + 100); }));
    expect(r.ok).toBe(false);
    if (!r.ok && r.error.kind === 'unfinished') expect(r.error.completeRecords).toBe(2);
  });

  it('rejects broken annotations with the record number', () => {
    const annOff = (rec: number): number => HB + rec * REC + 4000;
    const cases: [(b: Buffer) => void, RegExp][] = [
      [(b) => { b.fill(0, annOff(1), annOff(1) + 512); }, /no time-keeping TAL/],
      [(b) => { b.write('+1x\x14\x14\x00', annOff(1), 'latin1'); }, /bad onset/],
      [(b) => { b.write('+7\x14\x14\x00', annOff(1), 'latin1'); }, /EDF\+C record starts at 7/],
      [(b) => { b[annOff(1) + 500] = 65; }, /non-zero byte/],
      [(b) => { b.fill(65, annOff(1), annOff(1) + 512); }, /not terminated/],
    ];
    for (const [mutate, re] of cases) {
      const r = openEdf(variant(mutate));
      if (!r.ok) throw new Error('header should be fine');
      const a = r.value.readAnnotations();
      r.value.close();
      expect(a.ok).toBe(false);
      if (!a.ok) {
        expect(a.error.kind).toBe('bad-annotation');
        expect(describeError(a.error)).toMatch(re);
        expect(describeError(a.error)).toMatch(/data record 2/);
      }
    }
  });

  it('never throws on random header corruption (property)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: HB - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }), (edits) => {
      const p = variant((b) => { for (const [i, v] of edits) b[i] = v; });
      const r = openEdf(p);
      if (r.ok) {
        const a = r.value.readAnnotations();
        expect(typeof a.ok).toBe('boolean');
        r.value.overview(16);
        r.value.close();
      } else {
        expect(describeError(r.error).length).toBeGreaterThan(5);
      }
      fs.unlinkSync(p);
    }), { numRuns: 300 });
  });
});
