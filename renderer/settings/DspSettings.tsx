// Signal-processing settings: EMG band, mains notch (default from locale), RMS window, pressure unit; problems in plain words.
import { useEffect, useState } from 'react';
import { RMS_WINDOW_MS_RANGE } from '../../dsp/emg-chain.ts';
import { onProcessingError } from '../live/live-data.ts';
import type { ProcessingError } from '../live/processing.ts';
import { unitLabel } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { NumberField } from './NumberField.tsx';
import { useFeedback } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';
import { useSettings } from '../state/settings-store.ts';

function errorDetail(e: ProcessingError): string {
  const x = e.error;
  switch (x.kind) {
    case 'bad-rate': return `${e.channel}: ${x.rateHz} Hz`;
    case 'out-of-range': return `${e.channel}: ${x.field} ${x.value} (${x.min}–${x.max})`;
    case 'empty-band': return `${e.channel}: ${x.loHz}–${x.hiHz} Hz > ${Math.round(x.maxHiHz)} Hz`;
    case 'unknown-unit': return `${e.channel}: ${x.unit}`;
  }
}

export function DspSettings() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const p = useFeedback((s) => s.processing);
  const set = useFeedback((s) => s.setProcessing);
  const mainsHz = useSettings((s) => s.profile.mainsHz);
  const [err, setErr] = useState<ProcessingError | null>(null);
  useEffect(() => onProcessingError(setErr), []);
  const band = p.emg.bandHz[0] === 100 ? '100' : '20';
  return (
    <fieldset className="settings-group" data-testid="dsp-settings">
      <legend>{t('dsp.title')}</legend>
      <label>{t('dsp.band')} <select value={band} data-testid="dsp-band" onChange={(e) => set({ ...p, emg: { ...p.emg, bandHz: e.target.value === '100' ? [100, 500] : [20, 500] } })}>
        <option value="20">{t('dsp.band.20')}</option><option value="100">{t('dsp.band.100')}</option>
      </select></label>
      {/* The mains frequency is a profile setting (Preferences); here the filter is only switched on or off. */}
      <label>{t('dsp.notch')} <select value={String(p.emg.notchHz)} data-testid="dsp-notch" onChange={(e) => set({ ...p, emg: { ...p.emg, notchHz: Number(e.target.value) as 0 | 50 | 60 } })}>
        <option value={String(mainsHz)}>{t('dsp.notch.on', { hz: mainsHz })}</option><option value="0">{t('dsp.notch.0')}</option>
      </select></label>
      <NumberField label={t('dsp.rms')} unit="ms" integer min={RMS_WINDOW_MS_RANGE.min} max={RMS_WINDOW_MS_RANGE.max} value={p.emg.rmsWindowMs}
        testId="dsp-rms" onValid={(v) => set({ ...p, emg: { ...p.emg, rmsWindowMs: v } })} />
      <p className="note" data-testid="dsp-pressure-unit" data-unit={p.pressure.outputUnit}>{t('dsp.pressureUnitNote', { unit: unitLabel(lang, p.pressure.outputUnit) })}</p>
      {err && <p className="error" role="alert">{t('dsp.error', { detail: errorDetail(err) })}</p>}
    </fieldset>
  );
}
