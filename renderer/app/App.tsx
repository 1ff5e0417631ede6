// The app shell: header, sensor picker and status, then the biofeedback session (exercise, traces, breathing guide, metrics) and settings.
import { Profiler } from 'react';
import { countRender } from './render-count.ts';
import { LANGUAGES, type Language } from '../i18n/messages.ts';
import { unitLabel } from '../i18n/translate.ts';
import { isPressureUnit, pressureFactor, type PressureUnit } from '../../dsp/pressure.ts';
import { useT } from '../i18n/use-t.ts';
import { DevicePicker } from '../devices/DevicePicker.tsx';
import { StatusBar } from '../devices/StatusBar.tsx';
import { BandLimitNote } from '../devices/BandLimitNote.tsx';
import { Counters } from '../devices/Counters.tsx';
import { LiveTrace } from '../live/LiveTrace.tsx';
import { WINDOW_CHOICES_S, useUi, type WindowSeconds } from '../state/ui-store.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { FeedbackTraces } from '../biofeedback/FeedbackTraces.tsx';
import { PacerWidget } from '../pacer/PacerWidget.tsx';
import { PacerSettingsForm } from '../pacer/PacerSettingsForm.tsx';
import { ProtocolPanel } from '../exercises/ProtocolPanel.tsx';
import { MetricsPanel } from '../metrics/MetricsPanel.tsx';
import { CalibrationPanel } from '../calibration/CalibrationPanel.tsx';
import { AudioControls } from '../audio/AudioControls.tsx';
import { DspSettings } from '../settings/DspSettings.tsx';
import { PreferencesForm } from '../settings/PreferencesForm.tsx';
import { useSettings } from '../state/settings-store.ts';
import { HeaderTools } from './HeaderTools.tsx';
import { Announcer } from './Announcer.tsx';
import { Experience } from './Experience.tsx';
import { RecordingBar } from '../recording/RecordingBar.tsx';
import { ViewSwitch } from './ViewSwitch.tsx';
import { FileDrop } from '../library/FileDrop.tsx';

/** One pressure unit everywhere: a raw pressure panel is shown in the profile's unit too (EMG stays in its unit). */
function displayUnit(kind: string, unit: string, pressureUnit: PressureUnit, lang: Language): { unitText: string; scale: number } {
  if (kind === 'pressure' && isPressureUnit(unit)) return { unitText: unitLabel(lang, pressureUnit), scale: pressureFactor(unit, pressureUnit) };
  return { unitText: unitLabel(lang, unit), scale: 1 };
}

export function App() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const setLang = (l: Language) => { void useSettings.getState().saveApp({ language: l }); };
  const mode = useSettings((s) => s.app.mode);
  const profileId = useSettings((s) => s.profileId);
  const header = useUi((s) => s.status?.header ?? null);
  const streamId = useUi((s) => s.status?.streamId ?? -1);
  const windowS = useUi((s) => s.windowS);
  const setWindow = useUi((s) => s.setWindow);
  const showRaw = useFeedback((s) => s.showRaw) ?? mode === 'therapist';
  const pressureUnit = useFeedback((s) => s.processing.pressure.outputUnit);
  const setShowRaw = useFeedback((s) => s.setShowRaw);
  return (
    <div className={`app mode-${mode}`} lang={lang}>
      <a className="skip-link" href="#session-main">{t('a11y.skip')}</a>
      <Announcer />
      <FileDrop />
      <header className="app-header">
        <h1>{t('app.name')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
        <label className="lang">
          {t('lang.label')}{' '}
          <select value={lang} data-testid="lang-select" onChange={(e) => setLang(e.target.value as Language)}>
            {LANGUAGES.map((l) => <option key={l} value={l}>{l === 'nl' ? 'Nederlands' : 'English'}</option>)}
          </select>
        </label>
        <HeaderTools />
      </header>
      <ViewSwitch />
      <main>
        <DevicePicker />
        <StatusBar />
        <RecordingBar key={profileId} />
        <Experience />
        <Profiler id="session" onRender={countRender}>
        <div className="session">
          <div className="session-main" id="session-main" tabIndex={-1}>
            <ProtocolPanel />
            <div className="trace-options">
              <div className="window-choice" role="radiogroup" aria-label={t('trace.window')}>
                <span>{t('trace.window')}:</span>
                {WINDOW_CHOICES_S.map((w) => (
                  <label key={w}>
                    <input type="radio" name="window" checked={windowS === w} onChange={() => setWindow(w as WindowSeconds)} /> {t('trace.seconds', { n: w })}
                  </label>
                ))}
              </div>
              <label><input type="checkbox" data-testid="show-raw" checked={showRaw} onChange={(e) => setShowRaw(e.target.checked)} /> {t('bf.showRaw')}</label>
            </div>
            <BandLimitNote />
            {header
              ? <FeedbackTraces key={streamId} channels={header.channels} />
              : <p className="waiting">{t('trace.waiting')}</p>}
            {header && showRaw && header.channels.map((c, i) => (
              <LiveTrace key={`${streamId}-${c.label}`} channel={c} index={i} windowS={windowS}
                {...displayUnit(c.kind, c.unit, pressureUnit, lang)} timeLabel={t('trace.time')}
                readoutLabel={t(c.kind === 'emg' ? 'readout.rms' : c.kind === 'envelope' ? 'readout.envelope' : 'readout.mean', { label: c.label })} />
            ))}
          </div>
          <aside className="session-side">
            <PacerWidget />
            <MetricsPanel />
          </aside>
        </div>
        </Profiler>
        <details className="settings" data-testid="settings-calibration">
          <summary>{t('cal.title')}</summary>
          <CalibrationPanel />
        </details>
        <details className="settings" data-testid="settings-more">
          <summary>{t('settings.title')}</summary>
          <div className="settings-grid">
            <PreferencesForm />
            <PacerSettingsForm />
            <AudioControls />
            <DspSettings />
          </div>
        </details>
        <Counters />
      </main>
    </div>
  );
}
