// Connection status with its reason, device identity, stream description and the last error in plain words.
import type { LinkState } from '../../api/contract.ts';
import { useT } from '../i18n/use-t.ts';
import { errorMessage, unitLabel } from '../i18n/translate.ts';
import { useUi } from '../state/ui-store.ts';

const STATE_ICON: Record<LinkState, string> = { idle: '○', connecting: '◌', streaming: '●', stalled: '◐', reconnecting: '↻', lost: '✕', error: '!' };

export function StatusBar() {
  const t = useT();
  const { status, lastError, lang, hostLost } = useUi();
  const state = status?.state ?? 'idle';
  // Nothing the page knows about the sensor is current while the app's core cannot be reached.
  if (hostLost) {
    return (
      <div className="status-bar">
        <p className="status status-lost" data-testid="link-state" data-state="host-lost" role="alert">
          <span aria-hidden="true">✕ </span>{t('status.hostLost')}
        </p>
      </div>
    );
  }
  const err = lastError ?? status?.error ?? null;
  // What the last sensor was (identity, stream, events) is shown only while it is connected.
  const live = state === 'connecting' || state === 'streaming' || state === 'stalled' || state === 'reconnecting';
  const h = live ? status?.header : null;
  const lastEvent = live ? status?.events.at(-1) : undefined;
  return (
    <div className="status-bar">
      <p className={`status status-${state}`} data-testid="link-state" data-state={state} role="status" aria-live="polite">
        <span aria-hidden="true">{STATE_ICON[state]} </span>{t(`status.${state}`)}
      </p>
      {status?.signal?.quality === 'noisy' && (state === 'streaming' || state === 'stalled') && (
        <p className="signal-noisy" data-testid="signal-noisy" role="status">
          <span aria-hidden="true">⚠ </span>{t('status.noisy', { percent: status.signal.rejectedPercent })}
        </p>
      )}
      {live && status?.ident && <p className="ident" data-testid="device-ident">{t('status.device', { ...status.ident })}</p>}
      {h && <p className="stream">{t('status.stream', { rate: h.rateHz, channels: h.channels.map((c) => `${c.label} (${unitLabel(lang, c.unit)})`).join(', ') })}</p>}
      {lastEvent && <p className="device-event" data-testid="device-event">{
        lastEvent.name === 'lead-off' || lastEvent.name === 'lead-on' || lastEvent.name === 'battery' || lastEvent.name === 'error'
          ? t(`event.${lastEvent.name}`, { arg: lastEvent.args.join(', ') })
          : t('event.other', { name: lastEvent.name, arg: lastEvent.args.join(', ') })}</p>}
      {err && <p className="error" role="alert" data-testid="error">{errorMessage(lang, err)}</p>}
    </div>
  );
}
