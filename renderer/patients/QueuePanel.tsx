// Therapist mode: today's queue — add (with time and note), reorder by buttons, start, mark done, remove; saved per day.
import { useEffect, useRef, useState } from 'react';
import type { QueueEntry } from '../../api/queue.ts';
import type { PatientRecord } from '../../api/settings.ts';
import { getApi } from '../api/index.ts';
import { useT } from '../i18n/use-t.ts';
import { useSettings } from '../state/settings-store.ts';
import { useView } from '../state/view-store.ts';
import { useUi } from '../state/ui-store.ts';
import { markDone, moveEntry, nextEntry, removeEntry, startEntry } from './queue-ops.ts';
import { useQueue } from '../state/queue-store.ts';

/** How often the panel checks whether the local day changed (past midnight a new, empty queue starts), ms. */
const DAY_CHECK_MS = 60_000;

/** Watches the recording: when a session of the patient in session ends, the queue marks it done and moves on. */
function useAutoDone(): void {
  const rec = useUi((s) => s.status?.recording ?? null);
  const prev = useRef<string | null>(null);
  useEffect(() => {
    const was = prev.current;
    prev.current = rec?.state ?? null;
    if (was === 'recording' && rec && rec.state !== 'recording') void useQueue.getState().afterSession(rec.profileId);
  }, [rec?.state, rec?.profileId]); // eslint-disable-line react-hooks/exhaustive-deps
}

export function QueuePanel() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const { day, entries, repaired, news, patientsRev, apply, add, load, ensureToday, dismissRepaired } = useQueue();
  const [patients, setPatients] = useState<readonly PatientRecord[]>([]);
  const [pick, setPick] = useState('');
  const [time, setTime] = useState('');
  const [note, setNote] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  // No patient switch while a recording runs: it belongs to the patient it started with.
  const recording = useUi((s) => s.status?.recording?.state === 'recording');
  useAutoDone();

  useEffect(() => { void load(); const id = setInterval(() => void ensureToday(), DAY_CHECK_MS); return () => clearInterval(id); }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    let live = true;
    void getApi().listPatients({ includeArchived: true }).then((r) => { if (live && r.ok) setPatients(r.value); });
    return () => { live = false; };
  }, [patientsRev]);

  const byId = new Map(patients.map((p) => [p.id, p]));
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  const queueable = patients.filter((p) => !p.archived);
  const next = nextEntry(entries);

  /** Keeps keyboard focus on the button just pressed after its row moved (or on the other arrow at an end). */
  function refocus(id: string, which: 'queue-up' | 'queue-down') {
    requestAnimationFrame(() => {
      const row = listRef.current?.querySelector(`[data-entry="${id}"]`);
      const btn = row?.querySelector<HTMLButtonElement>(`[data-testid=${which}]`);
      const other = row?.querySelector<HTMLButtonElement>(`[data-testid=${which === 'queue-up' ? 'queue-down' : 'queue-up'}]`);
      (btn && !btn.disabled ? btn : other)?.focus();
    });
  }
  async function move(e: QueueEntry, by: -1 | 1) {
    const moved = moveEntry(entries, e.id, by);
    await apply(moved, { kind: 'moved', entry: e, position: moved.findIndex((x) => x.id === e.id) + 1 });
    refocus(e.id, by < 0 ? 'queue-up' : 'queue-down');
  }
  async function start(e: QueueEntry) {
    if (!(await useSettings.getState().useProfile(e.profileId))) return;
    await apply(startEntry(entries, e.id));
    useView.getState().setView('live');
    document.getElementById('session-main')?.focus();
  }
  async function submit() {
    if (!pick) return;
    if (await add(pick, time, note)) { setTime(''); setNote(''); }
  }

  const newsText = !news ? ''
    : news.kind === 'moved' ? t('queue.moved', { name: nameOf(news.entry.profileId), n: news.position })
      : news.next ? t('queue.finishedNext', { name: nameOf(news.entry.profileId), next: nameOf(news.next.profileId) })
        : `${t('queue.finished', { name: nameOf(news.entry.profileId) })} ${t('queue.allDone')}`;
  const dateText = day ? new Date(`${day}T12:00:00`).toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long' }) : '';

  return (
    <section className="queue card" data-testid="queue" data-day={day} aria-labelledby="queue-title">
      <h2 id="queue-title">{t('queue.title')}</h2>
      {dateText && <p className="note" data-testid="queue-date">{t('queue.date', { date: dateText })}</p>}
      {repaired.length > 0 && (
        <div className="notice" role="alert" data-testid="queue-repaired">
          <p>{t('queue.repaired', { detail: repaired.join('; ').slice(0, 300) })}</p>
          <button type="button" onClick={dismissRepaired}>{t('queue.dismiss')}</button>
        </div>
      )}
      <form className="row queue-add" onSubmit={(ev) => { ev.preventDefault(); void submit(); }}>
        <label>{t('queue.patient')}{' '}
          <select data-testid="queue-patient" value={pick} onChange={(ev) => setPick(ev.target.value)}>
            <option value="">{t('queue.choose')}</option>
            {queueable.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </label>
        <label>{t('queue.time')} <input type="time" data-testid="queue-time" value={time} onChange={(ev) => setTime(ev.target.value)} /></label>
        <label>{t('queue.note')} <input type="text" data-testid="queue-note" value={note} maxLength={500} onChange={(ev) => setNote(ev.target.value)} /></label>
        <button type="submit" data-testid="queue-add" disabled={!pick}>{t('queue.add')}</button>
      </form>
      {entries.length === 0
        ? <p className="note" data-testid="queue-empty">{t('queue.empty')}</p>
        : (
          <ol className="queue-list" data-testid="queue-list" ref={listRef}>
            {entries.map((e, i) => {
              const name = nameOf(e.profileId);
              const isNext = next?.id === e.id;
              const archived = byId.get(e.profileId)?.archived === true;
              return (
                <li key={e.id} data-testid="queue-entry" data-entry={e.id} data-profile={e.profileId} data-state={e.state} data-next={isNext ? 'yes' : 'no'}
                  className={`queue-entry state-${e.state}${isNext ? ' next' : ''}`} aria-current={isNext ? 'step' : undefined}>
                  <span className="queue-time">{e.time || '–'}</span>
                  <span className="queue-who">
                    <strong data-testid="queue-name">{name}</strong>
                    {archived && <span className="note"> ({t('queue.archived')})</span>}
                    {e.note && <span className="queue-note" data-testid="queue-entry-note">{e.note}</span>}
                  </span>
                  <span className="queue-state" data-testid="queue-state">{t(`queue.state.${e.state}`)}{isNext && e.state === 'waiting' ? ` · ${t('queue.next')}` : ''}</span>
                  <span className="queue-actions">
                    {e.state !== 'done' && (
                      <button type="button" className={isNext ? 'primary' : ''} data-testid="queue-start" disabled={recording || archived} onClick={() => void start(e)} aria-label={`${t('queue.start')}: ${name}`}>{t('queue.start')}</button>
                    )}
                    <button type="button" data-testid="queue-up" disabled={i === 0} onClick={() => void move(e, -1)} aria-label={`${t('queue.up')}: ${name}`}><span aria-hidden="true">↑</span> {t('queue.up')}</button>
                    <button type="button" data-testid="queue-down" disabled={i === entries.length - 1} onClick={() => void move(e, 1)} aria-label={`${t('queue.down')}: ${name}`}><span aria-hidden="true">↓</span> {t('queue.down')}</button>
                    {e.state === 'done'
                      ? <button type="button" data-testid="queue-undo" onClick={() => void apply(markDone(entries, e.id, false))} aria-label={`${t('queue.undo')}: ${name}`}>{t('queue.undo')}</button>
                      : <button type="button" data-testid="queue-done" onClick={() => void apply(markDone(entries, e.id))} aria-label={`${t('queue.done')}: ${name}`}>{t('queue.done')}</button>}
                    <button type="button" className="link" data-testid="queue-remove" onClick={() => void apply(removeEntry(entries, e.id))} aria-label={`${t('queue.remove')}: ${name}`}>{t('queue.remove')}</button>
                  </span>
                </li>
              );
            })}
          </ol>
        )}
      <p className="queue-news" role="status" data-testid="queue-news">{newsText}</p>
    </section>
  );
}
