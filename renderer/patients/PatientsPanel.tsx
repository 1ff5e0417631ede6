// Therapist mode: patient list (search, create, archive), the current patient's notes and last session, shortcuts.
import { useEffect, useMemo, useState } from 'react';
import type { SessionSummary } from '../../api/contract.ts';
import type { PatientRecord } from '../../api/settings.ts';
import { getApi } from '../api/index.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../../api/i18n.ts';
import { useSettings } from '../state/settings-store.ts';
import { useView } from '../state/view-store.ts';
import { useUi } from '../state/ui-store.ts';
import { useQueue } from '../state/queue-store.ts';
import { installPhaseShortcuts } from './shortcuts.ts';
import { slugOf } from './slug.ts';

/** Opens a session in the review view (Sessions), the quick switch from live to the last session. */
export function requestReview(profileId: string, sessionId: string): void {
  useView.getState().openSession({ profileId, sessionId });
  useView.getState().setView('sessions');
}

export function PatientsPanel() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const setError = useUi((s) => s.setError);
  const therapist = useSettings((s) => s.app.mode === 'therapist');
  const activeId = useSettings((s) => s.profileId);
  const useProfile = useSettings((s) => s.useProfile);
  const [patients, setPatients] = useState<readonly PatientRecord[]>([]);
  const [query, setQuery] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [name, setName] = useState('');
  const [notes, setNotes] = useState('');
  const [notesSaved, setNotesSaved] = useState(false);
  const [last, setLast] = useState<SessionSummary | null>(null);
  const recState = useUi((s) => s.status?.recording?.state ?? 'none');

  async function refresh() {
    const r = await getApi().listPatients({ includeArchived: showArchived });
    if (r.ok) setPatients(r.value); else setError(r.error);
    useQueue.getState().bumpPatients();
  }
  useEffect(() => { if (therapist) void refresh(); }, [therapist, showArchived]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => installPhaseShortcuts(() => useSettings.getState().app.mode === 'therapist'), []);
  const active = patients.find((p) => p.id === activeId) ?? null;
  useEffect(() => { setNotes(active?.notes ?? ''); setNotesSaved(false); }, [active?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!therapist || recState === 'recording') return;
    void getApi().listSessions({ profileId: activeId }).then((r) => {
      if (r.ok) setLast([...r.value].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0] ?? null);
    });
  }, [therapist, activeId, recState]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? patients.filter((p) => p.name.toLowerCase().includes(q) || p.id.includes(q)) : patients;
  }, [patients, query]);
  if (!therapist) return null;

  async function create() {
    const id = slugOf(name);
    if (!id) { setError({ kind: 'bad-id', id: name }); return; }
    const r = await getApi().createPatient({ id, name: name.trim() });
    if (!r.ok) { setError(r.error); return; }
    setName('');
    await refresh();
    await useProfile(id);
  }
  async function archive(p: PatientRecord) {
    const r = await getApi().archivePatient({ id: p.id, archived: !p.archived });
    if (!r.ok) setError(r.error);
    await refresh();
  }
  async function saveNotes() {
    if (!active) return;
    const r = await getApi().savePatientNotes({ id: active.id, notes });
    if (r.ok) { setNotesSaved(true); await refresh(); } else setError(r.error);
  }

  return (
    <section className="patients card" data-testid="patients" aria-labelledby="patients-title">
      <h2 id="patients-title">{t('pt.title')}</h2>
      <div className="patients-layout">
        <div className="patients-list">
          <form className="row" onSubmit={(e) => { e.preventDefault(); void create(); }}>
            <label>{t('pt.new')} <input type="text" data-testid="patient-name" value={name} maxLength={200} placeholder={t('pt.name')} onChange={(e) => setName(e.target.value)} /></label>
            <button type="submit" data-testid="patient-create" disabled={!name.trim()}>{t('pt.create')}</button>
          </form>
          <div className="row">
            <label>{t('pt.search')} <input type="search" data-testid="patient-search" value={query} onChange={(e) => setQuery(e.target.value)} /></label>
            <label><input type="checkbox" checked={showArchived} data-testid="patient-show-archived" onChange={(e) => setShowArchived(e.target.checked)} /> {t('pt.showArchived')}</label>
          </div>
          {shown.length === 0
            ? <p className="note" data-testid="patients-none">{t('pt.none')}</p>
            : <ul className="patient-items" data-testid="patient-list">
              {shown.map((p) => (
                <li key={p.id} data-testid={`patient-${p.id}`} data-archived={p.archived ? 'yes' : 'no'} aria-current={p.id === activeId ? 'true' : undefined}>
                  <span className="patient-name">{p.name}</span>
                  {p.damaged && <span className="patient-damaged" data-testid={`patient-damaged-${p.id}`} role="note">{t('pt.damaged')}</span>}
                  <button type="button" data-testid={`patient-open-${p.id}`} disabled={p.id === activeId} onClick={() => void useProfile(p.id)} aria-label={`${t('pt.select')}: ${p.name}`}>{t('pt.select')}</button>
                  {!p.archived && <button type="button" data-testid={`queue-add-${p.id}`} onClick={() => void useQueue.getState().add(p.id)} aria-label={`${t('queue.add')}: ${p.name}`}>{t('queue.add')}</button>}
                  <button type="button" className="link" data-testid={`patient-archive-${p.id}`} onClick={() => void archive(p)} aria-label={`${t(p.archived ? 'pt.unarchive' : 'pt.archive')}: ${p.name}`}>{t(p.archived ? 'pt.unarchive' : 'pt.archive')}</button>
                </li>
              ))}
            </ul>}
        </div>
        {active && (
          <div className="patient-detail" data-testid="patient-detail">
            <h3 data-testid="patient-active">{t('pt.active', { name: active.name })}</h3>
            <p>{last ? t('pt.lastSession', { title: last.title || last.protocol || t('lib.untitled'), date: formatDateTime(lang, last.startedAt, false) }) : t('pt.noSession')}</p>
            {last && <button type="button" data-testid="patient-review" onClick={() => requestReview(active.id, last.id)}>{t('pt.openReview')}</button>}
            <label className="notes">{t('pt.notes')}
              <textarea data-testid="patient-notes" rows={4} maxLength={20000} value={notes} onChange={(e) => { setNotes(e.target.value); setNotesSaved(false); }} />
            </label>
            <button type="button" data-testid="patient-notes-save" onClick={() => void saveNotes()}>{t('pt.saveNotes')}</button>
            {notesSaved && <span className="ok" role="status">{t('pt.notesSaved')}</span>}
          </div>
        )}
      </div>
      <p className="hint" data-testid="shortcuts">{t('pt.shortcuts')}</p>
    </section>
  );
}
