// The preferences panel: language, colours, motion, text size, mains, units, default exercise, pacer and sound defaults.
import { useState } from 'react';
import { SETTINGS_PRESSURE_UNITS, TEXT_SCALE_RANGE, THEMES, type Theme } from '../../api/settings.ts';
import { builtInProtocols } from '../../training/protocols.ts';
import { LANGUAGES, type Language } from '../i18n/messages.ts';
import { unitLabel } from '../i18n/translate.ts';
import { useT } from '../i18n/use-t.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';
import { useSettings } from '../state/settings-store.ts';
import { NumberField } from './NumberField.tsx';

export function PreferencesForm() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const { app, profile, profileId, dataDir, saveApp, saveProfile } = useSettings();
  const therapist = app.mode === 'therapist';
  const [pacerMsg, setPacerMsg] = useState('');
  const protocols = builtInProtocols();
  return (
    <fieldset className="settings-group" data-testid="preferences">
      <legend>{t('set.title')}</legend>
      <p className="note" data-testid="pref-profile">{t('set.profile', { id: profileId })}</p>
      <label>{t('set.language')} <select data-testid="pref-language" value={lang} onChange={(e) => void saveApp({ language: e.target.value as Language })}>
        {LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{l === 'nl' ? 'Nederlands' : 'English'}</option>)}
      </select></label>
      <label>{t('set.theme')} <select data-testid="pref-theme" value={app.theme} onChange={(e) => void saveApp({ theme: e.target.value as Theme })}>
        {THEMES.map((th) => <option key={th} value={th}>{t(`set.theme.${th}`)}</option>)}
      </select></label>
      <label><input type="checkbox" data-testid="pref-motion" checked={app.reducedMotion} onChange={(e) => void saveApp({ reducedMotion: e.target.checked })} /> {t('set.reducedMotion')}</label>
      <NumberField label={t('set.textScale')} unit="%" integer min={TEXT_SCALE_RANGE.min} max={TEXT_SCALE_RANGE.max} value={app.textScalePct}
        testId="pref-text-scale" onValid={(v) => void saveApp({ textScalePct: v })} />
      <label>{t('set.mains')} <select data-testid="pref-mains" value={String(profile.mainsHz)} onChange={(e) => void saveProfile({ mainsHz: Number(e.target.value) as 50 | 60 })}>
        <option value="50">{t('dsp.notch.50')}</option><option value="60">{t('dsp.notch.60')}</option>
      </select></label>
      <label>{t('set.pressureUnit')} <select data-testid="pref-pressure-unit" value={profile.pressureUnit} onChange={(e) => void saveProfile({ pressureUnit: e.target.value as (typeof SETTINGS_PRESSURE_UNITS)[number] })}>
        {SETTINGS_PRESSURE_UNITS.map((u) => <option key={u} value={u}>{unitLabel(lang, u)}</option>)}
      </select></label>
      <p className="note">{t('set.emgUnit')}</p>
      <label>{t('set.defaultProtocol')} <select data-testid="pref-protocol" value={profile.defaultProtocolId} onChange={(e) => void saveProfile({ defaultProtocolId: e.target.value })}>
        <option value="">{t('set.defaultProtocol.none')}</option>
        {protocols.map((p) => <option key={p.id} value={p.id}>{p.name[lang]}</option>)}
      </select></label>
      <button type="button" data-testid="pref-pacer-save" onClick={() => {
        const p = useFeedback.getState().pacer;
        void saveProfile({ pacer: { ...p, ratio: [p.ratio[0], p.ratio[1]] } }).then((ok) => setPacerMsg(ok ? t('set.pacerSaved', { rate: p.breathsPerMin }) : ''));
      }}>{t('set.pacerDefaults')}</button>
      {pacerMsg && <span className="ok" role="status">{pacerMsg}</span>}
      <label><input type="checkbox" data-testid="pref-audio" checked={profile.audio.enabled} onChange={(e) => void saveProfile({ audio: { ...profile.audio, enabled: e.target.checked } })} /> {t('set.audio')}</label>
      {therapist && <>
        <label><input type="checkbox" data-testid="pref-contraction" checked={profile.contractionExercisesAllowed} onChange={(e) => void saveProfile({ contractionExercisesAllowed: e.target.checked })} /> {t('set.contraction')}</label>
        <p className="hint">{t('set.contractionHint')}</p>
      </>}
      {!therapist && !profile.contractionExercisesAllowed && <p className="note" data-testid="kegel-locked">{t('safety.kegelLocked')}</p>}
      <p>{t('set.dataDir')}: <code data-testid="pref-data-dir">{dataDir}</code></p>
    </fieldset>
  );
}
