// The native menu (File, View, Session, Help) in the app's language, with accelerators; only items that do something today.
import type { MenuItemConstructorOptions } from 'electron';
import { shellText, type Language, type ShellKey } from './shell-i18n.ts';

export interface MenuActions {
  /** Session → Disconnect: closes the device link. */
  disconnect(): void;
  /** Session → Zero pressure: tares the pressure channel (`ZERO`). */
  zeroPressure(): void;
  /** Help → About Loslaten. */
  about(): void;
  /** Help → Safety and guidance (F1): the renderer's safety screen. */
  safety?(): void;
  /** File → Open recording…: a file dialog for .edf/.bdf, imported into the library. */
  openRecording?(): void;
}

export interface MenuContext {
  /** Packaged (production) build: reload and developer tools are disabled. */
  readonly isPackaged: boolean;
  /** `process.platform`; macOS gets its application menu first. */
  readonly platform: string;
  readonly appName: string;
  /** Language of every label (the app setting, else the system locale; see shell-i18n.ts). */
  readonly language: Language;
}

/**
 * Builds the menu template; pure, so tests can inspect labels, roles, accelerators and enabled states.
 *
 * Every item has a label from the message catalogue, role items too. Electron's default labels for roles (Undo,
 * Zoom In, Toggle Full Screen, Quit…) are English strings built into Electron, not texts the OS translates, so a
 * role without a label would stay English in the Dutch app. The role still gives the native behaviour (and the
 * macOS selector); only its label is ours. Items the OS adds itself (macOS Services, dictation) are localised by it.
 */
export function buildMenuTemplate(actions: MenuActions, ctx: MenuContext): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const dev = !ctx.isPackaged;
  const t = (key: ShellKey): string => shellText(ctx.language, key);
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: ctx.appName,
      submenu: [
        { label: t('shell.menu.about'), click: () => { actions.about(); } },
        { type: 'separator' },
        { role: 'hide', label: t('shell.menu.hideApp') }, { role: 'hideOthers', label: t('shell.menu.hideOthers') }, { role: 'unhide', label: t('shell.menu.showAll') },
        { type: 'separator' },
        { role: 'quit', label: t('shell.menu.quitApp'), accelerator: 'Cmd+Q' },
      ],
    });
  }
  // macOS routes clipboard shortcuts in text fields through the Edit menu's roles; elsewhere they work without it.
  const edit: MenuItemConstructorOptions = {
    label: t('shell.menu.edit'),
    submenu: [
      { role: 'undo', label: t('shell.menu.undo') }, { role: 'redo', label: t('shell.menu.redo') }, { type: 'separator' },
      { role: 'cut', label: t('shell.menu.cut') }, { role: 'copy', label: t('shell.menu.copy') }, { role: 'paste', label: t('shell.menu.paste') },
      { role: 'selectAll', label: t('shell.menu.selectAll') },
    ],
  };
  template.push(
    {
      label: t('shell.menu.file'),
      submenu: [
        ...(actions.openRecording ? [{ label: t('shell.menu.openRecording'), accelerator: 'CmdOrCtrl+O', click: () => { actions.openRecording?.(); } }, { type: 'separator' as const }] : []),
        mac ? { role: 'close', label: t('shell.menu.closeWindow'), accelerator: 'Cmd+W' } : { role: 'quit', label: t('shell.menu.quit'), accelerator: 'Ctrl+Q' },
      ],
    },
    ...(mac ? [edit] : []),
    {
      label: t('shell.menu.view'),
      submenu: [
        { role: 'reload', label: t('shell.menu.reload'), accelerator: 'CmdOrCtrl+R', enabled: dev, visible: dev },
        { role: 'toggleDevTools', label: t('shell.menu.devTools'), accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I', enabled: dev, visible: dev },
        { type: 'separator', visible: dev },
        { role: 'resetZoom', label: t('shell.menu.actualSize'), accelerator: 'CmdOrCtrl+0' },
        { role: 'zoomIn', label: t('shell.menu.zoomIn'), accelerator: 'CmdOrCtrl+Plus' },
        { role: 'zoomOut', label: t('shell.menu.zoomOut'), accelerator: 'CmdOrCtrl+-' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t('shell.menu.fullScreen'), accelerator: mac ? 'Ctrl+Cmd+F' : 'F11' },
      ],
    },
    {
      label: t('shell.menu.session'),
      submenu: [
        { label: t('shell.menu.zeroPressure'), accelerator: 'CmdOrCtrl+T', click: () => { actions.zeroPressure(); } },
        { label: t('shell.menu.disconnect'), accelerator: 'CmdOrCtrl+Shift+D', click: () => { actions.disconnect(); } },
      ],
    },
    {
      label: t('shell.menu.help'),
      role: 'help',
      submenu: [
        { label: t('shell.menu.about'), ...(actions.safety ? {} : { accelerator: 'F1' }), click: () => { actions.about(); } },
        ...(actions.safety ? [{ label: t('shell.menu.safety'), accelerator: 'F1', click: () => { actions.safety?.(); } }] : []),
      ],
    },
  );
  return template;
}
