// Sensor picker: demo sensors and serial ports with what each probably is, the driver and its settings (kept per
// profile), connect/disconnect, pressure zero.
import { serialDeviceId } from '../../api/device-id.ts';
import { useEffect, useState } from 'react';
import type { DeviceInfo } from '../../api/contract.ts';
import { DRIVER_IDS, type DriverId } from '../../devices/driver.ts';
import { defaultDeviceSettings, type DeviceSettings } from '../../devices/registry.ts';
import { getApi } from '../api/index.ts';
import { DeviceSettingsForm } from './DeviceSettingsForm.tsx';
import { useT } from '../i18n/use-t.ts';
import { useSettings } from '../state/settings-store.ts';
import { preselect } from './device-choice.ts';
import { useUi } from '../state/ui-store.ts';

function deviceName(d: DeviceInfo, t: ReturnType<typeof useT>): string {
  if (d.id === 'demo:emg') return t('device.demoEmg');
  if (d.id === 'demo:pressure') return t('device.demoPressure');
  const extra = [d.manufacturer, d.serialNumber].filter(Boolean).join(', ');
  const hint = d.guess?.hint ? ` (${t(`device.hint.${d.guess.hint}`)})` : '';
  return t('device.serial', { path: d.path ?? d.id }) + (extra ? ` — ${extra}` : '') + hint;
}

export async function refreshDevices(): Promise<void> {
  const r = await getApi().listDevices();
  const ui = useUi.getState();
  if (r.ok) {
    ui.setDevices(r.value);
    if (!ui.selectedDeviceId || !r.value.some((d) => d.id === ui.selectedDeviceId)) ui.select(preselect(r.value));
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
  /** Only LL1 devices take a tare command (text streams have no commands). */
  const canZero = useUi((s) => (s.status?.driver?.id ?? 'll1') === 'll1');
  const stored = useSettings((s) => s.profile.devices);
  const saveProfile = useSettings((s) => s.saveProfile);
  const isDemo = selectedDeviceId.startsWith('demo:');
  const guess = devices.find((d) => d.id === selectedDeviceId)?.guess;
  const offered: readonly DriverId[] = guess?.drivers ?? DRIVER_IDS;
  const [chosen, setChosen] = useState<DriverId | null>(null);
  const driver: DriverId = chosen ?? stored?.driver ?? offered[0] ?? 'll1';
  const [edits, setEdits] = useState<Partial<Record<DriverId, DeviceSettings>>>({});
  const [settingsValid, setSettingsValid] = useState(true);
  const settingsFor = (d: DriverId): DeviceSettings => edits[d] ?? stored?.byDriver.find((x) => x.driver === d) ?? defaultDeviceSettings(d);
  const current = settingsFor(driver);

  useEffect(() => { void refreshDevices(); }, []);

  async function connect() {
    setBusy(true);
    setError(null);
    const deviceId = selectedDeviceId === OTHER ? serialDeviceId(otherPath.trim()) : selectedDeviceId;
    const r = await getApi().connect(isDemo ? { deviceId } : { deviceId, device: current });
    if (!r.ok) setError(r.error);
    else if (!isDemo) {
      // Offered again next time for this profile: the driver, and each driver's last settings.
      const byDriver = [...(stored?.byDriver ?? []).filter((x) => x.driver !== driver), current];
      void saveProfile({ devices: { driver, byDriver } });
    }
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
      {!isDemo && (
        <label>{t('device.driver')}{' '}
          <select data-testid="driver-select" value={driver} disabled={connected || busy} onChange={(e) => { setChosen(e.target.value as DriverId); setSettingsValid(true); }}>
            {offered.map((d) => <option key={d} value={d}>{t(`device.driver.${d}`)}</option>)}
          </select>
        </label>
      )}
      <button type="button" data-testid="device-refresh" onClick={() => void refreshDevices()} disabled={connected || busy}>{t('device.refresh')}</button>
      {connected
        ? <button type="button" data-testid="disconnect" onClick={() => void disconnect()} disabled={busy}>{t('device.disconnect')}</button>
        : <button type="button" data-testid="connect" className="primary" onClick={() => void connect()} disabled={busy || !selectedDeviceId || (selectedDeviceId === OTHER && otherPath.trim() === '') || (!isDemo && !settingsValid)}>{t('device.connect')}</button>}
      {connected && isPressure && canZero && <button type="button" onClick={() => void zero()}>{t('device.zero')}</button>}
      {!isDemo && <DeviceSettingsForm key={driver} value={current} disabled={connected || busy} onValid={setSettingsValid} onChange={(s) => setEdits({ ...edits, [driver]: s })} />}
    </div>
  );
}
