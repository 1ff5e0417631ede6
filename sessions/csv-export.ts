// CSV export of a recording: time in s + one physical column per channel (units in the header); annotations CSV.
import type { Result } from '../api/contract.ts';
import * as fs from 'node:fs';
import { openEdf } from './edf-reader.ts';
import { errCode, errDetail, type EdfError } from './errors.ts';

export interface CsvExportResult {
  readonly csvPath: string;
  readonly annotationsPath: string;
  readonly rows: number;
  readonly annotations: number;
}

/** `x.csv` → `x.annotations.csv`. */
export function annotationsCsvPath(csvPath: string): string {
  return /\.csv$/i.test(csvPath) ? csvPath.slice(0, -4) + '.annotations.csv' : csvPath + '.annotations.csv';
}

/**
 * Quotes a CSV field when needed; a leading =, +, -, @, TAB, CR or LF gets a `'` so spreadsheets do not run it as a
 * formula (a TAB or CR before `=` is skipped by some spreadsheets, which then run what follows).
 */
export function csvField(s: string): string {
  const t = /^[=+\-@\t\r\n]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/**
 * Writes `<csvPath>` (header `time_s,<label> (<unit>),…`, time from each record's start on the file's own time axis,
 * so EDF+D gaps show as jumps) and the annotations CSV (`onset_s,duration_s,text`). Channels at different rates
 * (valid EDF+, e.g. EMG at 2 kHz with pressure at 50 Hz) share one file: one row per moment at which any channel has a
 * sample, and an empty cell where a channel has none at that moment (nothing is interpolated or repeated).
 */
export function exportCsv(edfPath: string, csvPath: string): Result<CsvExportResult, EdfError> {
  const o = openEdf(edfPath);
  if (!o.ok) return o;
  const r = o.value;
  try {
    const h = r.header;
    const sigs = r.dataSignals;
    const sprs = sigs.map((s) => h.signals[s]!.samplesPerRecord);
    const maxSpr = Math.max(1, ...sprs);
    const ann = r.readAnnotations();
    if (!ann.ok) return ann;
    const recS = h.recordDurationS;
    const rate = maxSpr / recS;
    const tDec = Math.min(9, Math.max(3, Math.ceil(Math.log10(rate)) + 1));
    const gains = sigs.map((s) => r.gain(s));
    const vDec = gains.map((g) => Math.min(9, Math.max(0, Math.ceil(-Math.log10(Math.abs(g.gain))) + 2)));
    const annPath = annotationsCsvPath(csvPath);
    // Rows of one record: each moment j/spr (as a fraction of the record) at which some channel has a sample, in order;
    // `at[c]` = that channel's sample index there, or -1. Exact: fractions compared by cross-multiplying integers.
    const rowsOfRecord: { frac: number; at: Int32Array }[] = [];
    const next = sprs.map(() => 0);
    for (;;) {
      let best = -1;
      for (let c = 0; c < sigs.length; c++) {
        if (next[c]! >= sprs[c]!) continue;
        if (best < 0 || next[c]! * sprs[best]! < next[best]! * sprs[c]!) best = c;
      }
      if (best < 0) break;
      const at = new Int32Array(sigs.length).fill(-1);
      for (let c = 0; c < sigs.length; c++) {
        if (next[c]! < sprs[c]! && next[c]! * sprs[best]! === next[best]! * sprs[c]!) at[c] = next[c]!;
      }
      rowsOfRecord.push({ frac: next[best]! / sprs[best]!, at });
      for (let c = 0; c < sigs.length; c++) if (at[c]! >= 0) next[c]!++;
    }
    let rows = 0;
    const fd = fs.openSync(csvPath, 'w', 0o600);
    try {
      fs.writeSync(fd, ['time_s', ...sigs.map((s) => csvField(`${h.signals[s]!.label} (${h.signals[s]!.physicalDimension})`))].join(',') + '\n');
      const bps = r.bytesPerSample;
      r.forEachChunk(0, r.records, (buf, first, n) => {
        let out = '';
        for (let k = 0; k < n; k++) {
          const t0 = ann.value.recordOnsetsS[first + k]!;
          for (const row of rowsOfRecord) {
            let line = (t0 + row.frac * recS).toFixed(tDec);
            for (let si = 0; si < sigs.length; si++) {
              const j = row.at[si]!;
              if (j < 0) { line += ','; continue; }
              const p = k * r.recordBytes + r.signalOffsets[sigs[si]!]! + j * bps;
              const d = bps === 2 ? buf.readInt16LE(p) : (buf[p]! | (buf[p + 1]! << 8) | ((buf[p + 2]! << 24) >> 8));
              line += ',' + (gains[si]!.offset + d * gains[si]!.gain).toFixed(vDec[si]!);
            }
            out += line + '\n';
            rows++;
          }
        }
        fs.writeSync(fd, out);
      });
    } finally { fs.closeSync(fd); }
    const lines = ['onset_s,duration_s,text', ...ann.value.annotations.map((a) => `${a.onsetS},${a.durationS ?? ''},${csvField(a.text)}`)];
    fs.writeFileSync(annPath, lines.join('\n') + '\n', { mode: 0o600 });
    return { ok: true, value: { csvPath, annotationsPath: annPath, rows, annotations: ann.value.annotations.length } };
  } catch (e) {
    return { ok: false, error: { kind: 'io', path: csvPath, code: errCode(e), detail: errDetail(e) } };
  } finally {
    r.close();
  }
}
