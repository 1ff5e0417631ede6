// The native menu (File, View, Session, Help) with accelerators; only items that do something today.
import type { MenuItemConstructorOptions } from 'electron';

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
}

/** macOS routes clipboard shortcuts in text fields through the Edit menu's roles; elsewhere they work without it. */
const EDIT_MENU: MenuItemConstructorOptions = {
  label: 'Edit',
  submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
};

/** Builds the menu template; pure, so tests can inspect labels, roles, accelerators and enabled states. */
export function buildMenuTemplate(actions: MenuActions, ctx: MenuContext): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const dev = !ctx.isPackaged;
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: ctx.appName,
      submenu: [
        { label: `About ${ctx.appName}`, click: () => { actions.about(); } },
        { type: 'separator' },
        { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit', accelerator: 'Cmd+Q' },
      ],
    });
  }
  template.push(
    {
      label: '&File',
      submenu: [
        ...(actions.openRecording ? [{ label: 'Open recording…', accelerator: 'CmdOrCtrl+O', click: () => { actions.openRecording?.(); } }, { type: 'separator' as const }] : []),
        mac ? { role: 'close', accelerator: 'Cmd+W' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
      ],
    },
    ...(mac ? [EDIT_MENU] : []),
    {
      label: '&View',
      submenu: [
        { role: 'reload', accelerator: 'CmdOrCtrl+R', enabled: dev, visible: dev },
        { role: 'toggleDevTools', accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I', enabled: dev, visible: dev },
        { type: 'separator', visible: dev },
        { role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
        { role: 'zoomIn', accelerator: 'CmdOrCtrl+Plus' },
        { role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
        { type: 'separator' },
        { role: 'togglefullscreen', accelerator: mac ? 'Ctrl+Cmd+F' : 'F11' },
      ],
    },
    {
      label: '&Session',
      submenu: [
        { label: 'Zero pressure (tare)', accelerator: 'CmdOrCtrl+T', click: () => { actions.zeroPressure(); } },
        { label: 'Disconnect', accelerator: 'CmdOrCtrl+Shift+D', click: () => { actions.disconnect(); } },
      ],
    },
    {
      label: '&Help',
      role: 'help',
      submenu: [
        { label: `About ${ctx.appName}`, ...(actions.safety ? {} : { accelerator: 'F1' }), click: () => { actions.about(); } },
        ...(actions.safety ? [{ label: 'Safety and guidance', accelerator: 'F1', click: () => { actions.safety?.(); } }] : []),
      ],
    },
  );
  return template;
}
