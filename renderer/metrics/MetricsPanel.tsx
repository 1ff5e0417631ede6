// Live metrics of the current step (or since the start): mean, SD, CV %, peak, time in target, time to relax, breath coordination; 4×/s via refs.
import { useRef } from 'react';
import type { PhaseSummary } from '../../dsp/phase-metrics.ts';
import { engine } from '../biofeedback/engine.ts';
import { useFrameView } from '../biofeedback/use-frame-view.ts';
import { translate, unitLabel } from '../i18n/translate.ts';
import type { Language } from '../i18n/messages.ts';
import { useT } from '../i18n/use-t.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';
import { primaryUnit } from '../biofeedback/wiring.ts';

export const METRIC_IDS = ['mean', 'sd', 'cv', 'peak', 'tit', 'latency', 'breath'] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** Display text of every metric for a summary (unit text appended where it has one). */
export function metricTexts(m: PhaseSummary | null, unitText: string, lang: Language): Record<MetricId, string> {
  const dash = '—';
  const num = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : dash);
  if (!m || m.stats.count === 0) return { mean: dash, sd: dash, cv: dash, peak: dash, tit: dash, latency: dash, breath: dash };
  const lat = m.relaxLatency;
  return {
    mean: `${num(m.stats.mean)} ${unitText}`,
    sd: `${num(m.stats.sd)} ${unitText}`,
    cv: Number.isFinite(m.stats.cvPercent) ? `${num(m.stats.cvPercent, 0)} %` : dash,
    peak: `${num(m.stats.peak)} ${unitText}`,
    tit: Number.isFinite(m.timeInTargetPercent) ? `${num(m.timeInTargetPercent, 0)} %` : dash,
    latency: !lat || lat.kind === 'no-cue' ? dash : lat.kind === 'found' ? `${num(lat.latencyS)} s` : translate(lang, 'metrics.latencyPending'),
    breath: Number.isFinite(m.breathScorePercent) ? `${m.breathScorePercent > 0 ? '+' : ''}${num(m.breathScorePercent, 0)} %` : dash,
  };
}

export function MetricsPanel() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const header = useUi((s) => s.status?.header);
  const phaseMode = useFeedback((s) => s.protocol.status === 'running' || s.protocol.status === 'paused');
  const unit = useFeedback((s) => (header ? primaryUnit(s) : 'uV'));
  const unitText = unitLabel(lang, unit);
  const cells = useRef<Partial<Record<MetricId, HTMLElement | null>>>({});
  const ctx = useRef({ unitText, lang });
  ctx.current = { unitText, lang };

  useFrameView(() => ({
    slow() {
      const m = engine.metrics().summary;
      const texts = metricTexts(m, ctx.current.unitText, ctx.current.lang);
      for (const id of METRIC_IDS) {
        const el = cells.current[id];
        if (el && el.textContent !== texts[id]) el.textContent = texts[id];
      }
    },
  }), []);

  return (
    <section className="metrics" data-testid="metrics" aria-label={t('metrics.title')}>
      <h3>{phaseMode ? t('metrics.title') : t('metrics.titleFree')}</h3>
      <dl>
        {METRIC_IDS.map((id) => (
          <div key={id}><dt>{t(`metrics.${id}`)}</dt><dd ref={(el) => { cells.current[id] = el; }} data-testid={`metric-${id}`}>—</dd></div>
        ))}
      </dl>
      <p className="hint">{t('metrics.breathHint')}</p>
      {!phaseMode && <button type="button" onClick={() => engine.resetMetrics()}>{t('metrics.reset')}</button>}
    </section>
  );
}
