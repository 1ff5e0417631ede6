// CSV export of an EDF+ whose channels have different rates (written by EDFlib, not the app): one row per moment at
// which any channel has a sample, empty cells where a channel has none; nothing interpolated or repeated.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCsv } from '../../sessions/csv-export.ts';
import { tmpDir } from './helpers.ts';

/** EDFlib-written EDF+ with the given signals (sample counts per 1-s record) and values = f(signal, index). */
function edflibFile(dir: string, sprs: readonly number[], records: number, value: (s: number, i: number) => number): string {
  if (!fs.existsSync('/usr/include/edflib.h')) throw new Error('EDFlib header /usr/include/edflib.h missing (apt-get install libedf-dev)');
  const writer = path.join(dir, 'edflib-write');
  if (!fs.existsSync(writer)) execFileSync('cc', ['-O1', '-o', writer, path.resolve('test/fixtures/edflib-write.c'), '-ledf']);
  const spec = [`signals ${sprs.length} records ${records}`, ...sprs.map((n, s) => `${n} -32768 32767 -32768 32767 S${s}|${s === 0 ? 'uV' : 'mmHg'}`), 'annotations 1', '0.5 -1 marker: m'].join('\n') + '\n';
  const vals: number[] = [];
  for (let r = 0; r < records; r++) for (const [s, n] of sprs.entries()) for (let j = 0; j < n; j++) vals.push(value(s, r * n + j));
  const specPath = path.join(dir, 'x.spec'), bin = path.join(dir, 'x.f64'), out = path.join(dir, `mixed-${sprs.join('-')}.edf`);
  fs.writeFileSync(specPath, spec);
  fs.writeFileSync(bin, Buffer.from(Float64Array.from(vals).buffer));
  execFileSync(writer, [specPath, bin, out]);
  return out;
}

describe('CSV export, channels at different rates', () => {
  it('EMG at 200 Hz with pressure at 50 Hz: 200 rows a second, pressure in every 4th, empty cells between', () => {
    const dir = tmpDir();
    const edf = edflibFile(dir, [200, 50], 2, (s, i) => (s === 0 ? i : 500 + i));
    const csv = path.join(dir, 'out.csv');
    const r = exportCsv(edf, csv);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time_s,S0 (uV),S1 (mmHg)');
    expect(r.value.rows).toBe(400);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows[0]!.map(Number)).toEqual([0, 0, 500]);
    expect(rows[1]![2]).toBe('');
    expect(rows[1]!.slice(0, 2).map(Number)).toEqual([0.005, 1]);
    expect(rows[4]!.map(Number)).toEqual([0.02, 4, 501]);
    expect(rows[399]![2]).toBe('');
    expect(rows[399]!.slice(0, 2).map(Number)).toEqual([1.995, 399]);
    const pressure = rows.filter((x) => x[2] !== '').map((x) => Number(x[2]));
    expect(pressure).toEqual(Array.from({ length: 100 }, (_, i) => 500 + i)); // every sample once, in order
    expect(rows.filter((x) => x[1] !== '').map((x) => Number(x[1]))).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  it('rates that do not divide (3 and 2 a second) share the moments they have in common', () => {
    const dir = tmpDir();
    const edf = edflibFile(dir, [3, 2], 1, (s, i) => (s === 0 ? 10 + i : 20 + i));
    const csv = path.join(dir, 'o.csv');
    expect(exportCsv(edf, csv).ok).toBe(true);
    const rows = fs.readFileSync(csv, 'utf8').trim().split('\n').slice(1);
    expect(rows.map((l) => l.split(',').map((x) => (x === '' ? null : Number(x))))).toEqual([[0, 10, 20], [0.333, 11, null], [0.5, null, 21], [0.667, 12, null]]);
  });
});
