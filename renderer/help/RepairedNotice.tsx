// Tells the user, once, which stored settings were unreadable and reset (the core repaired them).
import { useT } from '../i18n/use-t.ts';
import { useSettings } from '../settings/settings-store.ts';

/** `profile:field:pacer.breathsPerMin` → `pacer.breathsPerMin`; migrations are not problems and stay silent. */
function shortName(r: string): string | null {
  if (r.includes('migrated:')) return null;
  const parts = r.split(':');
  return parts.length >= 3 ? parts.slice(2).join(':').split(' ')[0]! : parts.slice(1).join(':').split(' ')[0] || r;
}

export function RepairedNotice() {
  const t = useT();
  const repaired = useSettings((s) => s.repaired);
  const dismiss = useSettings((s) => s.dismissRepaired);
  const names = [...new Set(repaired.map(shortName).filter((x): x is string => x !== null))];
  if (names.length === 0) return null;
  return (
    <div className="note-box" role="alert" data-testid="settings-repaired">
      <p>{t('set.repaired', { list: names.join(', ') })}</p>
      <button type="button" onClick={dismiss}>{t('set.dismiss')}</button>
    </div>
  );
}
