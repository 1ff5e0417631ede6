// The fake 'electron' fails where Electron 45 fails, so the wiring tests cannot pass on an order or a value Electron
// would refuse: readiness, before-ready-only and after-ready-only calls, duplicate IPC handlers, what may cross IPC and
// contextBridge, and MessagePortMain events that need start().
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerAppScheme } from '../../electron/main/protocol.ts';
import { IPC } from '../../electron/ipc-channels.ts';
import { bridgeCopy, FakeBrowserWindow, FakeMessageChannelMain, resetFakeElectron, type FakeState } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule());

let fake: FakeState;
beforeEach(() => { fake = resetFakeElectron(); });

describe('readiness', () => {
  it('whenReady() resolves only after the code that ran before it; then before-ready calls throw', async () => {
    const order: string[] = [];
    const ready = fake.app.whenReady().then(() => { order.push('ready'); });
    registerAppScheme(fake.protocol); // right after asking, still before ready: allowed, as in Electron
    fake.app.enableSandbox();
    order.push('sync');
    await Promise.resolve();
    expect(fake.app.isReady()).toBe(false);
    await ready;
    expect(order).toEqual(['sync', 'ready']);
    expect(() => registerAppScheme(fake.protocol)).toThrow(/registerSchemesAsPrivileged should be called before app is ready/);
    expect(() => fake.app.enableSandbox()).toThrow(/can only be called before app is ready/);
  });

  it('windows, sessions, the screen and protocol.handle throw before ready', async () => {
    expect(() => new FakeBrowserWindow({ show: false })).toThrow(/before the app is ready/);
    expect(() => fake.session.defaultSession).toThrow(/before the app is ready/);
    expect(() => fake.session.fromPartition('x')).toThrow(/before the app is ready/);
    expect(() => fake.screen.getAllDisplays()).toThrow(/before the app is ready/);
    expect(() => fake.protocol.handle('app', () => null)).toThrow(/before the app is ready/);
    await fake.app.whenReady();
    expect(new FakeBrowserWindow({ show: false }).visible).toBe(false);
    fake.protocol.handle('app', () => null);
    expect(() => fake.protocol.handle('app', () => null)).toThrow(/Failed to register protocol: app/);
  });
});

describe('IPC', () => {
  it('a second ipcMain.handle for one channel throws; after removeHandler it may be registered again', () => {
    fake.ipcMain.handle(IPC.invoke, () => 1);
    expect(() => fake.ipcMain.handle(IPC.invoke, () => 2)).toThrow(`Attempted to register a second handler for '${IPC.invoke}'`);
    fake.ipcMain.removeHandler(IPC.invoke);
    expect(() => fake.ipcMain.handle(IPC.invoke, () => 3)).not.toThrow();
  });

  it('what crosses ipcRenderer is structured-cloned: a function throws, a class instance arrives as plain data', async () => {
    await expect(fake.ipcRenderer.invoke('ch', { cb: () => 1 })).rejects.toThrow(/could not be cloned/);
    class Req { constructor(readonly deviceId: string) {} describe(): string { return this.deviceId; } }
    await fake.ipcRenderer.invoke('ch', new Req('demo:emg'));
    const arrived = fake.ipcRenderer.invoked[0]![1] as Record<string, unknown>;
    expect(arrived).toEqual({ deviceId: 'demo:emg' });
    expect(arrived instanceof Req).toBe(false);
    expect(arrived.describe).toBeUndefined();
  });
});

describe('contextBridge', () => {
  it('copies as Electron does: functions proxied, class instances without prototype, symbols refused, errors by message', async () => {
    class Helper { n = 2; twice(): number { return this.n * 2; } }
    fake.contextBridge.exposeInMainWorld('api', {
      helper: new Helper(),
      add: (a: number, b: number) => a + b,
      later: async () => ({ ok: true, at: new Date(0) }),
      fail: () => Promise.reject(new TypeError('secret stack')),
    });
    const api = fake.exposed.get('api') as Record<string, any>;
    expect(api.helper).toEqual({ n: 2 });
    expect(api.helper.twice).toBeUndefined();
    expect(api.add(2, 3)).toBe(5);
    expect(await api.later()).toEqual({ ok: true, at: new Date(0) });
    await expect(api.fail()).rejects.toThrow('secret stack');
    expect(() => bridgeCopy({ s: Symbol('x') })).toThrow(/Symbols cannot be sent/);
    expect(() => fake.contextBridge.exposeInMainWorld('api', {})).toThrow(/existing property/);
  });

  it('the real preload, seen from the page: a function in a request becomes an error value, never an exception', async () => {
    vi.resetModules();
    await import('../../electron/preload/preload.ts');
    const api = fake.exposed.get('loslaten') as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const r = await api.connect!({ deviceId: 'demo:emg', onDone: () => undefined });
    expect(r).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(fake.ipcRenderer.invoked).toEqual([]);
  });
});

describe('MessagePortMain', () => {
  it('sees its peer close only once started; messages are cloned', () => {
    const quiet = new FakeMessageChannelMain();
    const heardQuiet = vi.fn();
    quiet.port1.on('close', heardQuiet);
    quiet.port2.close();
    expect(heardQuiet).not.toHaveBeenCalled();
    quiet.port1.start();
    expect(heardQuiet).toHaveBeenCalledTimes(1);

    const started = new FakeMessageChannelMain();
    const heard = vi.fn();
    started.port1.on('close', heard);
    started.port1.start();
    started.port2.close();
    expect(heard).toHaveBeenCalledTimes(1);
    expect(() => started.port1.postMessage({ f: () => 1 })).toThrow(/could not be cloned/);
  });
});
