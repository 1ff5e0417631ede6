// `loslaten analyze <file.edf|.bdf> [--json]`: the analysis review and the report use, headless (sessions/analysis.ts).
import { analyseRecording, analysisJson } from '../sessions/analysis.ts';
import { describeError } from '../sessions/errors.ts';
import { existingSidecarPath, readSidecar } from '../sessions/sidecar.ts';
import type { SessionAnalysis } from '../api/review-types.ts';
import { EXIT, fail, type Exit } from './exit.ts';

const f = (x: number | null | undefined, d = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(d));

/** Plain-text table of an analysis (rounded for reading; --json gives the exact numbers). */
export function formatAnalysis(a: SessionAnalysis): string {
  const lines: string[] = [];
  const fl = a.filter;
  lines.push(`channel ${a.channel ?? '(no EMG channel)'}${a.rateHz ? ` at ${a.rateHz} Hz` : ''}${a.channelKind === 'envelope' ? ' (device envelope, taken as is)' : ''}`);
  for (const c of a.channels) if (c.kind === 'unknown') lines.push(`channel ${c.label}: unknown physical dimension ${JSON.stringify(c.dimension)}, not analysed`);
  if (fl) lines.push(`filter ${f(fl.loHz, 1)}-${f(fl.hiHz, 1)} Hz, notch ${fl.notchHz || 'off'}, RMS ${f(fl.rmsWindowMs, 0)} ms; settling ${f(fl.settlingS, 3)} s, start-up left out ${f(fl.startupExcludedS, 3)} s after each (re)start`);
  lines.push(`phase kinds from ${a.phaseKindSource}${a.protocolId ? ` (${a.protocolId})` : ''}`);
  const ex = a.excluded;
  if (ex) lines.push(`left out ${f(ex.totalS)} s: ${Object.entries(ex.byReason).map(([k, v]) => `${k} ${f(v)} s`).join(', ')}`);
  if (a.nonFiniteSamples > 0) lines.push(`SIGNAL PROBLEM: ${a.nonFiniteSamples} non-finite input values (left out)`);
  lines.push(`resting tone ${f(a.summary.restingToneUv)} µV, CV ${f(a.summary.variabilityPercent, 1)} % (from ${a.restingToneSource}), time in target ${f(a.summary.timeInTargetPercent, 1)} %, peak ${f(a.summary.peakUv)} µV`);
  lines.push('phase\tkind\tstart_s\tend_s\tmean_uV\tcv_%\tpeak_uV\tin_target_%\tleft_out_s');
  for (const p of a.phases) {
    if (p.channel !== a.channel) continue;
    lines.push([p.name, p.kind, f(p.startS), f(p.endS), f(p.meanUv), f(p.cvPercent, 1), f(p.peakUv), f(p.timeInTargetPercent, 1), f(p.excluded.totalS)].join('\t'));
  }
  const g = a.glazer;
  if (g) {
    const set = (n: string, x: NonNullable<typeof g.flicks> | null) => x && lines.push(`${n}: mean ${f(x.meanUv.value)} µV, peak ${f(x.peakUv.value)} µV, onset latency ${f(x.onsetLatencyS.value, 3)} s, release latency ${f(x.releaseLatencyS.value, 3)} s, z ${f(n === 'flicks' ? g.z.flicks : g.z.holds)}`);
    if (g.restBefore) lines.push(`rest before: mean ${f(g.restBefore.meanUv.value)} µV, CV ${f(g.restBefore.cvPercent.value, 1)} %, z ${f(g.z.restBefore)}`);
    set('flicks', g.flicks);
    set('holds', g.holds);
    if (g.endurance) lines.push(`endurance: mean ${f(g.endurance.meanUv.value)} µV, median frequency ${f(g.endurance.medianFrequencyHz.value, 1)} Hz, z ${f(g.z.endurance)}`);
    if (g.restAfter) lines.push(`rest after: mean ${f(g.restAfter.meanUv.value)} µV, CV ${f(g.restAfter.cvPercent.value, 1)} %, z ${f(g.z.restAfter)}`);
  }
  if (a.pressure) lines.push(`pressure ${a.pressure.channel} (${a.pressure.dimension}): resting ${f(a.pressure.restingPressureMmHg)} mmHg, CV ${f(a.pressure.restingCvPercent, 1)} %`);
  return lines.join('\n');
}

/** Analyses one file (with its sidecar when it sits next to it) and prints the result. */
export async function analyzeCommand(edfPath: string, json: boolean): Promise<Exit> {
  const scPath = existingSidecarPath(edfPath);
  const sc = scPath ? readSidecar(scPath) : null;
  const r = await analyseRecording(edfPath, sc?.ok ? sc.value : null);
  if (!r.ok) return fail(EXIT.data, describeError(r.error));
  process.stdout.write((json ? JSON.stringify(analysisJson(r.value), null, 2) : formatAnalysis(r.value)) + '\n');
  return { code: EXIT.ok };
}
