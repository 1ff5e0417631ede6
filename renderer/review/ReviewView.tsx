// Review of one recorded session: overview + zoomable detail (uPlot), phases, annotations, metrics, Glazer norms, replay, report.
import { phaseLabel } from '../../api/report-messages.ts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SessionOverview, SessionWindow } from '../../api/contract.ts';
import type { SessionAnalysis } from '../../api/review-types.ts';
import { getApi } from '../api/index.ts';
import { errorMessage, unitLabel } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../../api/i18n.ts';
import { useUi } from '../state/ui-store.ts';
import { ReportPreview } from '../report/ReportPreview.tsx';
import { BandChart } from './BandChart.tsx';
import { emptyOverlay, REDRAW_EVENT } from './chart.ts';
import { GlazerTable, PhaseMetricsTable } from './MetricsTables.tsx';
import { replayPacer } from './pacer-replay.ts';
import { shownAnnotations } from './annotation-text.ts';
import { centreWindow, clampWindow, clock, intervalAt, phaseIntervals } from './phases.ts';
import { REPLAY_SPEEDS, useReplay } from './use-replay.ts';
import type { OpenRef } from '../state/view-store.ts';

/** EMG channels (µV / mV): shown as their RMS envelope in the detail view. */
function isEmgUnit(unit: string | undefined): boolean {
  return unit !== undefined && /^(u|µ|m)?V$/i.test(unit.trim());
}

/** Overview columns requested from the core. */
const OVERVIEW_COLUMNS = 1500;
/** First detail window, s. */
const FIRST_WINDOW_S = 60;

export function ReviewView({ open, onBack }: { open: OpenRef; onBack: () => void }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const [ov, setOv] = useState<SessionOverview | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [win, setWin] = useState<{ startS: number; endS: number }>({ startS: 0, endS: FIRST_WINDOW_S });
  const [detail, setDetail] = useState<SessionWindow | null>(null);
  const [analysis, setAnalysis] = useState<SessionAnalysis | null | 'pending'>('pending');
  const [report, setReport] = useState<{ html: string; path: string } | null>(null);
  const [version, setVersion] = useState(0);
  const overviewOverlay = useRef(emptyOverlay()).current;
  const detailOverlay = useRef(emptyOverlay()).current;
  /** The first channel's detail chart also carries the session's targets (envelope view). */
  const primaryOverlay = useRef(emptyOverlay()).current;
  // The metrics are µV RMS: the detail view shows the RMS envelope with the targets; the raw signal is one click away.
  const [raw, setRaw] = useState(false);

  useEffect(() => {
    let live = true;
    performance.mark('review-open-request');
    void getApi().openSession({ profileId: open.profileId, sessionId: open.sessionId, columns: OVERVIEW_COLUMNS }).then((r) => {
      if (!live) return;
      performance.mark('review-open-reply');
      if (!r.ok) { setErr(errorMessage(lang, r.error)); return; }
      setOv(r.value);
      setWin(clampWindow(0, FIRST_WINDOW_S, r.value.durationS));
    });
    void getApi().analyseSession({ profileId: open.profileId, sessionId: open.sessionId }).then((r) => { if (live) setAnalysis(r.ok ? r.value : null); });
    return () => { live = false; };
  }, [open.profileId, open.sessionId, lang]);

  // The detail view fetches what it shows (debounced; stale answers are dropped).
  useEffect(() => {
    if (!ov) return;
    let live = true;
    const id = setTimeout(() => {
      void getApi().readSessionWindow({ profileId: open.profileId, sessionId: open.sessionId, startS: win.startS, endS: win.endS, maxPoints: 2000, signal: raw ? 'raw' : 'envelope' }).then((r) => {
        if (live && r.ok) setDetail(r.value);
      });
    }, 60);
    return () => { live = false; clearTimeout(id); };
  }, [ov, win.startS, win.endS, open.profileId, open.sessionId, raw]);

  const phases = useMemo(() => (ov ? phaseIntervals(ov.annotations) : []), [ov]);
  const pacer = useMemo(() => (ov ? replayPacer(ov.annotations, phases, ov.sidecar, ov.durationS) : []), [ov, phases]);
  const marks = useMemo(() => (ov ? ov.annotations.filter((a) => a.kind !== 'phase-start' && a.kind !== 'phase-end' && a.kind !== 'pacer' && a.kind !== 'protocol').map((a) => a.onsetS) : []), [ov]);
  useEffect(() => {
    overviewOverlay.phases = phases; overviewOverlay.marks = marks; overviewOverlay.range = win;
    detailOverlay.phases = phases; detailOverlay.marks = marks; detailOverlay.pacer = pacer;
    primaryOverlay.phases = phases; primaryOverlay.marks = marks; primaryOverlay.pacer = pacer;
    const tg = analysis && analysis !== 'pending' && isEmgUnit(ov?.channels[0]?.unit) ? analysis.targets : null;
    primaryOverlay.targets = !raw && tg ? { relaxUpper: tg.relaxUpperUv, contractLo: tg.contractLoUv, contractHi: tg.contractHiUv } : null;
    setVersion((v) => v + 1);
  }, [phases, marks, pacer, win, overviewOverlay, detailOverlay, primaryOverlay, analysis, raw, ov]);

  const winRef = useRef(win);
  winRef.current = win;
  const durationS = ov?.durationS ?? 0;
  const replay = useReplay(durationS, useCallback((tS: number) => {
    overviewOverlay.cursorS = tS; detailOverlay.cursorS = tS; primaryOverlay.cursorS = tS;
    const w = winRef.current;
    if (tS >= w.endS || tS < w.startS) setWin(clampWindow(tS, tS + (w.endS - w.startS), durationS));
    window.dispatchEvent(new Event(REDRAW_EVENT));
  }, [durationS, overviewOverlay, detailOverlay, primaryOverlay]));

  const jump = useCallback((tS: number) => {
    setWin((w) => centreWindow(tS, w.endS - w.startS, durationS));
    if (Number.isFinite(replay.cursorS)) replay.seek(tS);
  }, [durationS, replay]);
  const zoom = (factor: number) => setWin((w) => centreWindow((w.startS + w.endS) / 2, (w.endS - w.startS) * factor, durationS));
  const pan = (dir: number) => setWin((w) => clampWindow(w.startS + dir * 0.5 * (w.endS - w.startS), w.endS + dir * 0.5 * (w.endS - w.startS), durationS));
  const select = (a: number, b: number) => setWin(clampWindow(Math.min(a, b), Math.max(a, b), durationS));

  const printReport = async () => {
    const r = await getApi().exportSessionReport({ profileId: open.profileId, sessionId: open.sessionId, language: lang });
    if (!r.ok) { setErr(errorMessage(lang, r.error)); return; }
    setReport({ html: r.value.html, path: r.value.htmlPath });
  };

  if (err) return <section className="review"><button onClick={onBack}>{t('rev.back')}</button><p className="error" role="alert">{err}</p></section>;
  if (!ov) return <section className="review"><p className="waiting">…</p></section>;
  const shown = shownAnnotations(ov.annotations, t);
  const sc = ov.sidecar as { notes?: { at: string; text: string }[] } | null;
  const pacerNow = intervalAt(pacer, replay.cursorS);
  const phaseNow = intervalAt(phases, replay.cursorS);
  return (
    <section className="review" data-testid="review" data-session-id={ov.session.id}>
      <div className="review-head">
        <button onClick={onBack} data-testid="review-back">{t('rev.back')}</button>
        <h2 data-testid="review-title">{ov.session.title || t('lib.untitled')}</h2>
        <span>{formatDateTime(lang, ov.session.startedAt, false)} · {clock(ov.durationS)} · {ov.session.protocol ?? '–'}</span>
        <button onClick={printReport} data-testid="report-open">{t('rev.report')}</button>
      </div>
      <h3>{t('rev.overview')}</h3>
      <div data-testid="overview">
        {ov.channels.map((c, i) => (
          <BandChart key={c.label} testId={`overview-${c.label}`} label={c.label} unitText={unitLabel(lang, c.unit)} timeLabel={t('trace.time')} height={110}
            t={ov.columnStartS} min={ov.min[i]!} max={ov.max[i]!} xRange={[0, Math.max(1, ov.durationS)]}
            overlay={overviewOverlay} overlayVersion={version} onClick={jump} onSelect={select} />
        ))}
      </div>
      <div className="review-controls">
        <strong>{t('rev.detail')}</strong>
        <span data-testid="detail-window" data-from={win.startS} data-to={win.endS}>{t('rev.window', { from: clock(win.startS), to: clock(win.endS) })}</span>
        <button onClick={() => pan(-1)}>{t('rev.panLeft')}</button>
        <button onClick={() => zoom(0.5)} data-testid="zoom-in">{t('rev.zoomIn')}</button>
        <button onClick={() => zoom(2)} data-testid="zoom-out">{t('rev.zoomOut')}</button>
        <button onClick={() => pan(1)}>{t('rev.panRight')}</button>
        <span className="hint">{t('rev.dragHint')}</span>
        <label><input type="checkbox" data-testid="review-raw" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> {t('rev.showRaw')}</label>
      </div>
      <div className="review-controls" data-testid="replay">
        <strong>{t('rev.replay')}</strong>
        {replay.playing
          ? <button onClick={replay.pause} data-testid="replay-pause">{t('rev.pause')}</button>
          : <button onClick={() => replay.play(win.startS)} data-testid="replay-play">{t('rev.play')}</button>}
        <span role="radiogroup" aria-label={t('rev.speed')}>
          {REPLAY_SPEEDS.map((s) => (
            <label key={s}><input type="radio" name="replay-speed" checked={replay.speed === s} onChange={() => replay.setSpeed(s)} data-testid={`speed-${s}`} /> {s}×</label>
          ))}
        </span>
        <span data-testid="replay-cursor" data-value={Number.isFinite(replay.cursorS) ? replay.cursorS.toFixed(2) : ''}>{clock(replay.cursorS)}</span>
        {phaseNow && <span className="phase-now">{phaseLabel(phaseNow.name, lang)}</span>}
        <span className={`pacer-now pacer-${pacerNow?.name ?? 'none'}`} data-testid="replay-pacer">{t('rev.pacer')}: {pacerNow ? pacerNow.name : t('rev.pacerNone')}</span>
      </div>
      <div data-testid="detail">
        {ov.channels.map((c, i) => {
          const env = !raw && isEmgUnit(c.unit);
          return (
            <BandChart key={`${c.label}-${env ? 'rms' : 'raw'}`} testId={`detail-${c.label}`} label={env ? t('rev.rmsLabel', { label: c.label }) : c.label}
              unitText={unitLabel(lang, c.unit)} timeLabel={t('trace.time')} height={200}
              t={detail?.t ?? []} min={detail?.min[i] ?? []} max={detail?.max[i] ?? []} xRange={[win.startS, win.endS]}
              overlay={i === 0 ? primaryOverlay : detailOverlay} overlayVersion={version} onSelect={select} />
          );
        })}
      </div>
      <div className="review-columns">
        <section data-testid="annotations">
          <h3>{t('rev.annotations')}</h3>
          {shown.filter((a) => !a.housekeeping).length === 0 ? <p>{t('rev.noAnnotations')}</p> : (
            <ul className="annotation-list">
              {shown.filter((a) => !a.housekeeping).map((a, i) => (
                <li key={i} className={`ann-${a.kind}`}>
                  <button className="link" data-testid="annotation" data-onset={a.onsetS} data-kind={a.kind} onClick={() => jump(a.onsetS)}>
                    {clock(a.onsetS)} · {a.text}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {shown.some((a) => a.housekeeping) && (
            <details data-testid="annotations-device">
              <summary>{t('rev.ann.device', { n: shown.filter((a) => a.housekeeping).length })}</summary>
              <ul className="annotation-list">
                {shown.filter((a) => a.housekeeping).map((a, i) => <li key={i} className={`ann-${a.kind}`}>{clock(a.onsetS)} · {a.text}</li>)}
              </ul>
            </details>
          )}
          <h3>{t('rev.phases')}</h3>
          <ul className="phase-list" data-testid="phases">
            {phases.map((p, i) => <li key={i} data-testid="phase-interval" data-phase={p.name} data-start={p.startS} data-end={p.endS}><button className="link" onClick={() => jump(p.startS)}>{phaseLabel(p.name, lang)}</button> {clock(p.startS)}–{clock(p.endS)}</li>)}
          </ul>
          <h3>{t('rev.notes')}</h3>
          {(sc?.notes ?? []).map((n, i) => <p key={i} className="note" data-testid="note">{formatDateTime(lang, n.at, false)} — {n.text}</p>)}
        </section>
        <div>
          {analysis === 'pending' ? <p className="waiting" data-testid="analysing">{t('rev.analysing')}</p>
            : analysis && analysis.channel !== null && <PhaseMetricsTable a={analysis} onJump={jump} />}
          {analysis && analysis !== 'pending' && analysis.glazer && <GlazerTable g={analysis.glazer} />}
        </div>
      </div>
      {report && <ReportPreview html={report.html} path={report.path} session={open} onClose={() => setReport(null)} />}
    </section>
  );
}
