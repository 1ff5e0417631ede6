// Says plainly when the device's sample rate limits the EMG the live view can show (e.g. a Cyton at 250 Hz).
import { bandLimitedByRate, effectiveEmgFilter } from '../../dsp/emg-chain.ts';
import { useT } from '../i18n/use-t.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';

export function BandLimitNote() {
  const t = useT();
  const rate = useUi((s) => (s.status?.header?.channels.some((c) => c.kind === 'emg') ? s.status.header.rateHz : null));
  const emg = useFeedback((s) => s.processing.emg);
  if (rate === null) return null;
  const f = effectiveEmgFilter(rate, emg);
  if (!f) return <p className="band-limit" role="note" data-testid="band-limit">{t('device.bandNone', { rate })}</p>;
  if (!bandLimitedByRate(f, emg)) return null;
  const hi = Math.round(f.hiHz * 10) / 10;
  return (
    <p className="band-limit" role="note" data-testid="band-limit" data-hi-hz={hi}>
      {t('device.bandLimit', { rate, lo: f.loHz, hi, asked: emg.bandHz[1] })}
    </p>
  );
}
