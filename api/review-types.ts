// Review data shapes shared by core and renderer: session analysis (per-phase metrics, Glazer summary), trends, report.
import { z } from 'zod';
import { idSchema } from './id-schema.ts';
import type { EmgSettings } from '../dsp/emg-chain.ts';
import type { GLAZER_RELIABILITY, Measure, OLEKSY_2020_NORMS } from '../dsp/glazer.ts';
import type { PhaseKind, PhaseTarget } from '../training/protocols.ts';

/** Marks the analysis object inside the sidecar's `phaseMetrics` array; bump the version when the maths change. */
export const ANALYSIS_SCHEMA = 'loslaten.analysis';
export const ANALYSIS_VERSION = 3;

/** A number that may be missing (NaN travels as null in JSON). */
export type Num = number | null;

/** Metrics of one phase (or the whole session) on one EMG channel's RMS envelope, µV RMS. */
export interface PhaseMetricsRow {
  readonly name: string;
  readonly kind: PhaseKind | 'session';
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
}

export interface MeasureOut { readonly value: Num; readonly unit: Measure['unit']; readonly reliability: Measure['reliability'] }
/** The Glazer summary for review: figures, published norms and reliability flags. */
export interface GlazerSummary {
  readonly restBefore: { meanUv: MeasureOut; cvPercent: MeasureOut } | null;
  readonly flicks: { count: number; meanUv: MeasureOut; peakUv: MeasureOut; riseS: MeasureOut; recoveryS: MeasureOut } | null;
  readonly holds: { count: number; meanUv: MeasureOut; peakUv: MeasureOut; riseS: MeasureOut; recoveryS: MeasureOut } | null;
  readonly endurance: { meanUv: MeasureOut; peakUv: MeasureOut; medianFrequencyHz: MeasureOut; medianFrequencyChangePercent: MeasureOut } | null;
  readonly restAfter: { meanUv: MeasureOut; cvPercent: MeasureOut } | null;
  readonly z: Record<'restBefore' | 'flicks' | 'holds' | 'endurance' | 'restAfter', Num>;
  readonly norms: typeof OLEKSY_2020_NORMS;
  readonly reliability: typeof GLAZER_RELIABILITY;
}

/** The per-session figures trends are made of (first EMG channel). */
export interface SessionKeyMetrics {
  /** Mean envelope over rest phases (whole session when it has no phases), µV RMS. */
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
  readonly emg: EmgSettings;
  /**
   * What the analysed channel is and the band really applied to it at its rate (the settings clamped below Nyquist:
   * 20–112.5 Hz on a 250 Hz device); null filter for an `envelope` channel (rectified and smoothed by the device, taken
   * as is). Absent in analyses before version 3.
   */
  readonly channelKind?: 'emg' | 'envelope' | null;
  readonly filter?: { readonly loHz: number; readonly hiHz: number; readonly notchHz: number; readonly limitedByRate: boolean } | null;
  readonly targets: { readonly relaxUpperUv: number; readonly contractLoUv: number; readonly contractHiUv: number; readonly source: 'session' | 'default' };
  readonly phases: readonly PhaseMetricsRow[];
  readonly summary: SessionKeyMetrics;
  readonly glazer: GlazerSummary | null;
}


/** One row of a patient's trend: a session and its key metrics (null when it could not be analysed). */
export interface TrendRow {
  readonly sessionId: string;
  readonly title: string;
  readonly startedAt: string;
  readonly protocol: string | null;
  readonly durationS: number;
  readonly metrics: SessionKeyMetrics | null;
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
