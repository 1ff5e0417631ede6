// The native menu template: File/View/Session/Help everywhere, app + Edit menus on macOS, dev-only items off when packaged.
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate } from '../../electron/main/menu.ts';

type Item = { label?: string; role?: string; accelerator?: string; enabled?: boolean; visible?: boolean; click?: () => void; submenu?: Item[] };

function build(platform: string, isPackaged: boolean) {
  const actions = { disconnect: vi.fn(), zeroPressure: vi.fn(), about: vi.fn() };
  const menu = buildMenuTemplate(actions, { platform, isPackaged, appName: 'Loslaten', language: 'en' }) as Item[];
  const items = menu.flatMap((m) => m.submenu ?? []);
  return { actions, menu, items, labels: menu.map((m) => m.label!.replace('&', '')) };
}

describe('menu', () => {
  it('has File, View, Session, Help on Linux and Windows, with accelerators unique within the menu', () => {
    for (const platform of ['linux', 'win32']) {
      const { labels, items } = build(platform, true);
      expect(labels).toEqual(['File', 'View', 'Session', 'Help']);
      const accels = items.filter((i) => i.accelerator && i.visible !== false).map((i) => i.accelerator);
      expect(new Set(accels).size).toBe(accels.length);
    }
  });

  it('adds the application menu and an Edit menu (clipboard in text fields) on macOS', () => {
    const { labels, items } = build('darwin', true);
    expect(labels).toEqual(['Loslaten', 'File', 'Edit', 'View', 'Session', 'Help']);
    expect(items.filter((i) => ['copy', 'paste', 'cut', 'selectAll'].includes(i.role ?? ''))).toHaveLength(4);
    expect(items.find((i) => i.role === 'quit')?.accelerator).toBe('Cmd+Q');
  });

  it('disables and hides reload and developer tools in a packaged build only', () => {
    for (const [isPackaged, on] of [[true, false], [false, true]] as const) {
      const { items } = build('linux', isPackaged);
      for (const role of ['reload', 'toggleDevTools']) {
        const item = items.find((i) => i.role === role)!;
        expect(item.enabled, `${role} packaged=${isPackaged}`).toBe(on);
        expect(item.visible).toBe(on);
      }
    }
  });

  it('wires Session and Help items to their actions', () => {
    const { items, actions } = build('linux', true);
    items.find((i) => i.label === 'Zero pressure (tare)')!.click!();
    items.find((i) => i.label === 'Disconnect')!.click!();
    items.find((i) => i.label === 'About Loslaten')!.click!();
    expect(actions.zeroPressure).toHaveBeenCalledTimes(1);
    expect(actions.disconnect).toHaveBeenCalledTimes(1);
    expect(actions.about).toHaveBeenCalledTimes(1);
  });
});
