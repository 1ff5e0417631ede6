// The safety screen: training support not diagnosis, warning signs (see a doctor), hygiene, privacy, squeezing locked.
import { useEffect, useRef } from 'react';
import { SAFETY_TEXT_VERSION } from '../../api/settings.ts';
import { useT } from '../i18n/use-t.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { useSettings } from '../state/settings-store.ts';
import { useHelp } from '../state/help-store.ts';

/** After the safety screen, focus goes on to what comes next (the guide, else the session), never to the page body. */
function focusNext(): void {
  requestAnimationFrame(() => {
    const next = document.querySelector<HTMLElement>('[data-testid=first-run] h2, [data-testid=first-run] button, #session-main');
    if (next && !next.hasAttribute('tabindex') && next.tagName === 'H2') next.setAttribute('tabindex', '-1');
    next?.focus();
  });
}

const SIGNS: MessageKey[] = ['safety.sign.fever', 'safety.sign.urine', 'safety.sign.blood', 'safety.sign.sudden', 'safety.sign.numb', 'safety.sign.control'];

/** Shown on first run (until confirmed) and whenever help is asked for. Not a modal: the app stays usable behind it. */
export function SafetyScreen() {
  const t = useT();
  const loaded = useSettings((s) => s.loaded);
  const acknowledged = useSettings((s) => s.app.safetyAcknowledged >= SAFETY_TEXT_VERSION);
  const dataDir = useSettings((s) => s.dataDir);
  const saveApp = useSettings((s) => s.saveApp);
  const open = useHelp((s) => s.open);
  const hide = useHelp((s) => s.hide);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRun = loaded && !acknowledged;
  const visible = firstRun || open;
  useEffect(() => { if (open) heading.current?.focus(); }, [open]);
  if (!visible) return null;
  return (
    <section className="safety card" data-testid="safety-screen" aria-labelledby="safety-title">
      <h2 id="safety-title" ref={heading} tabIndex={-1}>{t('safety.title')}</h2>
      <p className="lead">{t('safety.intro')}</p>
      <div className="safety-warning" role="note">
        <h3><span aria-hidden="true">⚠ </span>{t('safety.notMuscle.title')}</h3>
        <p>{t('safety.notMuscle.intro')}</p>
        <ul data-testid="safety-signs">{SIGNS.map((k) => <li key={k}>{t(k)}</li>)}</ul>
        <p>{t('safety.notMuscle.more')}</p>
      </div>
      <div className="safety-grid">
        <div><h3>{t('safety.hygiene.title')}</h3><p>{t('safety.hygiene.text')}</p></div>
        <div><h3>{t('safety.privacy.title')}</h3><p>{t('safety.privacy.text')}</p><p><code data-testid="safety-data-dir">{dataDir}</code></p></div>
        <div><h3>{t('safety.kegel.title')}</h3><p>{t('safety.kegel.text')}</p></div>
      </div>
      <div className="card-actions">
        {firstRun
          ? <button type="button" className="primary big" data-testid="safety-accept" onClick={() => { void saveApp({ safetyAcknowledged: SAFETY_TEXT_VERSION }); hide(); focusNext(); }}>{t('safety.accept')}</button>
          : <button type="button" data-testid="safety-close" onClick={() => { hide(); focusNext(); }}>{t('help.close')}</button>}
      </div>
    </section>
  );
}
