// Recording controls: whose recording, start/stop, elapsed time, and therapist markers: `M` places one at once on
// the sample clock; its text can be added afterwards (a second annotation at the same sample, `#n text`).
import { useEffect, useRef, useState } from 'react';
import { getApi } from '../api/index.ts';
import { useT } from '../i18n/use-t.ts';
import { live } from '../live/live-data.ts';
import { useUi } from '../state/ui-store.ts';
import { useSettings } from '../state/settings-store.ts';
import { useProfileName } from '../settings/use-profile-name.ts';
import { runningExercise, startSessionRecording } from '../exercises/exercise-recording.ts';

function formatDuration(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

/** A marker placed in the running recording. */
interface PlacedMarker { readonly n: number; readonly sampleIndex: number; readonly streamId: number; readonly atS: number; readonly sessionId: string }

export function RecordingBar() {
  const t = useT();
  const status = useUi((s) => s.status);
  const setError = useUi((s) => s.setError);
  const profileId = useSettings((s) => s.profileId);
  const profileName = useProfileName();
  const [marker, setMarker] = useState<PlacedMarker | null>(null);
  const [markerText, setMarkerText] = useState('');
  const [textSaved, setTextSaved] = useState<number | null>(null);
  const count = useRef<{ sessionId: string; n: number }>({ sessionId: '', n: 0 });
  const rec = status?.recording ?? null;
  const recording = rec?.state === 'recording';
  const streaming = status?.state === 'streaming' || status?.state === 'stalled';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key.toLowerCase() !== 'm' || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
      const r = useUi.getState().status?.recording;
      if (r?.state !== 'recording') return;
      e.preventDefault();
      // The mark belongs to the moment of the key press: it is written now; text can follow.
      const sampleIndex = live.rings[0]?.end ?? 0;
      const c = count.current.sessionId === r.sessionId ? count.current : (count.current = { sessionId: r.sessionId, n: 0 });
      c.n += 1;
      const m: PlacedMarker = { n: c.n, sampleIndex, streamId: live.streamId, atS: Math.max(0, r.durationS), sessionId: r.sessionId };
      void getApi().annotate({ kind: 'marker', text: `#${m.n}`, sampleIndex, streamId: m.streamId }).then((res) => {
        if (!res.ok) { useUi.getState().setError(res.error); return; }
        setMarker(m);
        setMarkerText('');
        setTextSaved(null);
      });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function start() {
    const r = await startSessionRecording(runningExercise());
    if (!r.ok) setError(r.error);
  }
  async function stop() {
    const r = await getApi().stopRecording();
    if (!r.ok) setError(r.error);
  }
  async function addText() {
    const text = markerText.trim();
    if (!marker || !text) return;
    const r = await getApi().annotate({ kind: 'marker', text: `#${marker.n} ${text}`.slice(0, 200), sampleIndex: marker.sampleIndex, streamId: marker.streamId });
    if (!r.ok) { setError(r.error); return; }
    setTextSaved(marker.n);
    setMarker(null);
  }
  const markerOpen = marker !== null && recording && rec?.sessionId === marker.sessionId;

  return (
    <div className="recording-bar" role="group" aria-label={t('rec.title')}>
      <span className="rec-profile">{t('rec.profile')}: <strong data-testid="profile-id" data-profile-id={profileId}>{profileName}</strong></span>
      {recording
        ? <button type="button" data-testid="rec-stop" onClick={() => void stop()}>{t('rec.stop')}</button>
        : <button type="button" data-testid="rec-start" onClick={() => void start()} disabled={!streaming}>{t('rec.start')}</button>}
      {rec && (
        <span className={`rec-state rec-${rec.state}`} data-testid="rec-state" data-state={rec.state} role="status">
          {rec.state === 'recording' ? `● ${t('rec.recording')} ${formatDuration(rec.durationS)}` : rec.state === 'stopped' ? t('rec.saved', { duration: formatDuration(rec.durationS) }) : t('rec.failed')}
        </span>
      )}
      {recording && !markerOpen && <span className="hint">{t('rec.markerHint')}</span>}
      {textSaved !== null && !markerOpen && <span className="ok" role="status">{t('rec.markerTextSaved', { n: textSaved })}</span>}
      {markerOpen && marker && (
        <form className="marker-form" data-testid="marker-placed" data-marker={marker.n} onSubmit={(e) => { e.preventDefault(); void addText(); }}>
          <span role="status">{t('rec.markerPlaced', { n: marker.n, t: formatDuration(marker.atS) })}</span>{' '}
          <input type="text" data-testid="marker-text" maxLength={190} value={markerText}
            aria-label={t('rec.markerAddText', { n: marker.n })} placeholder={t('rec.markerAddText', { n: marker.n })} onChange={(e) => setMarkerText(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); setMarker(null); } }} />
          <button type="submit" disabled={!markerText.trim()}>{t('rec.markerSave')}</button>
        </form>
      )}
    </div>
  );
}
