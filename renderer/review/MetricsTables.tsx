// Per-phase metrics table and the Glazer summary beside the published norms (with citation and reliability flags).
import { bandText } from '../../api/band-text.ts';
import { phaseLabel, reportText } from '../../api/report-messages.ts';
import type { SessionAnalysis, GlazerSummary, MeasureOut } from '../../api/review-types.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { useT } from '../i18n/use-t.ts';
import { useUi } from '../state/ui-store.ts';
import { clock, fmt } from './phases.ts';

export function PhaseMetricsTable({ a, onJump }: { a: SessionAnalysis; onJump: (tS: number) => void }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const src = a.targets.source === 'session' ? t('rev.targetsSession') : t('rev.targetsDefault');
  return (
    <section className="review-metrics" data-testid="phase-metrics">
      <h3>{t('rev.metrics')}</h3>
      <table>
        <thead><tr><th>{t('rev.phase')}</th><th>{t('rev.channel')}</th><th>{t('rev.time')}</th><th>{t('rev.mean')} (µV)</th><th>{t('rev.sd')} (µV)</th><th>{t('rev.cv')} (%)</th><th>{t('rev.peak')} (µV)</th><th>{t('rev.tit')} (%)</th><th>{t('rev.leftOut')} (s)</th></tr></thead>
        <tbody>
          {a.phases.map((p, i) => (
            <tr key={i} data-testid="metrics-row" data-phase={p.name} data-channel={p.channel} data-mean={p.meanUv ?? ''}>
              <td>{p.kind === 'session' ? t('rev.wholeSession') : <button className="link" onClick={() => onJump(p.startS)}>{phaseLabel(p.name, lang)}</button>}</td>
              <td>{p.channel}</td>
              <td>{clock(p.startS)}–{clock(p.endS)}</td>
              <td>{fmt(p.meanUv)}</td><td>{fmt(p.sdUv)}</td><td>{fmt(p.cvPercent, 0)}</td><td>{fmt(p.peakUv)}</td><td>{fmt(p.timeInTargetPercent, 0)}</td>
              <td data-testid="left-out" title={p.excluded ? t('rev.leftOutWhy', { filled: fmt(p.excluded.byReason.padding + p.excluded.byReason.interpolated, 2), settling: fmt(p.excluded.byReason['filter-settling'], 2), bad: fmt(p.excluded.byReason['non-finite'], 2) }) : undefined}>{fmt(p.excluded?.totalS, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {bandText(a, lang) && <p className="hint" data-testid="analysis-band">{bandText(a, lang)}</p>}
      <p className="hint">{t('rev.targets', { relax: fmt(a.targets.relaxUpperUv), lo: fmt(a.targets.contractLoUv), hi: fmt(a.targets.contractHiUv), source: src })}</p>
      {a.excluded && a.excluded.totalS > 0 ? <p className="hint" data-testid="excluded">{t('rev.excluded', { total: fmt(a.excluded.totalS, 2),
        filled: fmt(a.excluded.byReason.padding + a.excluded.byReason.interpolated, 2), settling: fmt(a.excluded.byReason['filter-settling'], 2), bad: fmt(a.excluded.byReason['non-finite'], 2) })}</p> : null}
      {a.nonFiniteSamples > 0 ? <p className="hint" role="alert" data-testid="signal-problem">{t('rev.signalProblem', { n: String(a.nonFiniteSamples) })}</p> : null}
    </section>
  );
}

const PARTS = ['restBefore', 'flicks', 'holds', 'endurance', 'restAfter'] as const;

function Flag({ m }: { m: MeasureOut | undefined }) {
  const t = useT();
  if (!m || m.reliability !== 'poor') return null;
  return <span className="flag" data-testid="reliability-flag" title={t('rev.lessReliable')}> ⚠ {t('rev.lessReliable')}</span>;
}

export function GlazerTable({ g }: { g: GlazerSummary }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const N = g.norms;
  const R = g.reliability;
  const mean = (k: (typeof PARTS)[number]): number | null => g[k]?.meanUv.value ?? null;
  const extra: [MessageKey, MeasureOut | undefined][] = [
    ['rev.g.onsetFlicks', g.flicks?.onsetLatencyS], ['rev.g.releaseFlicks', g.flicks?.releaseLatencyS],
    ['rev.g.onsetHolds', g.holds?.onsetLatencyS], ['rev.g.releaseHolds', g.holds?.releaseLatencyS], ['rev.g.mdf', g.endurance?.medianFrequencyHz],
  ];
  return (
    <section className="review-glazer" data-testid="glazer">
      <h3>{t('rev.glazer')}</h3>
      <table>
        <thead><tr><th>{t('rev.glazerPhase')}</th><th>{t('rev.glazerYou')} (µV)</th><th>{t('rev.glazerNorm')} (µV)</th><th>{t('rev.glazerZ')}</th></tr></thead>
        <tbody>
          {PARTS.map((k) => (
            <tr key={k} data-testid="glazer-row" data-part={k} data-value={mean(k) ?? ''}>
              <td>{t(`rev.g.${k}` as MessageKey)}</td><td>{fmt(mean(k))}</td><td>{fmt(N[k].mean, 2)} ± {fmt(N[k].sd, 2)}</td><td>{fmt(g.z[k])}</td>
            </tr>
          ))}
          {extra.map(([k, m]) => (
            <tr key={k}><td>{t(k)}</td><td>{fmt(m?.value, 2)} {m?.unit ?? ''}<Flag m={m} /></td><td>–</td><td>–</td></tr>
          ))}
        </tbody>
      </table>
      <p className="cite" data-testid="norms-citation">{t('rev.normsSource', { population: reportText(lang, 'report.glazer.population'), citation: N.citation, doi: N.doi })}</p>
      <p className="cite">{t('rev.reliabilitySource', { citation: R.citation, doi: R.doi })}</p>
      <p className="hint">{t('rev.normsNote')}</p>
    </section>
  );
}
