// Session library: profiles filter, sessions by date with duration, protocol and key metrics; rename, notes, delete, CSV, report.
import { useCallback, useEffect, useState } from 'react';
import type { ImportedFile, SessionSummary } from '../../api/contract.ts';
import type { SessionKeyMetrics } from '../../api/review-types.ts';
import { getApi } from '../api/index.ts';
import { errorMessage } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../../api/i18n.ts';
import { useUi } from '../state/ui-store.ts';
import { clock, fmt } from '../review/phases.ts';
import { useView } from '../state/view-store.ts';
import { useProfiles } from './use-profiles.ts';
import { importLines, sortDropped, type ResultLine } from './import-results.ts';
import { useSettings } from '../state/settings-store.ts';
import './desktop.css';

type Edit = { id: string; kind: 'rename' | 'note' | 'delete'; text: string } | null;

export function LibraryView() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const profileId = useView((s) => s.profileId);
  const setProfile = useView((s) => s.setProfile);
  const openSession = useView((s) => s.openSession);
  const [sessions, setSessions] = useState<readonly SessionSummary[] | null>(null);
  const [metrics, setMetrics] = useState<Record<string, SessionKeyMetrics | null>>({});
  const [edit, setEdit] = useState<Edit>(null);
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null);
  const [imported, setImported] = useState<readonly ResultLine[] | null>(null);
  const [importing, setImporting] = useState(false);
  const profiles = useProfiles(sessions?.length);

  const load = useCallback(async () => {
    const s = await getApi().listSessions(profileId ? { profileId } : {});
    if (!s.ok) { setMsg({ text: errorMessage(lang, s.error), error: true }); return; }
    setSessions(s.value);
    // Key metrics come from the cached analyses (computed once per session, then read from its sidecar).
    const ids = [...new Set(s.value.map((x) => x.profileId))];
    for (const pid of ids) {
      const tr = await getApi().sessionTrends({ profileId: pid });
      if (tr.ok) setMetrics((m) => ({ ...m, ...Object.fromEntries(tr.value.map((r) => [`${pid}/${r.sessionId}`, r.metrics])) }));
    }
  }, [profileId, lang]);
  useEffect(() => { void load(); }, [load]);

  const act = async (p: Promise<{ ok: boolean; error?: unknown }>, done?: string) => {
    const r = await p;
    if (!r.ok) setMsg({ text: errorMessage(lang, (r as { error: Parameters<typeof errorMessage>[1] }).error), error: true });
    else { setEdit(null); if (done) setMsg({ text: done, error: false }); await load(); }
  };
  // Desktop app: the main process shows the open dialog and imports; each file's outcome is listed, then the list reloads.
  const importFiles = async () => {
    const choose = getApi().chooseSessionFiles;
    if (!choose) return;
    setImporting(true);
    setMsg(null);
    const r = await choose();
    setImporting(false);
    if (!r.ok) { setImported(null); if (r.error.kind !== 'cancelled') setMsg({ text: errorMessage(lang, r.error), error: true }); return; }
    setImported(importLines(lang, r.value));
    await load();
  };
  // Browser host: the chosen files are uploaded one by one into the profile shown (else the one in use), with the
  // desktop import's checks and messages.
  const uploadFiles = async (files: FileList | null) => {
    const upload = getApi().uploadSessionFile;
    if (!files || files.length === 0 || !upload) return;
    const target = profileId || useSettings.getState().profileId;
    const { take, lines } = sortDropped(lang, [...files]);
    setImporting(true);
    setMsg(null);
    const results: ImportedFile[] = [];
    for (const f of take) results.push(await upload(f, target));
    setImporting(false);
    setImported([...lines, ...importLines(lang, results)]);
    await load();
  };
  const exportCsv = async (s: SessionSummary) => {
    const r = await getApi().exportSessionCsv({ profileId: s.profileId, sessionId: s.id });
    setMsg(r.ok ? { text: t('lib.csvDone', { path: r.value.csvPath }), error: false } : { text: errorMessage(lang, r.error), error: true });
  };

  return (
    <section className="library" data-testid="library">
      <div className="library-head">
        <h2>{t('lib.title')}</h2>
        <label>{t('lib.profile')}{' '}
          <select value={profileId} onChange={(e) => setProfile(e.target.value)} data-testid="profile-filter">
            <option value="">{t('lib.allProfiles')}</option>
            {profiles.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
          </select>
        </label>
        {getApi().chooseSessionFiles
          ? <button onClick={() => void importFiles()} disabled={importing} title={t('desk.importTitle')} data-testid="import-files">{importing ? t('desk.importing') : t('lib.import')}</button>
          : getApi().uploadSessionFile
            ? <label className="file-button">{importing ? t('desk.importing') : t('lib.import')}
              <input type="file" multiple accept=".edf,.bdf" data-testid="import-upload" disabled={importing}
                onChange={(e) => { void uploadFiles(e.target.files); e.target.value = ''; }} /></label>
            : <span className="hint" data-testid="import-hint">{t('lib.importHint')}</span>}
      </div>
      {imported && imported.length > 0 && (
        <ul className="import-results" role={imported.some((l) => l.failed) ? 'alert' : 'status'} data-testid="import-results">
          {imported.map((l, i) => <li key={i} className={l.failed ? 'failed' : ''}>{l.text}</li>)}
        </ul>
      )}
      {msg && <p className={msg.error ? 'error' : 'ok-msg'} role={msg.error ? 'alert' : 'status'} data-testid="library-message">{msg.text}</p>}
      {sessions && sessions.length === 0 && <p data-testid="library-empty">{t('lib.empty')}</p>}
      {sessions && sessions.length > 0 && (
        <table className="library-table">
          <thead><tr><th>{t('lib.date')}</th><th>{t('lib.titleCol')}</th><th>{t('lib.profile')}</th><th>{t('lib.duration')}</th><th>{t('lib.protocol')}</th><th>{t('lib.rest')} (µV)</th><th>{t('lib.peak')} (µV)</th><th>{t('lib.actions')}</th></tr></thead>
          <tbody>
            {sessions.map((s) => {
              const m = metrics[`${s.profileId}/${s.id}`];
              const e = edit?.id === s.id ? edit : null;
              return (
                <tr key={`${s.profileId}/${s.id}`} data-testid="session-row" data-session-id={s.id}>
                  <td>{formatDateTime(lang, s.startedAt, false)}</td>
                  <td>
                    <button className="link" data-testid="session-open" onClick={() => openSession({ profileId: s.profileId, sessionId: s.id })}>{s.title || t('lib.untitled')}</button>
                    {s.notes > 0 && <small> · {t('lib.notes', { n: s.notes })}</small>}
                    {s.repaired && <small className="session-repaired" data-testid="session-repaired"> · {t(s.repaired === 'rebuilt' ? 'lib.sidecarRebuilt' : 'lib.sidecarTrimmed')}</small>}
                    {e?.kind === 'rename' && (
                      <form onSubmit={(ev) => { ev.preventDefault(); void act(getApi().renameSession({ profileId: s.profileId, sessionId: s.id, title: e.text })); }}>
                        <input value={e.text} maxLength={200} onChange={(ev) => setEdit({ ...e, text: ev.target.value })} data-testid="rename-input" aria-label={t('lib.titleCol')} autoFocus />
                        <button type="submit" data-testid="rename-save">{t('lib.renameSave')}</button> <button type="button" onClick={() => setEdit(null)}>{t('lib.cancel')}</button>
                      </form>
                    )}
                    {e?.kind === 'note' && (
                      <form onSubmit={(ev) => { ev.preventDefault(); if (e.text.trim()) void act(getApi().addSessionNote({ profileId: s.profileId, sessionId: s.id, text: e.text })); }}>
                        <textarea value={e.text} maxLength={10000} rows={3} onChange={(ev) => setEdit({ ...e, text: ev.target.value })} data-testid="note-input" aria-label={t('lib.note')} autoFocus />
                        <p className="hint">{t('lib.noteHint')}</p>
                        <button type="submit" data-testid="note-save">{t('lib.noteSave')}</button> <button type="button" onClick={() => setEdit(null)}>{t('lib.cancel')}</button>
                      </form>
                    )}
                    {e?.kind === 'delete' && (
                      <div className="confirm" role="alertdialog" data-testid="delete-confirm">
                        <p>{t('lib.deleteConfirm', { title: s.title || s.id })}</p>
                        <button className="danger" data-testid="delete-yes" onClick={() => void act(getApi().deleteSession({ profileId: s.profileId, sessionId: s.id, confirmSessionId: s.id }))}>{t('lib.deleteYes')}</button>{' '}
                        <button onClick={() => setEdit(null)} data-testid="delete-cancel">{t('lib.cancel')}</button>
                      </div>
                    )}
                  </td>
                  <td>{profiles.find((p) => p.id === s.profileId)?.label ?? s.profileId}</td>
                  <td>{clock(s.durationS)}</td>
                  <td>{s.protocol ?? '–'}</td>
                  <td data-testid="row-rest">{fmt(m?.restingToneUv)}</td>
                  <td>{fmt(m?.peakUv)}</td>
                  <td className="row-actions">
                    <button onClick={() => openSession({ profileId: s.profileId, sessionId: s.id })}>{t('lib.open')}</button>
                    <button onClick={() => setEdit({ id: s.id, kind: 'rename', text: s.title })} data-testid="rename">{t('lib.rename')}</button>
                    <button onClick={() => setEdit({ id: s.id, kind: 'note', text: '' })} data-testid="note">{t('lib.note')}</button>
                    <button onClick={() => void exportCsv(s)} data-testid="export-csv">{t('lib.csv')}</button>
                    <button onClick={() => setEdit({ id: s.id, kind: 'delete', text: '' })} data-testid="delete">{t('lib.delete')}</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
