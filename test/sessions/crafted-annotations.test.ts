// Crafted EDF+ files against the real reader and import (issue 13 item 7 and 12): empty TAL texts skipped, count and
// length capped with a clear error, control characters stripped before display and export; CSV formula guard.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { WINDOWS_RESERVED_NAMES, idSchema, isSafeId } from '../../api/id-schema.ts';
import { sessionsErrorToApp } from '../../core/recording.ts';
import { slugOf } from '../../renderer/patients/slug.ts';
import { errorMessage } from '../../renderer/i18n/translate.ts';
import { csvField, exportCsv } from '../../sessions/csv-export.ts';
import { MAX_ANNOTATIONS } from '../../sessions/edf-annotation-scan.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { MAX_READ_TEXT_CHARS } from '../../sessions/edf-tal.ts';
import { importEdf, newSessionPaths } from '../../sessions/library.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { EMG2, batch, tmpDir } from './helpers.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A valid EDF+ (1 kHz × 2, `records` s, `annBytes` annotation bytes per record) whose annotation area is then
 * filled by `fill(recordIndex)` (the bytes after the record's time-keeping TAL). */
async function crafted(records: number, annBytes: number, fill: (r: number, room: number) => Buffer): Promise<string> {
  const p = path.join(tmpDir('loslaten-crafted-'), 'crafted.edf');
  const rec = new Recorder({ outPath: p, header: EMG2, annotationBytesPerRecord: annBytes });
  for (let s = 0; s < records; s++) rec.onBatch(batch(EMG2, s * 1000, 1000));
  await rec.close();
  const o = openEdf(p);
  if (!o.ok) throw new Error(JSON.stringify(o.error));
  const r = o.value;
  const ann = r.annotationSignals[0]!;
  const off0 = r.signalOffsets[ann]!;
  const room = r.header.signals[ann]!.samplesPerRecord * r.bytesPerSample;
  const hb = r.header.headerBytes, rb = r.recordBytes;
  r.close();
  const fd = fs.openSync(p, 'r+');
  for (let k = 0; k < records; k++) {
    const tk = Buffer.from(`+${k}\x14\x14\x00`, 'latin1');
    const body = fill(k, room - tk.length - 1);
    const area = Buffer.alloc(room);
    tk.copy(area, 0);
    body.copy(area, tk.length, 0, Math.min(body.length, room - tk.length - 1));
    fs.writeSync(fd, area, 0, room, hb + k * rb + off0);
  }
  fs.closeSync(fd);
  return p;
}

function heapMb(): number { gc(); return process.memoryUsage().heapUsed / 2 ** 20; }

describe('crafted annotation signals', () => {
  it('a 2 MB file of empty TAL texts (0x14 runs) imports with no annotations and bounded memory', async () => {
    const p = await crafted(50, 40_000, (k, room) => Buffer.concat([Buffer.from(`+${k}`, 'latin1'), Buffer.alloc(room - 8, 0x14), Buffer.from([0x14, 0])]));
    expect(fs.statSync(p).size).toBeGreaterThan(2_000_000);
    const before = heapMb();
    const data = tmpDir();
    const r = await importEdf(data, 'anna', p);
    const grown = heapMb() - before;
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const o = openEdf(r.value.edfPath);
    if (!o.ok) throw new Error('reopen');
    const a = o.value.readAnnotations();
    o.value.close();
    expect(a.ok && a.value.annotations.length).toBe(0);
    expect(grown).toBeLessThan(40);
    console.log(`crafted 2 MB of 0x14: import ok, 0 annotations, heap +${grown.toFixed(1)} MB`);
  }, 30_000);

  it('a file with more annotations than the cap is refused with a clear message in English and Dutch', async () => {
    // "a\x14" repeated: 20 000 annotations per record × 6 records.
    const p = await crafted(6, 40_000, (k, room) => Buffer.concat([Buffer.from(`+${k}\x14`, 'latin1'), Buffer.from('a\x14'.repeat(Math.floor((room - 10) / 2)), 'latin1'), Buffer.from([0])]));
    const before = heapMb();
    const r = await importEdf(tmpDir(), 'anna', p);
    expect(heapMb() - before).toBeLessThan(60);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: 'import-failed', error: { kind: 'too-many-annotations', limit: MAX_ANNOTATIONS } });
    const app = sessionsErrorToApp(r.error);
    expect(errorMessage('en', app)).toContain(`more than ${MAX_ANNOTATIONS} annotations`);
    expect(errorMessage('nl', app)).toContain(`meer dan ${MAX_ANNOTATIONS} annotaties`);
    expect(errorMessage('en', app)).not.toContain('too-many-annotations');
  }, 30_000);

  it('long texts are cut with …, control and bidi characters never reach the list or the CSV', async () => {
    const evil = '\t=HYPERLINK("http://x")\r\u202Egnp.exe\u0007 ' + 'L'.repeat(5000);
    const p = await crafted(2, 12_000, (k) => Buffer.concat([Buffer.from(`+${k}.5\x14`, 'latin1'), Buffer.from(evil, 'utf8'), Buffer.from([0x14, 0])]));
    const o = openEdf(p);
    if (!o.ok) throw new Error(JSON.stringify(o.error));
    const a = o.value.readAnnotations();
    o.value.close();
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    expect(a.value.annotations).toHaveLength(2);
    for (const x of a.value.annotations) {
      expect(x.text.length).toBe(MAX_READ_TEXT_CHARS);
      expect(x.text.endsWith('…')).toBe(true);
      // eslint-disable-next-line no-control-regex
      expect(x.text).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
      expect(x.text.startsWith('=HYPERLINK')).toBe(true);
    }
    const csv = path.join(tmpDir(), 'x.csv');
    const e = exportCsv(p, csv);
    if (!e.ok) throw new Error(JSON.stringify(e.error));
    const lines = fs.readFileSync(e.value.annotationsPath, 'utf8').trim().split('\n').slice(1);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l.split(',').slice(2).join(',')).toMatch(/^"'=HYPERLINK/);
  });

  it('the CSV guard covers a leading TAB, CR and LF as well as = + - @', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1+1', '\r=1+1', '\n=1']) expect(csvField(s).replace(/^"/, '')).toMatch(/^'/);
    expect(csvField('plain text')).toBe('plain text');
  });
});

describe('Windows reserved names as profile ids (item 11)', () => {
  it('con, nul, aux, prn, com1, lpt9 (any case) are refused at every boundary; a patient named "Con" gets con-1', () => {
    for (const id of ['con', 'CON', 'Nul', 'aux', 'prn', 'com1', 'COM9', 'lpt1', 'lpt9']) {
      expect(isSafeId(id), id).toBe(false);
      expect(idSchema.safeParse(id).success, id).toBe(false);
      expect(WINDOWS_RESERVED_NAMES.test(slugOf(id)), id).toBe(false);
      expect(isSafeId(slugOf(id)), id).toBe(true);
    }
    expect(slugOf('Con')).toBe('con-1');
    for (const id of ['connie', 'con-1', 'com10', 'auxiliary', 'nul_2']) expect(isSafeId(id), id).toBe(true);
    const data = tmpDir();
    expect(newSessionPaths(data, 'con')).toMatchObject({ ok: false, error: { kind: 'bad-id', id: 'con' } });
    expect(fs.existsSync(path.join(data, 'profiles', 'con'))).toBe(false);
  });
});
