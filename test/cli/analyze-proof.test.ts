// Proof of the analysis (issue 12): synthetic recordings with known answers, written by EDFlib (not the app's writer),
// analysed by `loslaten analyze --json` / sessions/analysis.ts and recomputed independently with numpy/scipy from the
// JSON's definitions. Filled samples, the filter start-up, baseline-only resting tone, unknown phases, latencies on
// steps and every unit. Prints the table (metric, expected, app, error). Missing tools (cc, libedf-dev, numpy/scipy)
// fail the suite.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseRecording, analysisJson } from '../../sessions/analysis.ts';
import { tmpDir } from '../sessions/helpers.ts';

const RATE = 1000;
const PY = '/usr/bin/python3';
let dir = '';
let writer = '';

/** Deterministic Gaussian noise (mulberry32 + Box–Muller). */
function gauss(seed: number): () => number {
  let a = seed >>> 0;
  const u = (): number => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296; };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

interface Sig { label: string; dim: string; physMin: number; physMax: number; values: Float64Array }
interface Ann { onsetS: number; durationS?: number; text: string }

/** Writes an EDF+ file with EDFlib through test/fixtures/edflib-write.c (1-s records, 16-bit). */
function writeEdf(name: string, sigs: readonly Sig[], anns: readonly Ann[]): string {
  const records = sigs[0]!.values.length / RATE;
  const sprs = sigs.map((s) => s.values.length / records);
  const spec = [`signals ${sigs.length} records ${records}`,
    ...sigs.map((s, i) => `${sprs[i]} ${s.physMin} ${s.physMax} -32768 32767 ${s.label}|${s.dim}`),
    `annotations ${anns.length}`, ...anns.map((a) => `${a.onsetS} ${a.durationS ?? -1} ${a.text}`)].join('\n') + '\n';
  const bin = new Float64Array(sigs.reduce((n, s) => n + s.values.length, 0));
  let o = 0;
  for (let r = 0; r < records; r++) for (const [i, s] of sigs.entries()) { bin.set(s.values.subarray(r * sprs[i]!, (r + 1) * sprs[i]!), o); o += sprs[i]!; }
  const specPath = path.join(dir, `${name}.spec`), binPath = path.join(dir, `${name}.f64`), out = path.join(dir, `${name}.edf`);
  fs.writeFileSync(specPath, spec);
  fs.writeFileSync(binPath, Buffer.from(bin.buffer));
  execFileSync(writer, [specPath, binPath, out], { stdio: ['ignore', 'pipe', 'pipe'] });
  return out;
}

const phase = (id: string, a: number, b: number): Ann[] => [{ onsetS: a, text: `phase start ${id}` }, { onsetS: b, text: `phase end ${id}` }];
const emg = (values: Float64Array, dim = 'uV', range = 500): Sig => ({ label: 'PF', dim, physMin: -range, physMax: range, values });

/** EMG-like noise at `rmsUv` (white, scaled so the 20–450 Hz band keeps about that RMS). */
function noise(seconds: number, rmsUv: (t: number) => number, seed: number): Float64Array {
  const g = gauss(seed), x = new Float64Array(Math.round(seconds * RATE));
  for (let i = 0; i < x.length; i++) x[i] = g() * rmsUv(i / RATE) / Math.sqrt(0.86);
  return x;
}
/** A 120 Hz sine whose RMS steps: `rmsAt(t)` µV RMS. */
function steps(seconds: number, rmsAt: (t: number) => number): Float64Array {
  const x = new Float64Array(Math.round(seconds * RATE));
  for (let i = 0; i < x.length; i++) x[i] = rmsAt(i / RATE) * Math.SQRT2 * Math.sin((2 * Math.PI * 120 * i) / RATE);
  return x;
}

type Json = ReturnType<typeof analysisJson> & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
async function analyse(edf: string): Promise<Json> {
  const r = await analyseRecording(edf, null);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const j = analysisJson(r.value) as Json;
  fs.writeFileSync(edf.replace(/\.edf$/, '.json'), JSON.stringify(j));
  return j;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function recompute(files: string[]): any[] {
  return JSON.parse(execFileSync(PY, ['test/fixtures/recompute_analysis.py', ...files.flatMap((f) => [f, f.replace(/\.edf$/, '.json')])], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

const table: string[] = [];
/** One row of the proof table; checks |app − expected| ≤ tol. */
function row(scenario: string, metric: string, expected: number, app: number | null, tol: number, source: string): void {
  const err = app === null ? NaN : app - expected;
  table.push(`| ${scenario} | ${metric} | ${expected.toFixed(4)} (${source}) | ${app === null ? 'null' : app.toFixed(4)} | ${Number.isFinite(err) ? err.toExponential(2) : '—'} |`);
  expect(app, `${scenario}: ${metric}`).not.toBeNull();
  expect(Math.abs(err), `${scenario}: ${metric} app ${app} expected ${expected}`).toBeLessThanOrEqual(tol);
}
/** A row showing the old behaviour (no exclusions, numpy), for comparison only: checked by the inequalities after it. */
function info(scenario: string, metric: string, value: number): void {
  table.push(`| ${scenario} | ${metric} | ${value.toFixed(4)} (numpy, old behaviour) | — | — |`);
}
const ph = (j: Json, id: string) => (j.phases as { id: string; [k: string]: any }[]).find((p) => p.id === id)!; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(() => {
  dir = tmpDir('loslaten-proof-');
  if (!fs.existsSync('/usr/include/edflib.h')) throw new Error('EDFlib header /usr/include/edflib.h missing (apt-get install libedf-dev)');
  writer = path.join(dir, 'edflib-write');
  execFileSync('cc', ['-O1', '-o', writer, path.resolve('test/fixtures/edflib-write.c'), '-ledf']);
  execFileSync(PY, ['-c', 'import numpy, scipy']);
});

describe('analysis proof on EDFlib-written recordings', () => {
  it('filled samples, start-up, baseline rests, unknown phases, step latencies and units: app = known answer = numpy', async () => {
    // 1. Filled samples: 20 s rest at 5 µV RMS with a 0.9 s interpolated fill and 0.7 s of padding (as the recorder writes them).
    const x1 = noise(22, () => 5, 1);
    const f0 = 8000, f1 = 8900;
    for (let i = f0; i < f1; i++) x1[i] = x1[f0 - 1]! + ((x1[f1]! - x1[f0 - 1]!) * (i - f0 + 1)) / (f1 - f0 + 1);
    for (let i = 19300; i < 20000; i++) x1[i] = x1[19299]!;
    const e1 = writeEdf('filled', [emg(x1)], [{ onsetS: 0, text: 'protocol glazer-assessment' }, ...phase('rest-before', 0, 20),
      { onsetS: 8, durationS: 0.9, text: 'lost 900 samples' }, { onsetS: 19.3, durationS: 0.7, text: 'padding' }]);
    // 2. Start-up transient: the same kind of session with a 150 µV DC offset, and without it.
    const glazerLike = (seed: number, offset: number): Float64Array => {
      const x = noise(52, (t) => (t >= 20 && t < 22 ? 40 : 5), seed);
      for (let i = 0; i < x.length; i++) x[i]! += offset;
      return x;
    };
    const annsT: Ann[] = [{ onsetS: 0, text: 'protocol glazer-assessment' }, ...phase('rest-before', 0, 20), ...phase('flick-1', 20, 22), ...phase('flick-1-rest', 22, 32), ...phase('rest-after', 32, 52)];
    const e2 = writeEdf('offset', [emg(glazerLike(2, 150), 'uV', 1000)], annsT);
    const e2b = writeEdf('no-offset', [emg(glazerLike(2, 0), 'uV', 1000)], annsT);
    // 3. Baseline rests only: recovery rests carry each contraction's tail (5 + 45·e^(−t/1.5 s) µV).
    let at = 0;
    const annsB: Ann[] = [{ onsetS: 0, text: 'protocol glazer-assessment' }];
    const levels: [string, number, (t: number) => number][] = [['rest-before', 20, () => 5]];
    for (let k = 1; k <= 3; k++) levels.push([`flick-${k}`, 2, () => 50], [`flick-${k}-rest`, 10, (t) => 5 + 45 * Math.exp(-t / 1.5)]);
    levels.push(['hold-1', 10, () => 40], ['hold-1-rest', 10, (t) => 5 + 35 * Math.exp(-t / 1.5)], ['endurance', 10, () => 20], ['rest-after', 20, () => 5]);
    const total = levels.reduce((s, l) => s + l[1], 0);
    const lvl = new Float64Array(total * RATE);
    for (const [id, d, f] of levels) { annsB.push(...phase(id, at, at + d)); for (let i = 0; i < d * RATE; i++) lvl[at * RATE + i] = f(i / RATE); at += d; }
    const e3 = writeEdf('baseline', [emg(noise(total, (t) => lvl[Math.min(lvl.length - 1, Math.round(t * RATE))]!, 3))], annsB);
    // 4. Unknown phases: a 70 µV "test" phase, in a file without a protocol and in one naming the Glazer protocol.
    const x4 = noise(20, (t) => (t >= 10 ? 70 : 5), 4);
    const annsU = [...phase('rest-before', 0, 10), ...phase('test', 10, 20)];
    const e4 = writeEdf('unknown', [emg(x4)], annsU);
    const e4b = writeEdf('unknown-glazer', [emg(x4)], [{ onsetS: 0, text: 'protocol glazer-assessment' }, ...annsU]);
    // 5. Latencies on steps: 5 → 40 µV RMS 0.100 s after the flick cue, back 0.050 s after its relax cue; holds 0.200 / 0.100 s.
    const x5 = steps(42, (t) => ((t >= 10.1 && t < 12.05) || (t >= 22.2 && t < 32.1) ? 40 : 5));
    const e5 = writeEdf('steps', [emg(x5, 'uV', 100)], [{ onsetS: 0, text: 'protocol glazer-assessment' }, ...phase('rest-before', 0, 10), ...phase('flick-1', 10, 12),
      ...phase('flick-1-rest', 12, 22), ...phase('hold-1', 22, 32), ...phase('hold-1-rest', 32, 42)]);
    // 6. Units: a 20 µV sine (14.142 µV RMS) in V, mV, uV, nV; 30 mmHg in every pressure unit; a channel in degC.
    // Physical ranges that fit the 8-character header fields exactly (EDFlib cuts -0.0001 to -0.00009).
    const emgDims: [string, number][] = [['V', 1e-6], ['mV', 1e-3], ['uV', 1], ['nV', 1e3]];
    const pDims: [string, number, number][] = [['kPa', 0.133322387415, 10], ['Pa', 133.322387415, 10000], ['mbar', 1.33322387415, 100], ['psi', 0.0193367747, 1.5],
      ['cmH2O', 1.35950981, 100], ['mmHg', 1, 100], ['hPa', 1.33322387415, 100]];
    const unitFiles = pDims.map(([pd, perMmHg, pmax], i) => {
      const [ed, perUv] = emgDims[i % 4]!;
      const s = steps(10, () => 20 / Math.SQRT2).map((v) => v * perUv);
      const p = new Float64Array(10 * 50).fill(30 * perMmHg);
      const t = new Float64Array(10 * 10).fill(36.6);
      return { ed, pd, file: writeEdf(`units-${i}`, [emg(s, ed, 1000 * perUv), { label: 'P', dim: pd, physMin: 0, physMax: pmax, values: p }, { label: 'T', dim: 'degC', physMin: 0, physMax: 50, values: t }], []) };
    });

    const [j1, j2, j2b, j3, j4, j4b, j5] = [await analyse(e1), await analyse(e2), await analyse(e2b), await analyse(e3), await analyse(e4), await analyse(e4b), await analyse(e5)];
    // The CLI prints the very same analysis.
    const cliOut = JSON.parse(execFileSync('node', ['bin/loslaten.mjs', 'analyze', e5, '--json'], { encoding: 'utf8' }));
    expect(cliOut).toEqual(JSON.parse(JSON.stringify(j5)));
    const [n1, n2, , n3, , n4b, n5] = recompute([e1, e2, e2b, e3, e4, e4b, e5]);
    const settleS = j1.filter.settlingS as number, startupS = j1.filter.startupExcludedS as number;

    // Definitions and the band really applied (450 Hz upper edge at 1 kHz).
    expect(j1.filter).toMatchObject({ loHz: 20, hiHz: 450, notchHz: 50, rmsWindowMs: 200, limitedByRate: true });
    expect(Object.keys(j1.definitions)).toEqual(expect.arrayContaining(['excluded', 'filterSettling', 'restingToneUv', 'onsetLatencyS', 'releaseLatencyS', 'units']));
    row('start-up', 'settling time s (step response within 1 %)', n1.settlingS, settleS, 0.0011, 'scipy, ±1 sample');

    // 1. Filled samples left out; the known seconds: 0.7 padding + 0.9 fill + start-up after the start and after the fill.
    const r1 = ph(j1, 'rest-before'), q1 = n1.phases.find((p: { id: string }) => p.id === 'rest-before');
    row('filled', 'rest-before left out s', 0.7 + 0.9 + 2 * startupS, r1.excludedS.totalS, 0.0015, 'known');
    row('filled', 'padding s', 0.7, r1.excludedS.padding, 0.0015, 'known');
    row('filled', 'interpolated s', 0.9, r1.excludedS.interpolated, 0.0015, 'known');
    row('filled', 'rest-before mean µV', q1.meanUv, r1.meanUv, 1e-3 * q1.meanUv, 'numpy');
    row('filled', 'rest-before CV %', q1.cvPercent, r1.cvPercent, 1e-2 * q1.cvPercent, 'numpy');
    row('filled', 'rest-before time in target %', q1.timeInTargetPercent, r1.timeInTargetPercent, 0.1, 'numpy');
    row('filled', 'rest-before mean µV vs the 5 µV noise', 5, r1.meanUv, 0.35, 'known ±7 %');
    info('filled', 'naive mean µV (filled counted, old behaviour)', q1.naiveMeanUv);
    info('filled', 'naive CV % (filled counted, old behaviour)', q1.naiveCvPercent);
    expect(q1.naiveMeanUv).toBeLessThan(r1.meanUv * 0.97); // padding at 0 µV pulled the old mean down …
    expect(q1.naiveCvPercent).toBeGreaterThan(r1.cvPercent * 1.5); // … and the CV up

    // 2. Start-up left out: with a 150 µV DC offset the figures equal those without it.
    const r2 = ph(j2, 'rest-before'), r2b = ph(j2b, 'rest-before'), q2 = n2.phases.find((p: { id: string }) => p.id === 'rest-before');
    row('offset', 'rest-before CV % = CV without the offset', r2b.cvPercent, r2.cvPercent, 0.02 * r2b.cvPercent, 'same file, no offset');
    row('offset', 'rest-before mean µV = without the offset', r2b.meanUv, r2.meanUv, 0.005 * r2b.meanUv, 'same file, no offset');
    row('offset', 'session peak µV = without the offset', j2b.peakUv, j2.peakUv, 0.005 * j2b.peakUv, 'same file, no offset');
    row('offset', 'rest-before CV %', q2.cvPercent, r2.cvPercent, 0.01 * q2.cvPercent, 'numpy');
    info('offset', 'naive rest-before CV % (transient counted)', q2.naiveCvPercent);
    info('offset', 'naive session peak µV (transient counted)', n2.naivePeakUv);
    expect(q2.naiveCvPercent).toBeGreaterThan(3 * r2.cvPercent);
    expect(n2.naivePeakUv).toBeGreaterThan(1.5 * j2.peakUv);

    // 3. Resting tone and variability from the baseline rests only.
    expect(ph(j3, 'flick-1-rest').kind).toBe('recovery');
    expect(ph(j3, 'rest-before').kind).toBe('baseline-rest');
    expect(j3.restingToneFrom).toBe('baseline-rests');
    row('baseline', 'resting tone µV (rest before + after)', n3.restingToneUv, j3.restingToneUv, 1e-3 * n3.restingToneUv, 'numpy');
    row('baseline', 'resting CV %', n3.restingCvPercent, j3.restingCvPercent, 0.01 * n3.restingCvPercent, 'numpy');
    row('baseline', 'resting tone µV vs the 5 µV rests', 5, j3.restingToneUv, 0.35, 'known ±7 %');
    info('baseline', 'naive pooled rests µV (old behaviour)', n3.naivePooledRestUv);
    info('baseline', 'naive pooled rests CV % (old behaviour)', n3.naivePooledRestCvPercent);
    expect(n3.naivePooledRestCvPercent).toBeGreaterThan(3 * j3.restingCvPercent);
    for (const p of n3.phases) row('baseline', `${p.id} mean µV`, p.meanUv, ph(j3, p.id).meanUv, 1e-3 * p.meanUv, 'numpy');

    // 4. Unknown phases are never rest.
    expect(j4.phaseKindsFrom).toBe('none');
    expect(j4.phases.map((p: { kind: string }) => p.kind)).toEqual(['unknown', 'unknown']);
    expect(j4.restingToneUv).toBeNull();
    expect(j4.restingToneFrom).toBe('none');
    expect(ph(j4b, 'test').kind).toBe('unknown');
    row('unknown', 'resting tone µV with a 70 µV "test" phase', n4b.restingToneUv, j4b.restingToneUv, 1e-3 * n4b.restingToneUv, 'numpy (rest-before only)');
    expect(j4b.restingToneUv).toBeLessThan(6);

    // 5. Latencies on steps. Envelope of a step r → A delayed d: RMS over the last W samples crosses rest + 0.9 (A − r) after
    // k = ⌈W (T² − r²) / (A² − r²)⌉ samples of A; back to rest + 0.1 (A − r) after ⌈W (A² − D²) / (A² − r²)⌉ samples of r.
    const W = 200, r = 5, A = 40, T = r + 0.9 * (A - r), D = r + 0.1 * (A - r);
    const up = (Math.ceil((W * (T * T - r * r)) / (A * A - r * r)) - 1) / RATE, down = (Math.ceil((W * (A * A - D * D)) / (A * A - r * r)) - 1) / RATE;
    const g = j5.glazer;
    row('steps', 'flick onset latency s', 0.1 + up, g.flicks.onsetLatencyS, 0.006, 'known');
    row('steps', 'flick release latency s', 0.05 + down, g.flicks.releaseLatencyS, 0.006, 'known');
    row('steps', 'hold onset latency s', 0.2 + up, g.holds.onsetLatencyS, 0.006, 'known');
    row('steps', 'hold release latency s', 0.1 + down, g.holds.releaseLatencyS, 0.006, 'known');
    row('steps', 'flick onset latency s', n5.latency.flicks.onsetLatencyS, g.flicks.onsetLatencyS, 0.0015, 'numpy');
    row('steps', 'hold release latency s', n5.latency.holds.releaseLatencyS, g.holds.releaseLatencyS, 0.0015, 'numpy');
    row('steps', 'rest before µV (5 µV RMS sine)', 5, g.restBefore.meanUv, 0.02, 'known');
    row('steps', 'hold mean µV (40 µV RMS from 0.2 s)', 40 - (35 * 0.2 + 35 * up / 2) / 10, g.holds.meanUv, 0.3, 'known ±0.3');

    // 6. Units: EMG by its physical dimension, pressure converted to mmHg, an unknown dimension reported as such.
    for (const u of unitFiles) {
      const j = await analyse(u.file);
      expect(j.channel).toBe('PF');
      expect(j.channels.find((c: { label: string }) => c.label === 'T')).toMatchObject({ kind: 'unknown', unit: 'unknown', dimension: 'degC' });
      const session = (await analyseRecording(u.file, null));
      if (!session.ok) throw new Error('analysis');
      const whole = session.value.phases.find((p) => p.kind === 'session')!;
      row('units', `EMG in ${u.ed}: 20 µV sine, mean µV`, 20 / Math.SQRT2, whole.meanUv, 0.01 * 14.142, 'known');
      row('units', `pressure in ${u.pd}: resting mmHg`, 30, j.pressure.restingPressureMmHg, 0.02, 'known');
    }
    console.log(['| scenario | metric | expected (source) | app | error |', '|---|---|---|---|---|', ...table].join('\n'));
  }, 120_000);
});
