// Review data shapes shared by core and renderer: session analysis (per-phase metrics, Glazer summary), trends, report.
import { z } from 'zod';
import { idSchema } from './id-schema.ts';
import type { EmgSettings } from '../dsp/emg-chain.ts';
import type { GLAZER_RELIABILITY, Measure, OLEKSY_2020_NORMS } from '../dsp/glazer.ts';
import type { PhaseTarget } from '../training/protocols.ts';

/** Marks the analysis object inside the sidecar's `phaseMetrics` array; bump the version when the maths change. */
export const ANALYSIS_SCHEMA = 'loslaten.analysis';
export const ANALYSIS_VERSION = 4;

/** Why samples were left out of the figures: filled in by the recorder, filter start-up, or a non-finite input. */
export const EXCLUSION_REASONS = ['padding', 'interpolated', 'filter-settling', 'non-finite'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];
/** Seconds left out of a phase or the session, in total and by reason. */
export interface ExcludedSeconds { readonly totalS: number; readonly byReason: Readonly<Record<ExclusionReason, number>> }

/** Kind of a phase in the analysis: protocol `rest` phases are baseline rests; ids the protocol does not define are unknown. */
export type AnalysisPhaseKind = 'baseline-rest' | 'recovery' | 'flick' | 'hold' | 'endurance' | 'downtrain' | 'drop' | 'unknown';

/** A data signal as the analysis reads it: EMG in µV or pressure in mmHg by its EDF physical dimension, else unknown. */
export interface AnalysisChannel {
  readonly label: string;
  /** The EDF physical dimension as stored. */
  readonly dimension: string;
  /** emg (raw, band-passed here), envelope (rectified and smoothed by the device, taken as is), pressure, unknown. */
  readonly kind: 'emg' | 'envelope' | 'pressure' | 'unknown';
  /** Unit the analysis reports it in (null: unknown dimension, not analysed). */
  readonly unit: 'µV' | 'mmHg' | null;
  /** Multiplier from the stored unit to `unit`. */
  readonly factor: number | null;
  readonly rateHz: number;
}

/** The first pressure channel, in mmHg. */
export interface PressureAnalysis {
  readonly channel: string;
  readonly dimension: string;
  readonly restingPressureMmHg: Num;
  readonly restingCvPercent: Num;
  readonly excluded: ExcludedSeconds;
  readonly phases: readonly { id: string; kind: AnalysisPhaseKind; startS: number; endS: number; meanMmHg: Num; cvPercent: Num; peakMmHg: Num; excluded: ExcludedSeconds }[];
}

/** A number that may be missing (NaN travels as null in JSON). */
export type Num = number | null;

/** Metrics of one phase (or the whole session) on one EMG channel's RMS envelope, µV RMS. */
export interface PhaseMetricsRow {
  readonly name: string;
  readonly kind: AnalysisPhaseKind | 'session';
  readonly target: PhaseTarget;
  readonly channel: string;
  readonly startS: number;
  readonly endS: number;
  readonly meanUv: Num;
  readonly sdUv: Num;
  readonly cvPercent: Num;
  readonly peakUv: Num;
  /** % of the phase meeting its target (relax: ≤ relaxUpper; contract: inside the band); null for `none`. */
  readonly timeInTargetPercent: Num;
  /** Seconds of the phase left out of its figures, and why. */
  readonly excluded: ExcludedSeconds;
}

export interface MeasureOut { readonly value: Num; readonly unit: Measure['unit']; readonly reliability: Measure['reliability'] }
/** The Glazer summary for review: figures, published norms and reliability flags. */
export interface GlazerSummary {
  readonly restBefore: { meanUv: MeasureOut; cvPercent: MeasureOut; peakUv: MeasureOut } | null;
  /** Latencies as defined in dsp/glazer.ts LATENCY_DEFINITION (and `definitions`). */
  readonly flicks: { count: number; meanUv: MeasureOut; peakUv: MeasureOut; onsetLatencyS: MeasureOut; releaseLatencyS: MeasureOut } | null;
  readonly holds: { count: number; meanUv: MeasureOut; peakUv: MeasureOut; onsetLatencyS: MeasureOut; releaseLatencyS: MeasureOut } | null;
  readonly endurance: { meanUv: MeasureOut; peakUv: MeasureOut; medianFrequencyHz: MeasureOut; medianFrequencyChangePercent: MeasureOut } | null;
  readonly restAfter: { meanUv: MeasureOut; cvPercent: MeasureOut; peakUv: MeasureOut } | null;
  readonly z: Record<'restBefore' | 'flicks' | 'holds' | 'endurance' | 'restAfter', Num>;
  readonly norms: typeof OLEKSY_2020_NORMS;
  readonly reliability: typeof GLAZER_RELIABILITY;
}

/** The per-session figures trends are made of (first EMG channel). */
export interface SessionKeyMetrics {
  /** Mean envelope over the baseline rests and downtraining phases (whole session when it has no phases), µV RMS. */
  readonly restingToneUv: Num;
  /** CV of the envelope over the same samples, %. */
  readonly variabilityPercent: Num;
  /** Over relax-target phases (whole session without phases), %. */
  readonly timeInTargetPercent: Num;
  readonly peakUv: Num;
  /**
   * Resting pressure of the first pressure channel: mean over rest phases (whole session without phases), in
   * `pressureUnit` (the recording's own unit, e.g. mmHg). Absent in analyses of version 1; null without pressure.
   */
  readonly restingPressure?: Num;
  /** Unit of `restingPressure` (the channel's EDF physical dimension), null without pressure. */
  readonly pressureUnit?: string | null;
}

export interface SessionAnalysis {
  readonly schema: typeof ANALYSIS_SCHEMA;
  readonly version: number;
  /** Identifies the recording analysed (records + SHA when known): a changed file is analysed again. */
  readonly fileKey: string;
  readonly analysedAt: string;
  readonly channel: string | null;
  readonly rateHz: number;
  /** The settings asked for (sidecar or defaults). */
  readonly emg: EmgSettings;
  /**
   * What the analysed channel is and the band really applied to it at its rate (the settings clamped below Nyquist:
   * 20–112.5 Hz on a 250 Hz device); null filter for an `envelope` channel (rectified and smoothed by the device, taken
   * as is). Absent in analyses before version 3.
   */
  readonly channelKind?: 'emg' | 'envelope' | null;
  readonly filter?: {
    readonly loHz: number; readonly hiHz: number; readonly notchHz: number; readonly limitedByRate: boolean;
    /** RMS window really used (whole samples), its settling time (step response within 1 %) and the start-up left out after each (re)start. */
    readonly rmsWindowMs: number; readonly settlingS: number; readonly startupExcludedS: number;
  } | null;
  readonly targets: { readonly relaxUpperUv: number; readonly contractLoUv: number; readonly contractHiUv: number; readonly source: 'session' | 'default' };
  readonly phases: readonly PhaseMetricsRow[];
  readonly summary: SessionKeyMetrics;
  readonly glazer: GlazerSummary | null;
  /** Seconds of the first EMG channel left out of every figure, and why (null without EMG). */
  readonly excluded: ExcludedSeconds | null;
  /** Non-finite input samples on the first EMG channel: a signal problem (never read as relaxation). */
  readonly nonFiniteSamples: number;
  /** Where the resting tone comes from: baseline rests, the whole recording (no phases), or nowhere (none of them). */
  readonly restingToneSource: 'baseline-rests' | 'whole-recording' | 'none';
  /** Where phase kinds come from: phases stored with the recording, a built-in protocol it names, or none (all unknown). */
  readonly phaseKindSource: 'sidecar' | 'protocol-id' | 'none';
  readonly protocolId: string | null;
  readonly channels: readonly AnalysisChannel[];
  readonly pressure: PressureAnalysis | null;
  /** How every figure was computed, in words (report footnote, `loslaten analyze --json`). */
  readonly definitions: Readonly<Record<string, string>>;
}


/** One row of a patient's trend: a session and its key metrics (null when it could not be analysed). */
export interface TrendRow {
  readonly sessionId: string;
  readonly title: string;
  readonly startedAt: string;
  readonly protocol: string | null;
  readonly durationS: number;
  readonly metrics: SessionKeyMetrics | null;
  /**
   * What the µV figures were measured on: raw EMG (µV RMS) or a device's envelope (µV as the device scales it, e.g.
   * a MyoWare's ENV output): the two are never drawn as one line.
   */
  readonly channelKind?: 'emg' | 'envelope' | null;
}


/** Review commands (spread into the contract's command schemas). */
export const reviewCommandSchemas = {
  /** Per-phase metrics (EMG envelope) and the Glazer summary of a session; cached in its sidecar. */
  analyseSession: z.object({ profileId: idSchema, sessionId: idSchema }).strict(),
  /** Key metrics of every session of a profile, oldest first (analyses sessions not analysed yet). */
  sessionTrends: z.object({ profileId: idSchema }).strict(),
  /**
   * Imports an EDF/EDF+/BDF file by path into a profile. Only where the host allows it (Electron main after its own
   * file dialog; the CLI); the web host refuses it (`forbidden`): a page must not name files on the machine.
   */
  importSessionFromPath: z.object({ profileId: idSchema, path: z.string().min(1).max(4096), title: z.string().max(200).optional() }).strict(),
  /** Writes the one-page HTML report next to the session; returns its path and the HTML (for printing). */
  /** `language`: the report's language, the one the user sees the app in (default: the app setting, else the system's). */
  exportSessionReport: z.object({ profileId: idSchema, sessionId: idSchema, language: z.enum(['nl', 'en']).optional() }).strict(),
} as const;

/** One library row after an import (same fields as the contract's SessionSummary). */
export interface ImportedSession {
  readonly id: string; readonly profileId: string; readonly title: string; readonly startedAt: string; readonly durationS: number;
  readonly protocol: string | null; readonly status: string; readonly lost: number; readonly rejected: number; readonly notes: number;
}

/** Results of the review commands (merged into the contract's CommandResults). */
export interface ReviewCommandResults {
  analyseSession: SessionAnalysis;
  sessionTrends: readonly TrendRow[];
  importSessionFromPath: ImportedSession;
  exportSessionReport: { readonly htmlPath: string; readonly html: string };
}
