// Tells the user, once, which stored settings were unreadable and reset (the core repaired them).
import { useT } from '../i18n/use-t.ts';
import { useSettings } from '../state/settings-store.ts';

/** `profile:field:pacer.breathsPerMin` → `pacer.breathsPerMin`; migrations are not problems and stay silent. */
function shortName(r: string): string | null {
  if (r.includes('migrated:') || r.includes(':read-error:')) return null;
  const parts = r.split(':');
  return parts.length >= 3 ? parts.slice(2).join(':').split(' ')[0]! : parts.slice(1).join(':').split(' ')[0] || r;
}

export function RepairedNotice() {
  const t = useT();
  const repaired = useSettings((s) => s.repaired);
  const dismiss = useSettings((s) => s.dismissRepaired);
  const names = [...new Set(repaired.map(shortName).filter((x): x is string => x !== null))];
  // A file that exists but could not be read (permissions, a disk error) was left alone, not reset: said apart.
  const unreadable = [...new Set(repaired.filter((r) => r.includes(':read-error:')).map((r) => r.split(':')[0]!))];
  if (names.length === 0 && unreadable.length === 0) return null;
  return (
    <div className="note-box" role="alert" data-testid="settings-repaired">
      {names.length > 0 && <p>{t('set.repaired', { list: names.join(', ') })}</p>}
      {unreadable.length > 0 && <p data-testid="settings-unreadable">{t('set.unreadable')}</p>}
      <button type="button" onClick={dismiss}>{t('set.dismiss')}</button>
    </div>
  );
}
