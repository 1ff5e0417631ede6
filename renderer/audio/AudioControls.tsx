// Sound feedback controls: on/off (off by default), mode, volume and soft pacer cues.
import { useT } from '../i18n/use-t.ts';
import { useFeedback } from '../state/feedback-store.ts';
import type { AudioMode } from './tone-map.ts';

export function AudioControls() {
  const t = useT();
  const audio = useFeedback((s) => s.audio);
  const setAudio = useFeedback((s) => s.setAudio);
  const supported = typeof globalThis.AudioContext === 'function';
  return (
    <fieldset className="settings-group audio" data-testid="audio-controls">
      <legend>{t('audio.title')}</legend>
      {!supported && <p className="note">{t('audio.unavailable')}</p>}
      <label><input type="checkbox" data-testid="audio-enable" disabled={!supported} checked={audio.enabled} onChange={(e) => setAudio({ enabled: e.target.checked })} /> {t('audio.enable')}</label>
      <div role="radiogroup">
        {(['pitch', 'quiet'] as AudioMode[]).map((m) => (
          <label key={m}><input type="radio" name="audio-mode" data-testid={`audio-mode-${m}`} checked={audio.mode === m} onChange={() => setAudio({ mode: m })} /> {t(`audio.mode.${m}`)}</label>
        ))}
      </div>
      <label>{t('audio.volume')} <input type="range" min={0} max={1} step={0.05} value={audio.volume01} data-testid="audio-volume"
        onChange={(e) => setAudio({ volume01: Number(e.target.value) })} /></label>
      <label><input type="checkbox" checked={audio.cues} onChange={(e) => setAudio({ cues: e.target.checked })} /> {t('audio.cues')}</label>
    </fieldset>
  );
}
