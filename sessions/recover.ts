// Crash recovery: repairs an unfinished EDF+/BDF+ file (records = −1) from its size and updates its sidecar.
import type { Result } from '../api/contract.ts';
import * as fs from 'node:fs';
import { RECORDS_FIELD_OFFSET, asciiField } from './edf-header.ts';
import { openEdf } from './edf-reader.ts';
import { parseRecordTals } from './edf-tal.ts';
import { errCode, errDetail, type EdfError } from './errors.ts';
import { editSidecarFile, existingSidecarPath, sha256File, withEdit } from './sidecar.ts';

export interface RecoverResult {
  readonly path: string;
  /** `repaired`: header patched; `complete`: nothing to do. */
  readonly status: 'repaired' | 'complete';
  readonly records: number;
  readonly durationS: number;
  /** Bytes cut from the end (an incomplete last record, or records without a valid time-keeping TAL). */
  readonly droppedBytes: number;
  readonly sidecarUpdated: boolean;
}

/** Records at the end that are checked for a valid time-keeping TAL (zero-filled blocks after a power loss). */
const TAIL_CHECK = 8;

/**
 * Repairs an unfinished recording in place: keeps every complete record, drops an incomplete last one, patches the
 * record count. A complete file is left untouched. A sidecar next to it (x.json) gets status `recovered` + SHA-256.
 */
export async function recoverEdf(path: string): Promise<Result<RecoverResult, EdfError>> {
  const o = openEdf(path, { allowUnfinished: true });
  if (!o.ok) return o;
  const r = o.value;
  const h = r.header;
  if (h.records !== -1) {
    r.close();
    return { ok: true, value: { path, status: 'complete', records: h.records, durationS: h.records * h.recordDurationS, droppedBytes: 0, sidecarUpdated: false } };
  }
  let keep = r.records;
  const ann = r.annotationSignals[0];
  if (ann !== undefined) {
    const bytes = h.signals[ann]!.samplesPerRecord * r.bytesPerSample;
    const buf = Buffer.alloc(bytes);
    const fd = fs.openSync(path, 'r');
    try {
      while (keep > 0 && r.records - keep < TAIL_CHECK) {
        fs.readSync(fd, buf, 0, bytes, h.headerBytes + (keep - 1) * r.recordBytes + r.signalOffsets[ann]!);
        if (typeof parseRecordTals(buf) !== 'string') break;
        keep--;
      }
    } finally { fs.closeSync(fd); }
  }
  const newSize = h.headerBytes + keep * r.recordBytes;
  const dropped = r.fileBytes - newSize;
  r.close();
  try {
    const fd = fs.openSync(path, 'r+');
    try {
      fs.ftruncateSync(fd, newSize);
      fs.writeSync(fd, Buffer.from(asciiField(String(keep), 8), 'latin1'), 0, 8, RECORDS_FIELD_OFFSET);
      fs.fsyncSync(fd);
    } finally { fs.closeSync(fd); }
  } catch (e) {
    return { ok: false, error: { kind: 'io', path, code: errCode(e), detail: errDetail(e) } };
  }
  let sidecarUpdated = false;
  const sc = existingSidecarPath(path);
  if (sc !== null) {
    const sha = await sha256File(path);
    const durationS = keep * h.recordDurationS;
    const u = editSidecarFile(sc, (s) => withEdit(s, 'recording', { ...s.recording, status: 'recovered', records: keep, durationS, sha256: sha }));
    sidecarUpdated = u.ok;
  }
  return { ok: true, value: { path, status: 'repaired', records: keep, durationS: keep * h.recordDurationS, droppedBytes: dropped, sidecarUpdated } };
}

/** Finds unfinished recordings (records field = −1) among `.edf`/`.bdf` files directly inside `dir`. */
export function findUnfinished(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return out; }
  const b = Buffer.alloc(8);
  for (const n of names) {
    if (!/\.(edf|bdf)$/i.test(n)) continue;
    const p = `${dir}/${n}`;
    try {
      const fd = fs.openSync(p, 'r');
      try { if (fs.readSync(fd, b, 0, 8, RECORDS_FIELD_OFFSET) === 8 && b.toString('latin1').trim() === '-1') out.push(p); } finally { fs.closeSync(fd); }
    } catch { /* unreadable: skip */ }
  }
  return out;
}
