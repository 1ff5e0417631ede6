// Session analysis (review, report, `loslaten analyze`): the EMG chain over a recorded EDF/BDF, minus what is not
// signal (filled samples, filter start-up, non-finite input); per-phase metrics by the kinds the protocol defined;
// Glazer summary; units by the EDF physical dimension. No caching here (core/analysis-service.ts caches in the sidecar).
import type { Result } from '../api/contract.ts';
import { z } from 'zod';
import {
  ANALYSIS_SCHEMA, ANALYSIS_VERSION, EXCLUSION_REASONS, type AnalysisChannel, type AnalysisPhaseKind, type ExcludedSeconds, type ExclusionReason,
  type GlazerSummary, type MeasureOut, type Num, type PhaseMetricsRow, type PressureAnalysis, type SessionAnalysis, type SessionKeyMetrics,
} from '../api/review-types.ts';
import { bandLimitedByRate, EmgChain, effectiveEmgFilter, SETTLING_TOLERANCE, type EmgSettings } from '../dsp/emg-chain.ts';
import { analyseGlazer, GLAZER_RELIABILITY, LATENCY_DEFINITION, ONSET_FRACTION, OLEKSY_2020_NORMS, RELEASE_FRACTION, type Measure, type PhaseSpan } from '../dsp/glazer.ts';
import { RunningStats, statsOf, TimeInTarget } from '../dsp/metrics.ts';
import { PA_PER_CMH2O, PA_PER_HPA, PA_PER_KPA, PA_PER_MMHG } from '../dsp/pressure.ts';
import { builtInProtocols, downtrainingProtocol, PHASE_KINDS, PHASE_TARGETS, type PhaseKind, type PhaseTarget, type Protocol } from '../training/protocols.ts';
import { classifyAnnotation, phaseIntervals } from './annotations.ts';
import { emgSettingsFrom, recordedKind } from './channel-fields.ts';
import { openEdf, type EdfReader } from './edf-reader.ts';
import type { EdfError } from './errors.ts';
import type { Sidecar } from './sidecar.ts';

/** Targets used when the session stored none (the live view's defaults for EMG), µV RMS. */
export const FALLBACK_TARGETS_UV = { relaxUpper: 10, contractLo: 20, contractHi: 40 } as const;

const num = (x: number): Num => (Number.isFinite(x) ? x : null);

/** µV per unit of an EMG channel's EDF physical dimension (exact spelling; `u` stands for µ in ASCII headers). */
export const EMG_UV_PER_UNIT: Readonly<Record<string, number>> = { V: 1e6, mV: 1e3, uV: 1, 'µV': 1, 'μV': 1, nV: 1e-3 };
/** Pascal per unit of a pressure channel's EDF physical dimension. */
export const PRESSURE_PA_PER_UNIT: Readonly<Record<string, number>> = {
  Pa: 1, hPa: PA_PER_HPA, kPa: PA_PER_KPA, mbar: 100, psi: 6894.757293168361, cmH2O: PA_PER_CMH2O, mmHg: PA_PER_MMHG,
};
/** Pressure units the app itself records and shows (resting pressure stays in these; others are converted to mmHg). */
const APP_PRESSURE_UNITS = new Set(['mmHg', 'cmH2O', 'hPa', 'kPa']);

/**
 * What a data signal is, from its EDF physical dimension (never guessed: an unknown dimension stays unknown); an EMG
 * whose transducer field says `EMG envelope` is a device envelope, taken as is (never band-passed).
 */
export function channelOf(label: string, dimension: string, rateHz: number, transducer = ''): AnalysisChannel {
  const d = dimension.trim();
  const uv = EMG_UV_PER_UNIT[d];
  if (uv !== undefined) return { label, dimension: d, kind: recordedKind({ transducer, physicalDimension: d }) === 'envelope' ? 'envelope' : 'emg', unit: 'µV', factor: uv, rateHz };
  const pa = PRESSURE_PA_PER_UNIT[d];
  if (pa !== undefined) return { label, dimension: d, kind: 'pressure', unit: 'mmHg', factor: pa / PA_PER_MMHG, rateHz };
  return { label, dimension: d, kind: 'unknown', unit: null, factor: null, rateHz };
}

// ---------- phase kinds: from the protocol the recording was made with ----------

const storedPhasesSchema = z.object({
  id: z.string().min(1).max(64).optional(),
  phases: z.array(z.object({ id: z.string().min(1).max(64), kind: z.enum(PHASE_KINDS), target: z.enum(PHASE_TARGETS) })).max(2000).optional(),
});

/** A built-in protocol by id (`downtraining-<minutes>` for any length), or null. */
export function builtInProtocolById(id: string): Protocol | null {
  const m = /^downtraining-(\d{1,2})$/.exec(id);
  if (m) { const p = downtrainingProtocol(Number(m[1])); return p.id === id ? p : null; }
  return builtInProtocols().find((p) => p.id === id) ?? null;
}

/** Protocol names `record --protocol` and the analysis know (downtraining takes any length 5–20 min). */
export function knownProtocolIds(): string[] {
  return builtInProtocols().map((p) => (p.id.startsWith('downtraining-') ? 'downtraining-<5..20 minutes>' : p.id));
}

export interface PhaseKindSource {
  readonly kinds: ReadonlyMap<string, { kind: PhaseKind; target: PhaseTarget }>;
  /** Where the kinds came from: the phases stored in the sidecar, a built-in protocol named in the sidecar or the file, or none. */
  readonly source: 'sidecar' | 'protocol-id' | 'none';
  readonly protocolId: string | null;
}

/**
 * Phase kinds of a recording: the phase list stored in its sidecar at record time, else the built-in protocol its
 * sidecar or a `protocol <id>` annotation names. Without either (a foreign file) no phase has a known kind.
 */
export function phaseKindsOf(sc: Sidecar | null, annotations: readonly { text: string }[]): PhaseKindSource {
  const kinds = new Map<string, { kind: PhaseKind; target: PhaseTarget }>();
  const stored = storedPhasesSchema.safeParse(sc?.protocol?.settings ?? {});
  if (stored.success && stored.data.phases && stored.data.phases.length > 0) {
    for (const p of stored.data.phases) kinds.set(p.id, { kind: p.kind, target: p.target });
    return { kinds, source: 'sidecar', protocolId: stored.data.id ?? null };
  }
  let id = stored.success ? stored.data.id ?? null : null;
  if (!id) for (const a of annotations) { const c = classifyAnnotation(a.text); if (c.kind === 'protocol') { id = c.name; break; } }
  const p = id ? builtInProtocolById(id) : null;
  if (!p) return { kinds, source: 'none', protocolId: id };
  for (const ph of p.phases) kinds.set(ph.id, { kind: ph.kind, target: ph.target });
  return { kinds, source: 'protocol-id', protocolId: id };
}

/** The kind reported for a phase: protocol `rest` phases are baseline rests; ids the protocol does not define are unknown. */
export function analysisKindOf(id: string, src: PhaseKindSource): { kind: AnalysisPhaseKind; target: PhaseTarget } {
  const k = src.kinds.get(id);
  if (!k) return { kind: 'unknown', target: 'none' };
  return { kind: k.kind === 'rest' ? 'baseline-rest' : k.kind, target: k.target };
}

// ---------- settings and targets from the sidecar ----------

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

// ---------- what is not signal ----------

/** Reason codes in the per-sample mask (0 = signal). */
const CODE: Readonly<Record<ExclusionReason, number>> = { padding: 1, interpolated: 2, 'filter-settling': 3, 'non-finite': 4 };
const REASON_OF: readonly (ExclusionReason | null)[] = [null, 'padding', 'interpolated', 'filter-settling', 'non-finite'];

/** Sample index of file time `tS` (record onsets handle EDF+D gaps). */
export function indexAt(onsets: Float64Array, recS: number, spr: number, tS: number): number {
  let lo = 0, hi = onsets.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (onsets[mid]! <= tS + 1e-9) lo = mid; else hi = mid - 1; }
  const within = Math.min(1, Math.max(0, (tS - onsets[lo]!) / recS));
  return lo * spr + Math.round(within * spr);
}

/**
 * Marks the samples the recorder filled in, from its annotations: `padding` (the rest of a record after a stall, a
 * stream change or the end) and `lost N samples` (interpolated across a short gap; a long gap became an EDF+D jump
 * and holds no samples). Padding wins where both cover a sample.
 */
function markFilled(mask: Uint8Array, anns: readonly { onsetS: number; durationS: number | null; text: string }[], onsets: Float64Array, recS: number, spr: number, rateHz: number): void {
  const mark = (from: number, to: number, code: number): void => {
    for (let i = Math.max(0, from); i < Math.min(mask.length, to); i++) if (mask[i] === 0) mask[i] = code;
  };
  for (const pass of ['padding', 'lost'] as const) {
    for (const a of anns) {
      const c = classifyAnnotation(a.text);
      if (c.kind !== pass) continue;
      const dur = a.durationS ?? (c.samples !== null ? c.samples / rateHz : 0);
      if (!(dur > 0)) continue;
      mark(indexAt(onsets, recS, spr, a.onsetS), indexAt(onsets, recS, spr, a.onsetS + dur), pass === 'padding' ? CODE.padding : CODE.interpolated);
    }
  }
}

/**
 * For display of records [firstRecord, firstRecord + count): 1 where a sample is not signal, i.e. filled in by the
 * recorder (padding, interpolated), and for `startupSamples` after each filled stretch (a chain that ran through it
 * carries the jump back to real data). The review's envelope shows these as gaps, never as 0 µV "relaxed".
 */
export function filledMaskOfRecords(anns: readonly { onsetS: number; durationS: number | null; text: string }[], onsets: Float64Array, recS: number, spr: number, rateHz: number,
  firstRecord: number, count: number, startupSamples: number): Uint8Array {
  const all = new Uint8Array(onsets.length * spr);
  markFilled(all, anns, onsets, recS, spr, rateHz);
  const from = firstRecord * spr, to = Math.min(all.length, (firstRecord + count) * spr);
  const out = new Uint8Array(Math.max(0, to - from));
  let after = 0;
  for (let i = 0; i < to; i++) {
    if (all[i] !== 0) after = startupSamples; else if (after > 0) after--;
    if (i >= from && (all[i] !== 0 || after > 0)) out[i - from] = 1;
  }
  return out;
}

/** Samples where a record does not follow the one before it on the file's time axis (EDF+D), plus sample 0. */
function segmentStarts(onsets: Float64Array, recS: number, spr: number): Set<number> {
  const s = new Set<number>([0]);
  for (let k = 1; k < onsets.length; k++) if (Math.abs(onsets[k]! - (onsets[k - 1]! + recS)) > 1e-6) s.add(k * spr);
  return s;
}

/** Lets the event loop run (I/O, timers) between chunks of a long analysis. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface ProcessedChannel { env: Float32Array; filt: Float32Array; mask: Uint8Array; chain: EmgChain | null; nonFinite: number }

/**
 * Envelope (µV RMS) and filtered signal (µV) of one EMG signal over the whole file, with the mask of samples that are
 * not signal. The chain restarts at the start, after every EDF+D jump, after every filled stretch and after every
 * non-finite value; the first `chain.startupSamples` envelope values after a restart are the filter's start-up.
 * Masked samples are NaN in both outputs.
 */
async function processEmg(r: EdfReader, sig: number, ch: AnalysisChannel, settings: EmgSettings, onsets: Float64Array, anns: readonly { onsetS: number; durationS: number | null; text: string }[]): Promise<ProcessedChannel | null> {
  const rate = r.rateHz(sig);
  const uvPerUnit = ch.factor!;
  const f = ch.kind === 'envelope' ? null : effectiveEmgFilter(rate, settings);
  if (ch.kind !== 'envelope' && !f) return null;
  const chain = f ? new EmgChain(f) : null;
  const spr = r.header.signals[sig]!.samplesPerRecord;
  const total = r.records * spr;
  const recS = r.header.recordDurationS;
  const x = new Float32Array(total);
  for (let first = 0; first < r.records; first += 60) {
    const count = Math.min(60, r.records - first);
    const phys = r.readPhysical(sig, first, count);
    const at = first * spr;
    for (let i = 0; i < phys.length; i++) x[at + i] = phys[i]! * uvPerUnit;
  }
  const mask = new Uint8Array(total);
  markFilled(mask, anns, onsets, recS, spr, rate);
  let nonFinite = 0;
  for (let i = 0; i < total; i++) if (!Number.isFinite(x[i]!)) { mask[i] = CODE['non-finite']; nonFinite++; }
  const restarts = segmentStarts(onsets, recS, spr);
  const env = new Float32Array(total).fill(NaN), filt = new Float32Array(total).fill(NaN);
  if (!chain) {
    // A device envelope is taken as is (no band-pass, no start-up); only what is not signal is left out.
    for (let k = 0; k < total; k++) if (mask[k] === 0) env[k] = x[k]!;
    return { env, filt, mask, chain, nonFinite };
  }
  const chunk = Math.max(1, 60 * spr);
  let i = 0, sinceYield = 0;
  while (i < total) {
    if (mask[i] !== 0) { i++; continue; }
    // A run of real samples [i, j): no mask, no segment start inside.
    let j = i + 1;
    while (j < total && mask[j] === 0 && !restarts.has(j)) j++;
    chain.reset();
    for (let a = i; a < j; a += chunk) {
      const b = Math.min(j, a + chunk);
      chain.process(x.subarray(a, b), 1, b - a, filt.subarray(a, b), env.subarray(a, b));
      sinceYield += b - a;
      if (sinceYield >= chunk) { sinceYield = 0; await yieldToLoop(); } // live streaming and other commands go on meanwhile
    }
    const settleEnd = Math.min(j, i + chain.startupSamples);
    for (let k = i; k < settleEnd; k++) mask[k] = CODE['filter-settling'];
    i = j;
  }
  for (let k = 0; k < total; k++) if (mask[k] !== 0) { env[k] = NaN; filt[k] = NaN; }
  return { env, filt, mask, chain, nonFinite };
}

function excludedIn(mask: Uint8Array, from: number, to: number, rateHz: number): ExcludedSeconds {
  const n = [0, 0, 0, 0, 0];
  for (let i = Math.max(0, from); i < Math.min(mask.length, to); i++) n[mask[i]!]!++;
  const byReason = {} as Record<ExclusionReason, number>;
  let total = 0;
  for (const reason of EXCLUSION_REASONS) { const s = n[CODE[reason]]! / rateHz; byReason[reason] = s; total += s; }
  return { totalS: total, byReason };
}

/** Time in target (%) over the samples of env[from, to) that are signal; null for a phase without a target. */
function timeInTarget(env: Float32Array, from: number, to: number, target: PhaseTarget, t: SessionAnalysis['targets']): Num {
  if (target === 'none' || to <= from) return null;
  const tit = new TimeInTarget(target === 'relax' ? { kind: 'relax', upper: t.relaxUpperUv } : { kind: 'contract', lo: t.contractLoUv, hi: t.contractHiUv });
  const a = Math.max(0, from), b = Math.min(env.length, to);
  tit.push(env.subarray(a, b), b - a);
  return num(tit.percent());
}

const mo = (x: Measure): MeasureOut => ({ value: num(x.value), unit: x.unit, reliability: x.reliability });

/** The definitions behind every figure, as the report footnote and `loslaten analyze --json` state them. */
export function analysisDefinitions(settlingS: number, rmsWindowMs: number): SessionAnalysis['definitions'] {
  return {
    envelope: `band-pass (4th-order Butterworth high-pass at loHz and low-pass at hiHz) and mains notch (Q 10) on the raw signal in µV, then the RMS over the last ${rmsWindowMs} ms (rmsWindowMs) at every sample`,
    excluded: 'samples that are not signal are left out of every figure (means, CVs, peaks, time in target, latencies): samples the recorder filled in (annotations "padding" and "lost N samples"), non-finite values, and the filter start-up after the start, after every gap (EDF+D jump or filled stretch) and after every non-finite value; the chain restarts at each of these',
    filterSettling: `start-up = settling time (${settlingS} s: the band-pass step response from rest stays within ${SETTLING_TOLERANCE * 100} % of the step after it) plus one RMS window less one sample, so no RMS window overlaps the transient or a filled sample`,
    meanUv: 'mean of the envelope over the phase\'s samples that are signal',
    cvPercent: '100 × sample standard deviation (n − 1) / mean of the same envelope samples',
    peakUv: 'largest envelope value over the same samples',
    timeInTargetPercent: 'share of the same samples at or below the relaxation line (relax phases) or inside the contraction band (contract phases)',
    restingToneUv: 'mean envelope over the baseline rests (protocol phases of kind rest: rest before and rest after in the assessment, settling in downtraining) and downtraining phases; never the recovery rests between contractions nor phases of unknown kind; over the whole recording only when it has no phases at all',
    restingCvPercent: 'CV (as cvPercent) over the same samples as restingToneUv',
    phaseKinds: 'kinds come from the protocol the recording was made with (stored in its sidecar, or the built-in protocol it names); a phase id the protocol does not define is unknown and stays out of resting tone and variability',
    onsetLatencyS: `${LATENCY_DEFINITION.onsetLatency}; rest = ${LATENCY_DEFINITION.restLevel}; plateau = ${LATENCY_DEFINITION.plateau}; mean over the contractions of the set (fraction ${ONSET_FRACTION})`,
    releaseLatencyS: `${LATENCY_DEFINITION.releaseLatency}; mean over the contractions of the set (fraction ${RELEASE_FRACTION})`,
    medianFrequencyHz: 'mean over consecutive 1 s windows of the endurance phase of the median frequency (Welch power spectrum of the filtered signal, split in two equal halves between 20 Hz and 0.45 × rate); windows with excluded samples are skipped',
    z: `(phase mean − norm mean) / norm SD, norms: ${OLEKSY_2020_NORMS.citation}`,
    units: 'EMG converted to µV by the EDF physical dimension (V, mV, uV/µV, nV); pressure to mmHg (Pa, hPa, kPa, mbar, psi, cmH2O, mmHg); a channel with any other dimension is reported as unknown and not analysed',
  };
}

/** Reads a sidecar-less or sidecar'd recording and analyses it. Pure of side effects. */
export async function analyseRecording(edfPath: string, sc: Sidecar | null): Promise<Result<SessionAnalysis, EdfError>> {
  const o = openEdf(edfPath);
  if (!o.ok) return o;
  const r = o.value;
  try {
    const ann = r.readAnnotations();
    if (!ann.ok) return ann;
    const onsets = ann.value.recordOnsetsS;
    const anns = ann.value.annotations;
    const recS = r.header.recordDurationS;
    const settings = emgSettingsFrom(sc?.dsp);
    const targets = targetsOf(sc);
    const channels = r.dataSignals.map((s) => channelOf(r.header.signals[s]!.label, r.header.signals[s]!.physicalDimension, r.rateHz(s), r.header.signals[s]!.transducer));
    const emgSigs = r.dataSignals.filter((_, i) => channels[i]!.kind === 'emg' || channels[i]!.kind === 'envelope');
    const kindSrc = phaseKindsOf(sc, anns);
    const intervals = phaseIntervals(anns).map((iv) => ({ ...iv, ...analysisKindOf(iv.name, kindSrc) }));
    const rows: PhaseMetricsRow[] = [];
    let summary: SessionKeyMetrics = { restingToneUv: null, variabilityPercent: null, timeInTargetPercent: null, peakUv: null };
    let glazer: GlazerSummary | null = null;
    let rateHz = 0;
    let filter: SessionAnalysis['filter'] = null;
    let channelKind: SessionAnalysis['channelKind'] = null;
    let excluded: ExcludedSeconds | null = null;
    let nonFinite = 0;
    let restingSource: SessionAnalysis['restingToneSource'] = 'none';
    for (const [ci, sig] of emgSigs.entries()) {
      const label = r.header.signals[sig]!.label;
      const spr = r.header.signals[sig]!.samplesPerRecord;
      const rate = r.rateHz(sig);
      const chIdx = r.dataSignals.indexOf(sig);
      const p = await processEmg(r, sig, channels[chIdx]!, settings, onsets, anns);
      if (!p) continue;
      const { env, filt, mask, chain } = p;
      const spans = intervals.map((iv) => ({ ...iv, start: indexAt(onsets, recS, spr, iv.startS), end: indexAt(onsets, recS, spr, iv.endS) }));
      for (const sp of spans) {
        const s = statsOf(env, sp.start, sp.end);
        rows.push({ name: sp.name, kind: sp.kind, target: sp.target, channel: label, startS: sp.startS, endS: sp.endS,
          meanUv: num(s.mean), sdUv: num(s.sd), cvPercent: num(s.cvPercent), peakUv: num(s.peak),
          timeInTargetPercent: timeInTarget(env, sp.start, sp.end, sp.target, targets), excluded: excludedIn(mask, sp.start, sp.end, rate) });
      }
      const whole = statsOf(env);
      const wholeExcluded = excludedIn(mask, 0, env.length, rate);
      rows.push({ name: 'session', kind: 'session', target: 'relax', channel: label, startS: 0, endS: r.records > 0 ? onsets[r.records - 1]! + recS : 0, // wall-clock span: a gap counts, as in the review header
        meanUv: num(whole.mean), sdUv: num(whole.sd), cvPercent: num(whole.cvPercent), peakUv: num(whole.peak),
        timeInTargetPercent: timeInTarget(env, 0, env.length, 'relax', targets), excluded: wholeExcluded });
      if (ci !== 0) continue;
      // Key metrics of the first EMG channel.
      rateHz = rate;
      nonFinite = p.nonFinite;
      excluded = wholeExcluded;
      channelKind = chain ? 'emg' : 'envelope';
      const f = chain?.filter;
      filter = f && chain ? { loHz: f.loHz, hiHz: f.hiHz, notchHz: f.notchHz, limitedByRate: bandLimitedByRate(f, settings), rmsWindowMs: (f.rmsWindowSamples / rate) * 1000,
        settlingS: chain.settlingSamples / rate, startupExcludedS: chain.startupSamples / rate } : null;
      const baseline = spans.filter((s) => s.kind === 'baseline-rest' || s.kind === 'downtrain');
      const relax = spans.filter((s) => s.target === 'relax');
      const restIdx = baseline.length ? baseline : spans.length === 0 ? [{ start: 0, end: env.length }] : [];
      restingSource = baseline.length ? 'baseline-rests' : spans.length === 0 ? 'whole-recording' : 'none';
      const relaxIdx = relax.length ? relax : spans.length === 0 ? [{ start: 0, end: env.length }] : [];
      const rest = statsOfSpans(env, restIdx);
      const relaxTit = new TimeInTarget({ kind: 'relax', upper: targets.relaxUpperUv });
      for (const sp of relaxIdx) relaxTit.push(env.subarray(sp.start, sp.end), sp.end - sp.start);
      summary = { restingToneUv: num(rest.mean), variabilityPercent: num(rest.cvPercent), timeInTargetPercent: num(relaxTit.percent()), peakUv: num(whole.peak) };
      if (spans.some((s) => s.kind === 'flick' || s.kind === 'hold' || s.kind === 'endurance')) {
        const gSpans: PhaseSpan[] = spans.map(({ kind, start, end }) => ({ kind: kind === 'baseline-rest' ? 'rest' : kind, start, end }));
        const g = analyseGlazer(env, filt, rate, gSpans);
        const set = (c: typeof g.flicks) => c && { count: c.count, meanUv: mo(c.meanUv), peakUv: mo(c.peakUv), onsetLatencyS: mo(c.onsetLatencyS), releaseLatencyS: mo(c.releaseLatencyS) };
        const restOut = (x: typeof g.restBefore) => x && { meanUv: mo(x.meanUv), cvPercent: mo(x.cvPercent), peakUv: { value: num(x.stats.peak), unit: 'µV' as const, reliability: 'unrated' as const } };
        glazer = {
          restBefore: restOut(g.restBefore),
          flicks: set(g.flicks), holds: set(g.holds),
          endurance: g.endurance && { meanUv: mo(g.endurance.meanUv), peakUv: mo(g.endurance.peakUv), medianFrequencyHz: mo(g.endurance.medianFrequencyHz), medianFrequencyChangePercent: mo(g.endurance.medianFrequencyChangePercent) },
          restAfter: restOut(g.restAfter),
          z: { restBefore: num(g.z.restBefore), flicks: num(g.z.flicks), holds: num(g.z.holds), endurance: num(g.z.endurance), restAfter: num(g.z.restAfter) },
          norms: OLEKSY_2020_NORMS, reliability: GLAZER_RELIABILITY,
        };
      }
    }
    const pressure = pressureOf(r, channels, onsets, recS, anns, intervals);
    if (pressure) summary = { ...summary, restingPressure: pressure.restingPressureOwnUnit, pressureUnit: pressure.ownUnit };
    else summary = { ...summary, restingPressure: null, pressureUnit: null };
    return {
      ok: true,
      value: {
        schema: ANALYSIS_SCHEMA, version: ANALYSIS_VERSION, fileKey: fileKey(sc, r.records), analysedAt: new Date().toISOString(),
        channel: emgSigs.length ? r.header.signals[emgSigs[0]!]!.label : null, rateHz, emg: settings, channelKind, filter, targets, phases: rows, summary, glazer,
        excluded, nonFiniteSamples: nonFinite, restingToneSource: restingSource, phaseKindSource: kindSrc.source, protocolId: kindSrc.protocolId,
        channels, pressure: pressure?.out ?? null,
        definitions: analysisDefinitions(filter?.settlingS ?? NaN, filter?.rmsWindowMs ?? settings.rmsWindowMs),
      },
    };
  } finally {
    r.close();
  }
}

/** Stats of the finite values over several sample spans together. */
function statsOfSpans(values: Float32Array, spans: readonly { start: number; end: number }[]): { mean: number; cvPercent: number } {
  const st = new RunningStats();
  for (const sp of spans) st.pushRange(values, Math.max(0, sp.start), Math.min(values.length, sp.end));
  return st.summary();
}

/**
 * The first pressure channel, in mmHg: per phase (mean, CV, peak, excluded filled samples) and resting pressure over
 * the baseline rests (as the EMG resting tone). Also the resting pressure in the channel's own unit when it is one
 * the app shows (mmHg, cmH2O, hPa, kPa), for trends and the report.
 */
function pressureOf(r: EdfReader, channels: readonly AnalysisChannel[], onsets: Float64Array, recS: number, anns: readonly { onsetS: number; durationS: number | null; text: string }[],
  intervals: readonly { name: string; startS: number; endS: number; kind: AnalysisPhaseKind }[]): { out: PressureAnalysis; restingPressureOwnUnit: Num; ownUnit: string } | null {
  const ci = channels.findIndex((c) => c.kind === 'pressure');
  if (ci < 0 || r.records === 0) return null;
  const ch = channels[ci]!;
  const sig = r.dataSignals[ci]!;
  const spr = r.header.signals[sig]!.samplesPerRecord;
  const rate = r.rateHz(sig);
  const phys = r.readPhysical(sig, 0, r.records);
  const mask = new Uint8Array(phys.length);
  markFilled(mask, anns, onsets, recS, spr, rate);
  const v = new Float32Array(phys.length);
  for (let i = 0; i < v.length; i++) {
    const x = phys[i]! * ch.factor!;
    if (!Number.isFinite(x)) mask[i] = CODE['non-finite'];
    v[i] = mask[i] === 0 ? x : NaN;
  }
  const spans = intervals.map((iv) => ({ ...iv, start: indexAt(onsets, recS, spr, iv.startS), end: indexAt(onsets, recS, spr, iv.endS) }));
  const phases = spans.map((sp) => {
    const s = statsOf(v, sp.start, sp.end);
    return { id: sp.name, kind: sp.kind, startS: sp.startS, endS: sp.endS, meanMmHg: num(s.mean), cvPercent: num(s.cvPercent), peakMmHg: num(s.peak), excluded: excludedIn(mask, sp.start, sp.end, rate) };
  });
  const base = spans.filter((s) => s.kind === 'baseline-rest' || s.kind === 'downtrain');
  const restIdx = base.length ? base : spans.length === 0 ? [{ start: 0, end: v.length }] : [];
  const rest = statsOfSpans(v, restIdx);
  const own = APP_PRESSURE_UNITS.has(ch.dimension) ? ch.dimension : 'mmHg';
  const ownFactor = own === 'mmHg' ? 1 : PA_PER_MMHG / PRESSURE_PA_PER_UNIT[own]!;
  return {
    out: { channel: ch.label, dimension: ch.dimension, restingPressureMmHg: num(rest.mean), restingCvPercent: num(rest.cvPercent), excluded: excludedIn(mask, 0, v.length, rate), phases },
    restingPressureOwnUnit: num(rest.mean * ownFactor), ownUnit: own,
  };
}

export function fileKey(sc: Sidecar | null, records: number): string {
  return `${records}:${sc?.recording.sha256 ?? 'nosha'}`;
}

// ---------- the headless JSON (`loslaten analyze --json`) ----------

const s1 = (e: ExcludedSeconds | null) => e && { totalS: e.totalS, ...e.byReason };

/** The analysis as `loslaten analyze --json` prints it: numbers unrounded, units in the field names. */
export function analysisJson(a: SessionAnalysis): Record<string, unknown> {
  const g = a.glazer;
  const first = a.phases.filter((p) => p.channel === a.channel);
  const c = (m: MeasureOut | undefined) => m?.value ?? null;
  const set = (x: NonNullable<GlazerSummary['flicks']> | null) => x && { count: x.count, meanUv: c(x.meanUv), peakUv: c(x.peakUv), onsetLatencyS: c(x.onsetLatencyS), releaseLatencyS: c(x.releaseLatencyS) };
  const rest = (x: GlazerSummary['restBefore']) => x && { meanUv: c(x.meanUv), peakUv: c(x.peakUv), cvPercent: c(x.cvPercent) };
  return {
    schema: 'loslaten.analyze', version: a.version,
    channel: a.channel, channelKind: a.channelKind ?? null, rateHz: a.rateHz,
    channels: a.channels.map((ch) => ({ label: ch.label, dimension: ch.dimension, kind: ch.kind, unit: ch.unit ?? 'unknown', rateHz: ch.rateHz })),
    filter: a.filter && { loHz: a.filter.loHz, hiHz: a.filter.hiHz, notchHz: a.filter.notchHz, limitedByRate: a.filter.limitedByRate, rmsWindowMs: a.filter.rmsWindowMs, settlingS: a.filter.settlingS, startupExcludedS: a.filter.startupExcludedS },
    targets: { relaxUpperUv: a.targets.relaxUpperUv, contractLoUv: a.targets.contractLoUv, contractHiUv: a.targets.contractHiUv, source: a.targets.source },
    restingToneUv: a.summary.restingToneUv, restingCvPercent: a.summary.variabilityPercent, restingToneFrom: a.restingToneSource,
    timeInTargetPercent: a.summary.timeInTargetPercent, peakUv: a.summary.peakUv,
    excludedS: s1(a.excluded), nonFiniteSamples: a.nonFiniteSamples,
    phaseKindsFrom: a.phaseKindSource, protocol: a.protocolId,
    phases: first.filter((p) => p.kind !== 'session').map((p) => ({
      id: p.name, kind: p.kind, startS: p.startS, endS: p.endS, meanUv: p.meanUv, cvPercent: p.cvPercent, peakUv: p.peakUv,
      timeInTargetPercent: p.timeInTargetPercent, excludedS: s1(p.excluded),
    })),
    glazer: g && {
      restBefore: rest(g.restBefore), flicks: set(g.flicks), holds: set(g.holds),
      endurance: g.endurance && { meanUv: c(g.endurance.meanUv), peakUv: c(g.endurance.peakUv), medianFrequencyHz: c(g.endurance.medianFrequencyHz) },
      restAfter: rest(g.restAfter),
      z: g.z, norms: { citation: g.norms.citation, restBefore: g.norms.restBefore, flicks: g.norms.flicks, holds: g.norms.holds, endurance: g.norms.endurance, restAfter: g.norms.restAfter },
    },
    pressure: a.pressure && {
      channel: a.pressure.channel, dimension: a.pressure.dimension, restingPressureMmHg: a.pressure.restingPressureMmHg, restingCvPercent: a.pressure.restingCvPercent,
      excludedS: s1(a.pressure.excluded),
      phases: a.pressure.phases.map((p) => ({ id: p.id, kind: p.kind, startS: p.startS, endS: p.endS, meanMmHg: p.meanMmHg, cvPercent: p.cvPercent, peakMmHg: p.peakMmHg, excludedS: s1(p.excluded) })),
    },
    definitions: a.definitions,
  };
}
