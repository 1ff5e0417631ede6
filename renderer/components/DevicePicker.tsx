// Sensor picker: demo sensors and serial ports, connect/disconnect, pressure zero.
import { useEffect, useState } from 'react';
import type { DeviceInfo } from '../../api/contract.ts';
import { getApi } from '../api/index.ts';
import { useT } from '../i18n/use-t.ts';
import { useUi } from '../state/ui-store.ts';

function deviceName(d: DeviceInfo, t: ReturnType<typeof useT>): string {
  if (d.id === 'demo:emg') return t('device.demoEmg');
  if (d.id === 'demo:pressure') return t('device.demoPressure');
  const extra = [d.manufacturer, d.serialNumber].filter(Boolean).join(', ');
  return t('device.serial', { path: d.path ?? d.id }) + (extra ? ` — ${extra}` : '');
}

export async function refreshDevices(): Promise<void> {
  const r = await getApi().listDevices();
  const ui = useUi.getState();
  if (r.ok) {
    ui.setDevices(r.value);
    if (!ui.selectedDeviceId || !r.value.some((d) => d.id === ui.selectedDeviceId)) {
      // Prefer a plugged-in sensor; the demo otherwise.
      ui.select(r.value.find((d) => d.kind === 'serial')?.id ?? r.value[0]?.id ?? '');
    }
  } else ui.setError(r.error);
}

/** Select value for a port typed by hand (e.g. a virtual port the OS does not enumerate). */
const OTHER = '__other';

export function DevicePicker() {
  const t = useT();
  const [otherPath, setOtherPath] = useState('');
  const devices = useUi((s) => s.devices);
  const selectedDeviceId = useUi((s) => s.selectedDeviceId);
  const busy = useUi((s) => s.busy);
  const { select, setBusy, setError } = useUi.getState();
  const connected = useUi((s) => s.status !== null && s.status.state !== 'idle' && s.status.state !== 'error');
  const connectedId = useUi((s) => s.status?.deviceId ?? null);
  const isPressure = useUi((s) => s.status?.header?.channels.some((c) => c.kind === 'pressure') ?? false);

  useEffect(() => { void refreshDevices(); }, []);

  async function connect() {
    setBusy(true);
    setError(null);
    const deviceId = selectedDeviceId === OTHER ? 'serial:' + otherPath.trim() : selectedDeviceId;
    const r = await getApi().connect({ deviceId });
    if (!r.ok) setError(r.error);
    setBusy(false);
  }
  async function disconnect() {
    setBusy(true);
    await getApi().disconnect();
    setBusy(false);
  }
  async function zero() {
    const r = await getApi().zero();
    if (!r.ok) setError(r.error);
  }

  return (
    <div className="device-picker" role="group" aria-label={t('device.label')}>
      <label htmlFor="device-select">{t('device.label')}</label>
      <select id="device-select" data-testid="device-select" value={connected && connectedId && devices.some((d) => d.id === connectedId) ? connectedId : selectedDeviceId} disabled={connected || busy}
        onChange={(e) => select(e.target.value)}>
        {devices.length === 0 && <option value="">{t('device.choose')}</option>}
        {devices.map((d) => <option key={d.id} value={d.id}>{deviceName(d, t)}</option>)}
        <option value={OTHER}>{t('device.other')}</option>
      </select>
      {selectedDeviceId === OTHER && (
        <input type="text" data-testid="port-path" aria-label={t('device.otherPath')} placeholder={t('device.otherPlaceholder')}
          value={otherPath} disabled={connected || busy} onChange={(e) => setOtherPath(e.target.value)} spellCheck={false} />
      )}
      <button type="button" data-testid="device-refresh" onClick={() => void refreshDevices()} disabled={connected || busy}>{t('device.refresh')}</button>
      {connected
        ? <button type="button" data-testid="disconnect" onClick={() => void disconnect()} disabled={busy}>{t('device.disconnect')}</button>
        : <button type="button" data-testid="connect" className="primary" onClick={() => void connect()} disabled={busy || !selectedDeviceId || (selectedDeviceId === OTHER && otherPath.trim() === '')}>{t('device.connect')}</button>}
      {connected && isPressure && <button type="button" onClick={() => void zero()}>{t('device.zero')}</button>}
    </div>
  );
}
