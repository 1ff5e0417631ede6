// Link-quality counters (samples, lost, rejected by reason, bytes), refreshed with the low-rate status.
import { REJECT_REASONS } from '../../firmware-protocol/codec.ts';
import { totalRejected } from '../../firmware-protocol/decoder.ts';
import { useT } from '../i18n/use-t.ts';
import { useUi } from '../state/ui-store.ts';

export function Counters() {
  const t = useT();
  const c = useUi((s) => s.status?.counters);
  if (!c) return null;
  const rejected = totalRejected(c);
  return (
    <details className="counters" data-testid="counters">
      <summary>{t('counters.title')}: {t('counters.lost')} <b data-testid="count-lost">{c.lost}</b> · {t('counters.rejected')} <b data-testid="count-rejected">{rejected}</b></summary>
      <dl>
        <dt>{t('counters.samples')}</dt><dd data-testid="count-samples">{c.samples}</dd>
        <dt>{t('counters.bytes')}</dt><dd>{c.bytes}</dd>
        {REJECT_REASONS.map((r) => <div key={r}><dt>{t('counters.rejected')} — {t(`counters.reason.${r}`)}</dt><dd>{c.rejected[r]}</dd></div>)}
      </dl>
    </details>
  );
}
