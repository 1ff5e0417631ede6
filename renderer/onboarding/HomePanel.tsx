// Home mode: the 2-minute relaxation (breathing guide in the middle) and calm, encouraging progress from the sessions.
import { useEffect, useState } from 'react';
import type { SessionSummary } from '../../api/contract.ts';
import { getApi } from '../api/index.ts';
import { useT } from '../i18n/use-t.ts';
import { useSettings } from '../settings/settings-store.ts';
import { useUi } from '../state/ui-store.ts';
import { progressOf } from './progress.ts';
import { RELAX_S, useRelax } from './relax-store.ts';

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
  return (
    <section className="relax card" data-testid="relax" data-running={endsAt !== null ? 'yes' : 'no'} aria-labelledby="relax-title">
      <h2 id="relax-title">{t('relax.title')}</h2>
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
          <p className="note">{t('home.encourage')}</p>
        </>}
    </section>
  );
}
