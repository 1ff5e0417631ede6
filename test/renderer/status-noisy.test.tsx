// @vitest-environment jsdom
// The status bar shows a noisy signal as a warning next to "Receiving data", in English and Dutch; not as a disconnect.
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type { LinkStatus } from '../../api/contract.ts';
import { newDeviceCounters } from '../../devices/driver.ts';
import { REJECT_REASONS } from '../../firmware-protocol/codec.ts';
import { StatusBar } from '../../renderer/devices/StatusBar.tsx';
import { useUi } from '../../renderer/state/ui-store.ts';

function status(quality: 'good' | 'noisy' | null, state: LinkStatus['state'] = 'streaming'): LinkStatus {
  return {
    state, deviceId: 'serial:/dev/ttyACM0', error: null, ident: null, header: null, streamId: 1, counters: newDeviceCounters(REJECT_REASONS), events: [],
    ...(quality ? { signal: { quality, validPerS: 2000, rejectedPerS: 1100, rejectedPercent: 35.4 } } : {}), recording: null,
  };
}

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function render(s: LinkStatus, lang: 'en' | 'nl'): string {
  useUi.setState({ status: s, lang, lastError: null });
  const host = document.createElement('div');
  const root = createRoot(host);
  act(() => root.render(createElement(StatusBar)));
  const html = host.innerHTML;
  act(() => root.unmount());
  return html;
}

describe('status bar signal quality', () => {
  it('noisy: a warning with the share of unreadable lines, the state still streaming (en, nl)', () => {
    const en = render(status('noisy'), 'en');
    expect(en).toContain('data-state="streaming"');
    expect(en).toContain('Receiving data');
    expect(en).toContain('data-testid="signal-noisy"');
    expect(en).toContain('Noisy signal: 35.4 % of the lines');
    expect(en).not.toMatch(/unplugged/i);
    const nl = render(status('noisy'), 'nl');
    expect(nl).toContain('Storing in het signaal: 35.4 %');
    expect(nl).not.toMatch(/losgekoppeld/i);
  });

  it('good or no quality yet: no warning; unplugged stays its own state', () => {
    expect(render(status('good'), 'en')).not.toContain('signal-noisy');
    expect(render(status(null), 'en')).not.toContain('signal-noisy');
    const gone = render(status('noisy', 'reconnecting'), 'en');
    expect(gone).toContain('unplugged');
    expect(gone).not.toContain('signal-noisy');
  });
});

describe('settings read errors are said as such (issue 13 item 4)', () => {
  it('a read error is not reported as a reset, and names no error code', async () => {
    const { RepairedNotice } = await import('../../renderer/help/RepairedNotice.tsx');
    const { useSettings } = await import('../../renderer/state/settings-store.ts');
    for (const [lang, text] of [['en', 'could not be read just now'], ['nl', 'kon zojuist niet worden gelezen']] as const) {
      useUi.setState({ lang });
      useSettings.setState({ repaired: ['app:read-error:EACCES'] });
      const host = document.createElement('div');
      const root = createRoot(host);
      act(() => root.render(createElement(RepairedNotice)));
      expect(host.innerHTML).toContain(text);
      expect(host.innerHTML).not.toContain('EACCES');
      expect(host.innerHTML).not.toMatch(/reset to their defaults|teruggezet/);
      act(() => root.unmount());
    }
  });
});
