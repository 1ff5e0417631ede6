// The app shell: header with language, sensor picker, status, live traces and link counters.
import { LANGUAGES, type Language } from './i18n/messages.ts';
import { unitLabel } from './i18n/translate.ts';
import { useT } from './i18n/use-t.ts';
import { DevicePicker } from './components/DevicePicker.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { Counters } from './components/Counters.tsx';
import { RecordingBar } from './components/RecordingBar.tsx';
import { LiveTrace } from './live/LiveTrace.tsx';
import { WINDOW_CHOICES_S, useUi, type WindowSeconds } from './state/ui-store.ts';

export function App() {
  const t = useT();
  const { lang, setLang, status, windowS, setWindow } = useUi();
  const header = status?.header ?? null;
  return (
    <div className="app" lang={lang}>
      <header className="app-header">
        <h1>{t('app.name')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
        <label className="lang">
          {t('lang.label')}{' '}
          <select value={lang} data-testid="lang-select" onChange={(e) => setLang(e.target.value as Language)}>
            {LANGUAGES.map((l) => <option key={l} value={l}>{l === 'nl' ? 'Nederlands' : 'English'}</option>)}
          </select>
        </label>
      </header>
      <main>
        <DevicePicker />
        <StatusBar />
        <RecordingBar />
        <div className="window-choice" role="radiogroup" aria-label={t('trace.window')}>
          <span>{t('trace.window')}:</span>
          {WINDOW_CHOICES_S.map((w) => (
            <label key={w}>
              <input type="radio" name="window" checked={windowS === w} onChange={() => setWindow(w as WindowSeconds)} /> {t('trace.seconds', { n: w })}
            </label>
          ))}
        </div>
        {header
          ? header.channels.map((c, i) => (
              <LiveTrace key={`${status?.streamId}-${c.label}`} channel={c} index={i} windowS={windowS}
                unitText={unitLabel(lang, c.unit)} timeLabel={t('trace.time')}
                readoutLabel={t(c.kind === 'emg' ? 'readout.rms' : 'readout.mean', { label: c.label })} />
            ))
          : <p className="waiting">{t('trace.waiting')}</p>}
        <Counters />
      </main>
    </div>
  );
}
