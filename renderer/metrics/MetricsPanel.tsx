// Live metrics of the current step (or since the start): mean, SD, CV %, peak, time in target, time to relax, breath coordination; 4×/s via refs.
import { useRef } from 'react';
import { engine } from '../biofeedback/engine.ts';
import { useFrameView } from '../biofeedback/use-frame-view.ts';
import { unitLabel } from '../i18n/translate.ts';
import { METRIC_IDS, metricTexts, type MetricId } from './metric-texts.ts';
import { useT } from '../i18n/use-t.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';
import { primaryUnit } from '../biofeedback/wiring.ts';
import { useSettings } from '../state/settings-store.ts';

export function MetricsPanel() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const header = useUi((s) => s.status?.header);
  const phaseMode = useFeedback((s) => s.protocol.status === 'running' || s.protocol.status === 'paused');
  const unit = useFeedback((s) => (header ? primaryUnit(s) : 'uV'));
  const unitText = unitLabel(lang, unit);
  const home = useSettings((s) => s.app.mode === 'home');
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
      {/* At home the figures are one click away (the trace, the line and the sentence are the feedback); open for a therapist. */}
      <details open={home ? undefined : true} data-testid="metrics-more" key={home ? 'home' : 'therapist'}>
        <summary>{t('metrics.showNumbers')}</summary>
        <dl>
          {METRIC_IDS.map((id) => (
            <div key={id}><dt>{t(`metrics.${id}`)}</dt><dd ref={(el) => { cells.current[id] = el; }} data-testid={`metric-${id}`}>—</dd></div>
          ))}
        </dl>
        <p className="hint">{t('metrics.breathHint')}</p>
        {!phaseMode && <button type="button" onClick={() => engine.resetMetrics()}>{t('metrics.reset')}</button>}
      </details>
    </section>
  );
}
