// Recording controls: profile, start/stop, elapsed time, and therapist markers (key M) placed on the sample clock.
import { isSafeId } from '../../api/id-schema.ts';
import { useEffect, useRef, useState } from 'react';
import { getApi } from '../api/index.ts';
import { useT } from '../i18n/use-t.ts';
import { live } from '../live/live-data.ts';
import { useUi } from '../state/ui-store.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { builtInProtocols } from '../../training/protocols.ts';

const PROFILE_KEY = 'loslaten.profile';

function formatDuration(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

export function RecordingBar() {
  const t = useT();
  const status = useUi((s) => s.status);
  const setError = useUi((s) => s.setError);
  const [profile, setProfile] = useState(() => globalThis.localStorage?.getItem(PROFILE_KEY) ?? 'home');
  const [marker, setMarker] = useState<{ sampleIndex: number; streamId: number } | null>(null);
  const [markerText, setMarkerText] = useState('');
  const markerInput = useRef<HTMLInputElement>(null);
  const rec = status?.recording ?? null;
  const recording = rec?.state === 'recording';
  const streaming = status?.state === 'streaming' || status?.state === 'stalled';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key.toLowerCase() !== 'm' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
      if (!useUi.getState().status?.recording || useUi.getState().status?.recording?.state !== 'recording') return;
      e.preventDefault();
      // The mark belongs to the moment of the key press, not to when the text is typed.
      setMarker({ sampleIndex: live.rings[0]?.end ?? 0, streamId: live.streamId });
      setMarkerText('');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => { if (marker) markerInput.current?.focus(); }, [marker]);

  async function start() {
    if (!isSafeId(profile)) { setError({ kind: 'bad-id', id: profile }); return; }
    globalThis.localStorage?.setItem(PROFILE_KEY, profile);
    // What the session was recorded with goes into its sidecar: protocol, targets, calibration, processing.
    const fb = useFeedback.getState();
    const proto = builtInProtocols().find((p) => p.id === fb.protocol.protocolId);
    const r = await getApi().startRecording({
      profileId: profile,
      ...(proto ? { protocol: { id: proto.id, name: proto.name.en } } : {}),
      targets: fb.targets, calibration: fb.profile, dsp: fb.processing,
    });
    if (!r.ok) setError(r.error);
  }
  async function stop() {
    const r = await getApi().stopRecording();
    if (!r.ok) setError(r.error);
  }
  async function placeMarker() {
    if (!marker) return;
    const r = await getApi().annotate({ kind: 'marker', text: markerText.trim() || t('rec.markerDefault'), sampleIndex: marker.sampleIndex, streamId: marker.streamId });
    if (!r.ok) setError(r.error);
    setMarker(null);
  }

  return (
    <div className="recording-bar" role="group" aria-label={t('rec.title')}>
      <label>{t('rec.profile')}{' '}
        <input type="text" data-testid="profile-id" value={profile} size={12} disabled={recording} spellCheck={false}
          onChange={(e) => setProfile(e.target.value)} />
      </label>
      {recording
        ? <button type="button" data-testid="rec-stop" onClick={() => void stop()}>{t('rec.stop')}</button>
        : <button type="button" data-testid="rec-start" onClick={() => void start()} disabled={!streaming}>{t('rec.start')}</button>}
      {rec && (
        <span className={`rec-state rec-${rec.state}`} data-testid="rec-state" data-state={rec.state} role="status">
          {rec.state === 'recording' ? `● ${t('rec.recording')} ${formatDuration(rec.durationS)}` : rec.state === 'stopped' ? t('rec.saved', { duration: formatDuration(rec.durationS) }) : t('rec.failed')}
        </span>
      )}
      {recording && !marker && <span className="hint">{t('rec.markerHint')}</span>}
      {marker && (
        <form className="marker-form" onSubmit={(e) => { e.preventDefault(); void placeMarker(); }}>
          <input ref={markerInput} type="text" data-testid="marker-text" maxLength={200} value={markerText}
            aria-label={t('rec.markerText')} placeholder={t('rec.markerText')} onChange={(e) => setMarkerText(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Escape') setMarker(null); }} />
          <button type="submit">{t('rec.markerPlace')}</button>
        </form>
      )}
    </div>
  );
}
