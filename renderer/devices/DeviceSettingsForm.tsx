// Settings of the chosen driver: Cyton input roles and names, BITalino rate and inputs, text-stream rate and columns.
import { useState } from 'react';
import { BITALINO_RATES, type BitalinoRate } from '../../devices/bitalino.ts';
import type { ChannelRole, CytonChannelSetting } from '../../devices/cyton.ts';
import type { DeviceSettings } from '../../devices/registry.ts';
import { formatTextColumns, parseTextColumns } from '../../devices/text-columns.ts';
import { TEXT_MAX_RATE_HZ, TEXT_MIN_RATE_HZ } from '../../devices/text-stream.ts';
import { useT } from '../i18n/use-t.ts';

const ROLES: readonly ChannelRole[] = ['pelvic-floor', 'abdominal', 'unused'];
const NAME_RE = /^[A-Za-z0-9_.-]{0,16}$/;

export function DeviceSettingsForm(props: { value: DeviceSettings; disabled: boolean; onChange: (s: DeviceSettings) => void; onValid: (ok: boolean) => void }) {
  const t = useT();
  const v = props.value;
  const [columnsText, setColumnsText] = useState(v.driver === 'text' ? formatTextColumns(v.columns) : '');
  const [columnsError, setColumnsError] = useState<string | null>(null);
  if (v.driver === 'll1') return null;

  const roleSelect = (role: ChannelRole, onRole: (r: ChannelRole) => void, testid: string) => (
    <select value={role} disabled={props.disabled} data-testid={testid} onChange={(e) => onRole(e.target.value as ChannelRole)}>
      {ROLES.map((r) => <option key={r} value={r}>{t(`device.role.${r}`)}</option>)}
    </select>
  );

  return (
    <fieldset className="device-settings" data-testid="device-settings" disabled={props.disabled}>
      <legend>{t('device.settings')}</legend>
      {v.driver === 'cyton' && v.channels.map((c: CytonChannelSetting, i: number) => (
        <div key={i} className="device-input">
          <span>{t('device.role', { n: i + 1 })}</span>
          {roleSelect(c.role, (role) => props.onChange({ ...v, channels: v.channels.map((x, k) => (k === i ? { ...x, role } : x)) }), `cyton-role-${i + 1}`)}
          <input type="text" aria-label={`${t('device.name')} ${i + 1}`} value={c.name ?? ''} maxLength={16} spellCheck={false}
            onChange={(e) => { const name = e.target.value; if (NAME_RE.test(name)) props.onChange({ ...v, channels: v.channels.map((x, k) => (k === i ? (name ? { role: x.role, name } : { role: x.role }) : x)) }); }} />
        </div>
      ))}
      {v.driver === 'bitalino' && (
        <>
          <label>{t('device.rate')}{' '}
            <select value={v.rateHz} data-testid="bitalino-rate" onChange={(e) => props.onChange({ ...v, rateHz: Number(e.target.value) as BitalinoRate })}>
              {BITALINO_RATES.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          </label>
          {([1, 2, 3, 4, 5, 6] as const).map((input) => {
            const c = v.channels.find((x) => x.input === input);
            return (
              <div key={input} className="device-input">
                <span>A{input}</span>
                {roleSelect(c?.role ?? 'unused', (role) => {
                  const rest = v.channels.filter((x) => x.input !== input);
                  const channels = role === 'unused' ? rest : [...rest, { input, role }].sort((a, b) => a.input - b.input);
                  props.onValid(channels.length > 0);
                  props.onChange({ ...v, channels: channels.length > 0 ? channels : v.channels });
                }, `bitalino-role-${input}`)}
              </div>
            );
          })}
        </>
      )}
      {v.driver === 'text' && (
        <>
          <label>{t('device.rate')}{' '}
            <input type="number" data-testid="text-rate" min={TEXT_MIN_RATE_HZ} max={TEXT_MAX_RATE_HZ} value={v.rateHz}
              onChange={(e) => { const r = Number(e.target.value); if (r >= TEXT_MIN_RATE_HZ && r <= TEXT_MAX_RATE_HZ) props.onChange({ ...v, rateHz: r }); }} />
          </label>
          <label className="device-columns">{t('device.columns')}
            <input type="text" data-testid="text-columns" value={columnsText} spellCheck={false} placeholder={t('device.columns.example')}
              onChange={(e) => {
                setColumnsText(e.target.value);
                const p = parseTextColumns(e.target.value);
                setColumnsError(p.ok ? null : p.message);
                props.onValid(p.ok);
                if (p.ok) props.onChange({ ...v, columns: p.value });
              }} />
          </label>
          {columnsError && <p className="error" role="alert">{t('device.columns.bad', { detail: columnsError })}</p>}
          <p className="hint">{t('device.noLossDetection')}</p>
        </>
      )}
    </fieldset>
  );
}
