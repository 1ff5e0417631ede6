// Trends per patient across sessions: resting tone, variability, time in target and peak — a uPlot chart and a table.
import { OKABE_ITO } from '../../api/palette.ts';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TrendRow } from '../../api/review-types.ts';
import { getApi } from '../api/index.ts';
import { errorMessage } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../../api/i18n.ts';
import { useUi } from '../state/ui-store.ts';
import { useSettings } from '../state/settings-store.ts';
import { axisText } from '../biofeedback/chart.ts';
import { fmt } from '../review/phases.ts';
import { useView } from '../state/view-store.ts';
import { useProfiles } from '../library/use-profiles.ts';

/** The % axis: 0–100, extended (to the next 10 above the largest value + 10 %) when variation exceeds 100 %. */
export function percentAxisRange(hi: number | null): [number, number] {
  return [0, Math.max(100, Math.ceil(((hi ?? 0) * 1.1) / 10) * 10)];
}

const COLORS = { rest: OKABE_ITO.blue, variability: OKABE_ITO.orange, tit: OKABE_ITO.green, peak: OKABE_ITO.vermillion } as const;

function TrendChart({ rows }: { rows: readonly TrendRow[] }) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current!;
    const x = rows.map((_, i) => i + 1);
    const col = (f: (r: TrendRow) => number | null | undefined) => rows.map((r) => f(r) ?? null);
    // The µV lines are raw EMG only: a device envelope's µV are on a scale of their own (listed in the table, marked).
    const emg = (r: TrendRow) => r.channelKind !== 'envelope';
    const data = [x, col((r) => (emg(r) ? r.metrics?.restingToneUv : null)), col((r) => (emg(r) ? r.metrics?.peakUv : null)), col((r) => r.metrics?.variabilityPercent), col((r) => r.metrics?.timeInTargetPercent)] as uPlot.AlignedData;
    const pts = (stroke: string, dash?: number[]) => ({ stroke, width: 2, ...(dash ? { dash } : {}), points: { show: true, size: 8, stroke, fill: stroke } });
    const u = new uPlot({
      width: Math.max(300, el.clientWidth), height: 280,
      scales: { x: { time: false, range: [0.5, Math.max(1.5, rows.length + 0.5)] }, uv: { auto: true }, pct: { range: (_u, _lo, hi) => percentAxisRange(hi) } },
      axes: [
        { label: t('trend.session'), values: (_u, ticks) => ticks.map((v) => (Number.isInteger(v) ? String(v) : '')), ...axisText().x },
        { scale: 'uv', label: t('trend.uvAxis'), ...axisText().y },
        { scale: 'pct', side: 1, label: t('trend.percentAxis'), grid: { show: false }, ...axisText().y },
      ],
      series: [
        { label: t('trend.session') },
        { label: t('trend.rest'), scale: 'uv', ...pts(COLORS.rest) },
        { label: t('trend.peak'), scale: 'uv', ...pts(COLORS.peak, [6, 3]) },
        { label: t('trend.variability'), scale: 'pct', ...pts(COLORS.variability, [2, 3]) },
        { label: t('trend.tit'), scale: 'pct', ...pts(COLORS.tit, [10, 4]) },
      ],
    }, data, el);
    el.dataset.points = String(rows.length);
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(300, el.clientWidth), height: 280 }));
    ro.observe(el);
    return () => { ro.disconnect(); u.destroy(); };
  }, [rows, t]);
  return <div className="trend-chart" data-testid="trend-chart" ref={host} />;
}

export function TrendsView() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const profileId = useView((s) => s.profileId);
  const setProfile = useView((s) => s.setProfile);
  const profiles = useProfiles();
  const [rows, setRows] = useState<readonly TrendRow[] | null>(null);
  const [err, setErr] = useState<string | null>(null);
  // Opens on the profile in use (the patient in session, or the home user) unless another was chosen here.
  const current = useSettings((s) => s.profileId);
  const pid = profileId || (profiles.some((p) => p.id === current) ? current : profiles[0]?.id) || '';

  useEffect(() => {
    if (!pid) return;
    let live = true;
    setRows(null);
    void getApi().sessionTrends({ profileId: pid }).then((r) => {
      if (!live) return;
      if (r.ok) { setRows(r.value); setErr(null); } else setErr(errorMessage(lang, r.error));
    });
    return () => { live = false; };
  }, [pid, lang]);

  const analysed = rows?.filter((r) => r.metrics) ?? [];
  return (
    <section className="trends" data-testid="trends">
      <div className="library-head">
        <h2>{t('trend.title')}</h2>
        <label>{t('lib.profile')}{' '}
          <select value={pid} onChange={(e) => setProfile(e.target.value)} data-testid="trend-profile">
            {profiles.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
          </select>
        </label>
      </div>
      {err && <p className="error" role="alert">{err}</p>}
      {rows && analysed.length === 0 && <p>{t('trend.none')}</p>}
      {analysed.length > 0 && <TrendChart rows={analysed} />}
      {analysed.length > 0 && (
        <table className="library-table" data-testid="trend-table">
          <thead><tr><th>#</th><th>{t('lib.date')}</th><th>{t('lib.titleCol')}</th><th>{t('lib.protocol')}</th><th>{t('trend.rest')}</th><th>{t('trend.variability')}</th><th>{t('trend.tit')}</th><th>{t('trend.peak')}</th></tr></thead>
          <tbody>
            {analysed.map((r, i) => (
              <tr key={r.sessionId} data-testid="trend-row" data-rest={r.metrics!.restingToneUv ?? ''}>
                <td>{i + 1}</td><td>{formatDateTime(lang, r.startedAt, false)}</td><td>{r.title || t('lib.untitled')}</td><td>{r.protocol ?? '–'}</td>
                <td data-kind={r.channelKind ?? 'emg'}>{fmt(r.metrics!.restingToneUv)}{r.channelKind === 'envelope' && <small> {t('trend.envelope')}</small>}</td><td>{fmt(r.metrics!.variabilityPercent, 0)}</td><td>{fmt(r.metrics!.timeInTargetPercent, 0)}</td><td>{fmt(r.metrics!.peakUv)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
