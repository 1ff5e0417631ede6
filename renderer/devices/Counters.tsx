// Link-quality counters (samples, lost, bad frames by reason, bytes), refreshed with the low-rate status, any driver.
import { REJECT_REASONS } from '../../firmware-protocol/codec.ts';
import { totalBadFrames } from '../../devices/driver.ts';
import { useT } from '../i18n/use-t.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { en } from '../i18n/messages.ts';
import { useUi } from '../state/ui-store.ts';

/** The catalogue key naming a bad-frame reason, or null for a reason the catalogue does not know (shown as is). */
function reasonKey(r: string): MessageKey | null {
  const k = `counters.reason.${r}`;
  return Object.hasOwn(en, k) ? (k as MessageKey) : null;
}

export function Counters() {
  const t = useT();
  const c = useUi((s) => s.status?.counters);
  const driver = useUi((s) => s.status?.driver);
  if (!c) return null;
  const rejected = totalBadFrames(c);
  const reasons = driver?.rejectReasons ?? REJECT_REASONS;
  const packets = driver !== undefined && (driver.id === 'cyton' || driver.id === 'bitalino');
  const rejectedLabel = t(packets ? 'counters.rejected.packets' : 'counters.rejected');
  return (
    <details className="counters" data-testid="counters">
      <summary>{t('counters.title')}: {t('counters.lost')} <b data-testid="count-lost">{driver?.lossDetectable === false ? '–' : c.lost}</b> · {rejectedLabel} <b data-testid="count-rejected">{rejected}</b></summary>
      {driver?.lossDetectable === false && <p className="hint" data-testid="no-loss-detection">{t('device.noLossDetection')}</p>}
      <dl>
        <dt>{t('counters.samples')}</dt><dd data-testid="count-samples">{c.samples}</dd>
        <dt>{t('counters.bytes')}</dt><dd>{c.bytes}</dd>
        {c.skippedBytes > 0 && <><dt>{t('counters.skipped')}</dt><dd data-testid="count-skipped">{c.skippedBytes}</dd></>}
        {reasons.map((r) => {
          const k = reasonKey(r);
          return <div key={r}><dt>{rejectedLabel} — {k ? t(k) : r}</dt><dd data-testid={`count-reason-${r}`}>{c.rejected[r] ?? 0}</dd></div>;
        })}
      </dl>
    </details>
  );
}
