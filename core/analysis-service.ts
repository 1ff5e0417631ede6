// Session analysis for review and trends: the EMG chain over a recorded EDF, per-phase metrics, Glazer summary; cached in the sidecar.
import type { AppError, Result } from '../api/contract.ts';
import { ANALYSIS_SCHEMA, ANALYSIS_VERSION, type GlazerSummary, type MeasureOut, type PhaseMetricsRow, type SessionAnalysis, type SessionKeyMetrics } from '../api/review-types.ts';
import { bandLimitedByRate, EmgChain, effectiveEmgFilter, type EmgSettings } from '../dsp/emg-chain.ts';
import { analyseGlazer, GLAZER_RELIABILITY, OLEKSY_2020_NORMS, type Measure, type PhaseSpan } from '../dsp/glazer.ts';
import { statsOf } from '../dsp/metrics.ts';
import { phaseIntervals } from '../sessions/annotations.ts';
import { emgSettingsFrom, recordedKind } from '../sessions/channel-fields.ts';
import { openEdf, type EdfReader } from '../sessions/edf-reader.ts';
import { editSidecarFile, readSidecar, withEdit, type Sidecar } from '../sessions/sidecar.ts';
import { builtInProtocols, type PhaseKind, type PhaseTarget } from '../training/protocols.ts';
import { sessionsErrorToApp } from './recording.ts';

/** Targets used when the session stored none (the live view's defaults for EMG), µV RMS. */
export const FALLBACK_TARGETS_UV = { relaxUpper: 10, contractLo: 20, contractHi: 40 } as const;

type Num = number | null;
const num = (x: number): Num => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

const KNOWN_PHASES = new Map<string, { kind: PhaseKind; target: PhaseTarget }>();
for (const p of builtInProtocols()) for (const ph of p.phases) KNOWN_PHASES.set(ph.id, { kind: ph.kind, target: ph.target });

/** Kind and target of a phase named in the recording (built-in protocol ids; a few patterns for others). */
export function phaseKindOf(name: string): { kind: PhaseKind; target: PhaseTarget } {
  const k = KNOWN_PHASES.get(name);
  if (k) return k;
  if (/^(quick-)?flick-\d+$/.test(name)) return { kind: 'flick', target: 'contract' };
  if (/^hold-\d+$/.test(name)) return { kind: 'hold', target: 'contract' };
  if (name === 'endurance') return { kind: 'endurance', target: 'contract' };
  if (/downtrain/.test(name)) return { kind: 'downtrain', target: 'relax' };
  if (/drop/.test(name)) return { kind: 'drop', target: 'relax' };
  return { kind: 'rest', target: /rest|relax|settle/.test(name) ? 'relax' : 'none' };
}

function targetsOf(sc: Sidecar | null): SessionAnalysis['targets'] {
  const pick = (o: unknown): Record<string, unknown> | null => (o && typeof o === 'object' ? (o as Record<string, unknown>) : null);
  const t = pick(sc?.targets);
  const src = t && typeof t['relaxUpper'] === 'number' ? t : pick(t?.['emg']);
  const r = src?.['relaxUpper'], lo = src?.['contractLo'], hi = src?.['contractHi'];
  if (typeof r === 'number' && r > 0 && typeof lo === 'number' && typeof hi === 'number' && hi > lo) {
    return { relaxUpperUv: r, contractLoUv: lo, contractHiUv: hi, source: 'session' };
  }
  const f = FALLBACK_TARGETS_UV;
  return { relaxUpperUv: f.relaxUpper, contractLoUv: f.contractLo, contractHiUv: f.contractHi, source: 'default' };
}

/**
 * Envelope (µV RMS) and filtered signal (µV) of one data signal over the whole file, processed in 60-record chunks.
 * An `envelope` channel (rectified and smoothed by the device) is taken as is: never band-passed, no filtered signal
 * (NaN, so frequency measures stay empty).
 */
async function processChannel(r: EdfReader, sig: number, settings: EmgSettings): Promise<{ env: Float32Array; filt: Float32Array } | AppError> {
  const rate = r.rateHz(sig);
  const spr = r.header.signals[sig]!.samplesPerRecord;
  const total = r.records * spr;
  const env = new Float32Array(total), filt = new Float32Array(total);
  const step = 60;
  if (recordedKind(r.header.signals[sig]!) === 'envelope') {
    for (let first = 0; first < r.records; first += step) env.set(r.readPhysical(sig, first, Math.min(step, r.records - first)), first * spr);
    filt.fill(NaN);
    return { env, filt };
  }
  const f = effectiveEmgFilter(rate, settings);
  if (!f) return { kind: 'internal', detail: `no EMG filter for ${rate} Hz` };
  const chain = new EmgChain(f);
  for (let first = 0; first < r.records; first += step) {
    const count = Math.min(step, r.records - first);
    const phys = Float32Array.from(r.readPhysical(sig, first, count));
    const at = first * spr;
    chain.process(phys, 1, phys.length, filt.subarray(at, at + phys.length), env.subarray(at, at + phys.length));
    await yieldToLoop(); // ~15 ms of work per chunk: live streaming and other commands go on meanwhile
  }
  return { env, filt };
}

/** Kind of the analysed channel and the band really applied to it (none for an envelope). */
function filterOf(r: EdfReader, sig: number | undefined, settings: EmgSettings): Pick<SessionAnalysis, 'channelKind' | 'filter'> {
  if (sig === undefined) return { channelKind: null, filter: null };
  if (recordedKind(r.header.signals[sig]!) === 'envelope') return { channelKind: 'envelope', filter: null };
  const f = effectiveEmgFilter(r.rateHz(sig), settings);
  return { channelKind: 'emg', filter: f && { loHz: f.loHz, hiHz: f.hiHz, notchHz: f.notchHz, limitedByRate: bandLimitedByRate(f, settings) } };
}

/** Lets the event loop run (I/O, timers) between chunks of a long analysis. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Sample index of file time `tS` (record onsets handle EDF+D gaps). */
function indexAt(onsets: Float64Array, recS: number, spr: number, tS: number): number {
  let lo = 0, hi = onsets.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (onsets[mid]! <= tS) lo = mid; else hi = mid - 1; }
  const within = Math.min(1, Math.max(0, (tS - onsets[lo]!) / recS));
  return lo * spr + Math.round(within * spr);
}

function timeInTarget(env: Float32Array, from: number, to: number, target: PhaseTarget, t: SessionAnalysis['targets']): Num {
  if (target === 'none' || to <= from) return null;
  let inside = 0;
  if (target === 'relax') { for (let i = from; i < to; i++) if (env[i]! <= t.relaxUpperUv) inside++; }
  else for (let i = from; i < to; i++) { const x = env[i]!; if (x >= t.contractLoUv && x <= t.contractHiUv) inside++; }
  return num((100 * inside) / (to - from));
}

const mo = (x: Measure): MeasureOut => ({ value: num(x.value), unit: x.unit, reliability: x.reliability });

/** Analyses one recording (EDF path) with its sidecar (or null, e.g. for the CLI). Pure of side effects. */
export async function analyseRecording(edfPath: string, sc: Sidecar | null): Promise<Result<SessionAnalysis>> {
  const o = openEdf(edfPath);
  if (!o.ok) return { ok: false, error: sessionsErrorToApp(o.error) };
  const r = o.value;
  try {
    const ann = r.readAnnotations();
    if (!ann.ok) return { ok: false, error: sessionsErrorToApp(ann.error) };
    const onsets = ann.value.recordOnsetsS;
    const recS = r.header.recordDurationS;
    const settings = emgSettingsFrom(sc?.dsp);
    const targets = targetsOf(sc);
    const emgSigs = r.dataSignals.filter((s) => { const h = r.header.signals[s]!, k = recordedKind(h); return k === 'envelope' || (k === 'emg' && /^u?V$|µV/.test(h.physicalDimension)); });
    const intervals = phaseIntervals(ann.value.annotations);
    const rows: PhaseMetricsRow[] = [];
    let summary: SessionKeyMetrics = { restingToneUv: null, variabilityPercent: null, timeInTargetPercent: null, peakUv: null };
    let glazer: GlazerSummary | null = null;
    let rateHz = 0;
    for (const [ci, sig] of emgSigs.entries()) {
      const label = r.header.signals[sig]!.label;
      const spr = r.header.signals[sig]!.samplesPerRecord;
      const rate = r.rateHz(sig);
      const p = await processChannel(r, sig, settings);
      if ('kind' in p) continue;
      const { env, filt } = p;
      const spans: (PhaseSpan & { name: string; target: PhaseTarget })[] = intervals.map((iv) => {
        const k = phaseKindOf(iv.name);
        return { name: iv.name, kind: k.kind, target: k.target, start: indexAt(onsets, recS, spr, iv.startS), end: indexAt(onsets, recS, spr, iv.endS) };
      });
      for (const [i, sp] of spans.entries()) {
        const s = statsOf(env, sp.start, sp.end);
        rows.push({ name: sp.name, kind: sp.kind, target: sp.target, channel: label, startS: intervals[i]!.startS, endS: intervals[i]!.endS,
          meanUv: num(s.mean), sdUv: num(s.sd), cvPercent: num(s.cvPercent), peakUv: num(s.peak), timeInTargetPercent: timeInTarget(env, sp.start, sp.end, sp.target, targets) });
      }
      const whole = statsOf(env);
      rows.push({ name: 'session', kind: 'session', target: 'relax', channel: label, startS: 0, endS: r.records > 0 ? onsets[r.records - 1]! + recS : 0, // wall-clock span: a gap counts, as in the review header
        meanUv: num(whole.mean), sdUv: num(whole.sd), cvPercent: num(whole.cvPercent), peakUv: num(whole.peak), timeInTargetPercent: timeInTarget(env, 0, env.length, 'relax', targets) });
      if (ci !== 0) continue;
      rateHz = rate;
      // Key metrics of the first EMG channel: rest phases, relax phases, or the whole session.
      const rests = spans.filter((s) => s.kind === 'rest' || s.kind === 'downtrain');
      const relax = spans.filter((s) => s.target === 'relax');
      const restIdx = rests.length ? rests : [{ start: 0, end: env.length }];
      const relaxIdx = relax.length ? relax : [{ start: 0, end: env.length }];
      let n = 0, sum = 0, sum2 = 0, inside = 0, total = 0;
      for (const s of restIdx) for (let i = s.start; i < s.end; i++) { const x = env[i]!; n++; sum += x; sum2 += x * x; }
      for (const s of relaxIdx) for (let i = s.start; i < s.end; i++) { total++; if (env[i]! <= targets.relaxUpperUv) inside++; }
      const mean = n ? sum / n : NaN;
      const sd = n > 1 ? Math.sqrt(Math.max(0, (sum2 - n * mean * mean) / (n - 1))) : NaN;
      summary = { restingToneUv: num(mean), variabilityPercent: num((100 * sd) / mean), timeInTargetPercent: num(total ? (100 * inside) / total : NaN), peakUv: num(whole.peak) };
      if (spans.some((s) => s.kind === 'flick' || s.kind === 'hold' || s.kind === 'endurance')) {
        const g = analyseGlazer(env, filt, rate, spans.map(({ kind, start, end }) => ({ kind, start, end })));
        const set = (c: typeof g.flicks) => c && { count: c.count, meanUv: mo(c.meanUv), peakUv: mo(c.peakUv), riseS: mo(c.riseS), recoveryS: mo(c.recoveryS) };
        glazer = {
          restBefore: g.restBefore && { meanUv: mo(g.restBefore.meanUv), cvPercent: mo(g.restBefore.cvPercent) },
          flicks: set(g.flicks), holds: set(g.holds),
          endurance: g.endurance && { meanUv: mo(g.endurance.meanUv), peakUv: mo(g.endurance.peakUv), medianFrequencyHz: mo(g.endurance.medianFrequencyHz), medianFrequencyChangePercent: mo(g.endurance.medianFrequencyChangePercent) },
          restAfter: g.restAfter && { meanUv: mo(g.restAfter.meanUv), cvPercent: mo(g.restAfter.cvPercent) },
          z: { restBefore: num(g.z.restBefore), flicks: num(g.z.flicks), holds: num(g.z.holds), endurance: num(g.z.endurance), restAfter: num(g.z.restAfter) },
          norms: OLEKSY_2020_NORMS, reliability: GLAZER_RELIABILITY,
        };
      }
    }
    summary = { ...summary, ...restingPressureOf(r, emgSigs, onsets, recS, intervals) };
    return {
      ok: true,
      value: {
        schema: ANALYSIS_SCHEMA, version: ANALYSIS_VERSION, fileKey: fileKey(sc, r.records), analysedAt: new Date().toISOString(),
        channel: emgSigs.length ? r.header.signals[emgSigs[0]!]!.label : null, rateHz, emg: settings, ...filterOf(r, emgSigs[0], settings),
        targets, phases: rows, summary, glazer,
      },
    };
  } finally {
    r.close();
  }
}

/** Pressure units a channel may be recorded in (EDF physical dimension). */
const PRESSURE_DIMENSIONS = new Set(['mmHg', 'cmH2O', 'hPa', 'kPa']);

/**
 * Mean of the first pressure channel over rest phases (as the EMG resting tone) (the whole session without them), in the channel's unit.
 * Null without a pressure channel.
 */
function restingPressureOf(r: EdfReader, emgSigs: readonly number[], onsets: Float64Array, recS: number, intervals: readonly { name: string; startS: number; endS: number }[]): { restingPressure: Num; pressureUnit: string | null } {
  const sig = r.dataSignals.find((s) => !emgSigs.includes(s) && PRESSURE_DIMENSIONS.has(r.header.signals[s]!.physicalDimension));
  if (sig === undefined || r.records === 0) return { restingPressure: null, pressureUnit: null };
  const spr = r.header.signals[sig]!.samplesPerRecord;
  const phys = r.readPhysical(sig, 0, r.records);
  const rests = intervals.filter((iv) => { const k = phaseKindOf(iv.name); return k.kind === 'rest' || k.kind === 'downtrain'; })
    .map((iv) => ({ start: indexAt(onsets, recS, spr, iv.startS), end: indexAt(onsets, recS, spr, iv.endS) }));
  const spans = rests.length ? rests : [{ start: 0, end: phys.length }];
  let n = 0, sum = 0;
  for (const s of spans) for (let i = Math.max(0, s.start); i < Math.min(phys.length, s.end); i++) { sum += phys[i]!; n++; }
  return { restingPressure: n ? num(sum / n) : null, pressureUnit: r.header.signals[sig]!.physicalDimension };
}

function fileKey(sc: Sidecar | null, records: number): string {
  return `${records}:${sc?.recording.sha256 ?? 'nosha'}`;
}

/** The cached analysis in a sidecar, if it is current (same schema version and file). */
export function cachedAnalysis(sc: Sidecar): SessionAnalysis | null {
  for (const x of sc.phaseMetrics) {
    const a = x as Partial<SessionAnalysis> | null;
    if (a && a.schema === ANALYSIS_SCHEMA && a.version === ANALYSIS_VERSION && a.fileKey === fileKey(sc, sc.recording.records)) return a as SessionAnalysis;
  }
  return null;
}

/**
 * Analysis of a library session: the cached one from the sidecar, or a fresh one that is then stored in the sidecar's
 * `phaseMetrics` (the previous value goes to the audit history; the recording is never touched).
 */
export function analyseLibrarySession(edfPath: string, sidecarPath: string): Promise<Result<SessionAnalysis>> {
  const running = inFlight.get(edfPath);
  if (running) return running;
  const p = analyseAndCache(edfPath, sidecarPath).finally(() => inFlight.delete(edfPath));
  inFlight.set(edfPath, p);
  return p;
}

/** Analyses under way, by EDF path: a second caller (library + review at once) shares the first one's result. */
const inFlight = new Map<string, Promise<Result<SessionAnalysis>>>();

async function analyseAndCache(edfPath: string, sidecarPath: string): Promise<Result<SessionAnalysis>> {
  const sc = readSidecar(sidecarPath);
  const scv = sc.ok ? sc.value : null;
  if (scv && scv.recording.status !== 'recording') {
    const c = cachedAnalysis(scv);
    if (c) return { ok: true, value: c };
  }
  const a = await analyseRecording(edfPath, scv);
  if (!a.ok || !scv || scv.recording.status === 'recording') return a;
  const keep = scv.phaseMetrics.filter((x) => (x as { schema?: unknown } | null)?.schema !== ANALYSIS_SCHEMA);
  editSidecarFile(sidecarPath, (s) => withEdit(s, 'phaseMetrics', [...keep, a.value]));
  return a;
}
