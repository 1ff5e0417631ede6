// Home mode: the 2-minute relaxation (breathing guide in the middle) and calm, encouraging progress from the sessions
// (minutes, days in a row and the resting-tone trend from the core's trends command).
import { useEffect, useState } from 'react';
import type { SessionSummary } from '../../api/contract.ts';
import type { TrendRow } from '../../api/review-types.ts';
import { getApi } from '../api/index.ts';
import { unitLabel } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { useSettings } from '../state/settings-store.ts';
import { useUi } from '../state/ui-store.ts';
import { progressOf } from './progress.ts';
import { RELAX_S, useRelax } from '../state/relax-store.ts';
import { restTrendOf, restValueText, sparklinePoints, trendSentenceOf, type TrendSpan } from './rest-trend.ts';

function mmss(s: number): string {
  const v = Math.max(0, Math.ceil(s));
  return `${Math.floor(v / 60)}:${String(v % 60).padStart(2, '0')}`;
}

export function RelaxCard() {
  const t = useT();
  const { endsAt, finished, start, stop } = useRelax();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (endsAt === null) return;
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, [endsAt]);
  const left = endsAt === null ? RELAX_S : (endsAt - now) / 1000;
  const streaming = useUi((s) => s.status?.state === 'streaming' || s.status?.state === 'stalled');
  // Esc stops it, as it stops an exercise.
  useEffect(() => {
    if (endsAt === null) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') void stop(false); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [endsAt, stop]);
  return (
    <section className="relax card" data-testid="relax" data-running={endsAt !== null ? 'yes' : 'no'} aria-labelledby="relax-title">
      <h2 id="relax-title">{t('relax.title')}</h2>
      {!streaming && <p className="note" role="note" data-testid="relax-no-sensor">{t('relax.noSensor')}</p>}
      {endsAt !== null
        ? <>
          <p className="relax-left" data-testid="relax-left">{t('relax.left', { t: mmss(left) })}</p>
          <button type="button" data-testid="relax-stop" onClick={() => void stop(false)}>{t('relax.stop')}</button>
        </>
        : <>
          {finished && <p className="ok" role="status" data-testid="relax-done">{t('relax.done')}</p>}
          <p>{t('onb.relax.text')}</p>
          <button type="button" className="primary big" data-testid="relax-start" onClick={() => void start()}>{t('relax.start')}</button>
        </>}
    </section>
  );
}

export function ProgressCard() {
  const t = useT();
  const profileId = useSettings((s) => s.profileId);
  const recState = useUi((s) => s.status?.recording?.state ?? 'none');
  const [sessions, setSessions] = useState<readonly SessionSummary[] | null>(null);
  useEffect(() => {
    if (recState === 'recording') return;
    let live = true;
    void getApi().listSessions({ profileId }).then((r) => { if (live && r.ok) setSessions(r.value); });
    return () => { live = false; };
  }, [profileId, recState]);
  if (!sessions) return null;
  const p = progressOf(sessions);
  return (
    <section className="progress card" data-testid="progress" aria-labelledby="progress-title">
      <h2 id="progress-title">{t('home.progress')}</h2>
      {p.sessions === 0
        ? <p data-testid="progress-none">{t('home.none')}</p>
        : <>
          <dl className="progress-figures">
            <div><dt>{t('home.minutesWeek')}</dt><dd data-testid="progress-week">{t('home.minutes', { n: p.minutesWeek })}</dd></div>
            <div><dt>{t('home.minutesTotal')}</dt><dd data-testid="progress-total">{t('home.minutes', { n: p.minutesTotal })}</dd></div>
            <div><dt>{t('home.sessions')}</dt><dd data-testid="progress-sessions">{p.sessions}</dd></div>
            <div><dt>{t('home.days')}</dt><dd data-testid="progress-streak">{p.streakDays}</dd></div>
          </dl>
          <RestTrendView profileId={profileId} recState={recState} />
          <p className="note">{t('home.encourage')}</p>
        </>}
    </section>
  );
}

/** Sparkline box, SVG user units. */
const SPARK_W = 240, SPARK_H = 64;

/** The resting tone per session as a small calm line with its plain sentence; one unit per line, a text alternative. */
function RestTrendView({ profileId, recState }: { profileId: string; recState: string }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const pressureUnit = useSettings((s) => s.profile.pressureUnit);
  const [rows, setRows] = useState<readonly TrendRow[] | null>(null);
  useEffect(() => {
    if (recState === 'recording') return;
    let live = true;
    void getApi().sessionTrends({ profileId }).then((r) => { if (live && r.ok) setRows(r.value); });
    return () => { live = false; };
  }, [profileId, recState]);
  const trend = rows ? restTrendOf(rows, pressureUnit) : null;
  if (!trend) return null;
  const unit = unitLabel(lang, trend.unit);
  const v = (x: number) => `${restValueText(x, lang)} ${unit}`;
  const what = t(trend.kind === 'emg' ? 'home.trend.what.emg' : 'home.trend.what.pressure');
  const title = t(trend.kind === 'emg' ? 'home.trend.title.emg' : 'home.trend.title.pressure');
  const spanText = (sp: TrendSpan) => sp.unit === 'same-day' ? t('home.trend.span.sameDay')
    : sp.unit === 'weeks' ? t('home.trend.span.weeks', { n: sp.n })
      : sp.n === 1 ? t('home.trend.span.oneDay') : t('home.trend.span.days', { n: sp.n });
  const s = trendSentenceOf(trend);
  const sentence = s.kind === 'few' ? t('home.trend.few', { what })
    : s.kind === 'down' ? t('home.trend.down', { what, from: v(s.from), to: v(s.to), span: spanText(s.span) })
      : t('home.trend.steady', { what, from: v(s.from), to: v(s.to) });
  const values = trend.points.map((p) => p.value);
  const pts = sparklinePoints(values, SPARK_W, SPARK_H, 6);
  const label = t('home.trend.chart', { title, unit, values: values.map((x) => restValueText(x, lang)).join('; ') });
  const first = values[0]!, last = values[values.length - 1]!;
  return (
    <figure className="rest-trend" data-testid="rest-trend" data-kind={trend.kind} data-unit={trend.unit} data-points={values.length} data-sentence={s.kind}>
      <figcaption><h3>{title} ({unit})</h3></figcaption>
      <svg role="img" aria-label={label} viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} data-testid="rest-trend-chart">
        {pts.length > 1 && <polyline points={pts.map((p) => `${p.x},${p.y}`).join(' ')} />}
        {pts.map((p, i) => <circle key={trend.points[i]!.sessionId} cx={p.x} cy={p.y} r={i === pts.length - 1 ? 4.5 : 3} className={i === pts.length - 1 ? 'last' : ''} />)}
      </svg>
      <p className="rest-trend-ends" aria-hidden="true"><span>{t('home.trend.first')}: {v(first)}</span><span>{t('home.trend.latest')}: {v(last)}</span></p>
      <p className="rest-trend-sentence" data-testid="rest-trend-sentence">{sentence}</p>
      <p className="note">{t('home.trend.lower')}</p>
    </figure>
  );
}
