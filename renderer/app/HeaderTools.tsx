// Header controls of the experience: Home/Therapist mode switch and the Help and safety button.
import type { AppMode } from '../../api/settings.ts';
import { useT } from '../i18n/use-t.ts';
import { useSettings } from '../state/settings-store.ts';
import { useHelp } from '../state/help-store.ts';

export function HeaderTools() {
  const t = useT();
  const mode = useSettings((s) => s.app.mode);
  const saveApp = useSettings((s) => s.saveApp);
  const show = useHelp((s) => s.show);
  return (
    <div className="header-tools">
      <div className="mode-switch" role="radiogroup" aria-label={t('mode.label')} data-testid="mode-switch">
        {(['home', 'therapist'] as AppMode[]).map((m) => (
          <label key={m} className={mode === m ? 'on' : ''}>
            <input type="radio" name="mode" value={m} data-testid={`mode-${m}`} checked={mode === m} onChange={() => void saveApp({ mode: m })} /> {t(`mode.${m}`)}
          </label>
        ))}
      </div>
      <button type="button" data-testid="help-button" onClick={show} aria-keyshortcuts="F1">{t('help.button')}</button>
    </div>
  );
}
