// Display texts of the live metrics (units attached, dashes for no data).
import type { PhaseSummary } from '../../dsp/phase-metrics.ts';
import type { Language } from '../i18n/messages.ts';
import { translate } from '../i18n/translate.ts';
import { formatNumber } from '../../api/i18n.ts';

export const METRIC_IDS = ['mean', 'sd', 'cv', 'peak', 'tit', 'latency', 'breath'] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** Display text of every metric for a summary (unit text appended where it has one). */
export function metricTexts(m: PhaseSummary | null, unitText: string, lang: Language): Record<MetricId, string> {
  const dash = '—';
  const num = (x: number, d = 1) => (Number.isFinite(x) ? formatNumber(lang, x, d) : dash);
  const withUnit = (x: number) => (Number.isFinite(x) ? `${formatNumber(lang, x, 1)} ${unitText}` : dash);
  if (!m || m.stats.count === 0) return { mean: dash, sd: dash, cv: dash, peak: dash, tit: dash, latency: dash, breath: dash };
  const lat = m.relaxLatency;
  return {
    mean: withUnit(m.stats.mean),
    sd: withUnit(m.stats.sd),
    cv: Number.isFinite(m.stats.cvPercent) ? `${num(m.stats.cvPercent, 0)} %` : dash,
    peak: withUnit(m.stats.peak),
    tit: Number.isFinite(m.timeInTargetPercent) ? `${num(m.timeInTargetPercent, 0)} %` : dash,
    latency: !lat || lat.kind === 'no-cue' ? dash : lat.kind === 'found' ? `${num(lat.latencyS)} s` : translate(lang, 'metrics.latencyPending'),
    breath: Number.isFinite(m.breathScorePercent) ? `${m.breathScorePercent > 0 ? '+' : ''}${num(m.breathScorePercent, 0)} %` : dash,
  };
}
