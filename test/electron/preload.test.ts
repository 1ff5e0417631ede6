// The preload bridge: exposes exactly the LoslatenApi verbs, never ipcRenderer, and moves frames and status correctly.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, DESKTOP_VERBS, FRAME_PORT_MESSAGE } from '../../api/contract.ts';
import { IPC } from '../../electron/ipc-channels.ts';
import { createPreloadApi } from '../../electron/preload/bridge-api.ts';
import { resetFakeElectron, type FakeState } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule());

const EXPECTED_KEYS = [...COMMAND_NAMES, ...DESKTOP_VERBS, 'onBatch', 'onStatus'].sort();

/** Walks a value (depth-limited) and reports whether `needle` is reachable from it. */
function reaches(value: unknown, needle: unknown, depth = 4, seen = new Set<unknown>()): boolean {
  if (value === needle) return true;
  if (depth === 0 || value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return false;
  seen.add(value);
  return Reflect.ownKeys(value as object).some((k) => {
    try { return reaches((value as Record<PropertyKey, unknown>)[k], needle, depth - 1, seen); } catch { return false; }
  });
}

let fake: FakeState;
beforeEach(() => { fake = resetFakeElectron(); });

describe('preload.ts (loaded against a fake electron)', () => {
  it('exposes one object, window.loslaten, with exactly the narrow verbs, all functions', async () => {
    vi.resetModules();
    fake = resetFakeElectron();
    await import('../../electron/preload/preload.ts');
    expect([...fake.exposed.keys()]).toEqual(['loslaten']);
    const api = fake.exposed.get('loslaten') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(EXPECTED_KEYS);
    for (const k of EXPECTED_KEYS) expect(typeof api[k], k).toBe('function');
    expect(reaches(api, fake.ipcRenderer)).toBe(false);
  });

  it('asks main for the batch port once at load', async () => {
    vi.resetModules();
    fake = resetFakeElectron();
    await import('../../electron/preload/preload.ts');
    expect(fake.ipcRenderer.sentToMain).toEqual([[IPC.openBatchPort]]);
  });
});

describe('createPreloadApi', () => {
  it('sends each verb as (channel, command, plain request) and never returns ipcRenderer', async () => {
    const api = createPreloadApi(fake.ipcRenderer as never);
    const results = [
      await api.listDevices(),
      await api.connect({ deviceId: 'demo:emg', baudRate: 115200 }),
      await api.disconnect(),
      await api.zero(),
    ];
    expect(fake.ipcRenderer.invoked).toEqual([
      [IPC.invoke, 'listDevices', {}],
      [IPC.invoke, 'connect', { deviceId: 'demo:emg', baudRate: 115200 }],
      [IPC.invoke, 'disconnect', {}],
      [IPC.invoke, 'zero', {}],
    ]);
    const unsubscribers = [api.onBatch(() => {}), api.onStatus(() => {})];
    for (const r of [...results, ...unsubscribers]) expect(reaches(r, fake.ipcRenderer)).toBe(false);
    for (const u of unsubscribers) expect(u()).toBeUndefined();
  });

  it('copies the connect request so the page cannot pass its own object through', async () => {
    const api = createPreloadApi(fake.ipcRenderer as never);
    const req = { deviceId: 'demo:emg' };
    await api.connect(req);
    const sent = fake.ipcRenderer.invoked[0]![2];
    expect(sent).toEqual(req);
    expect(sent).not.toBe(req);
  });

  it('turns an IPC failure into an internal error value instead of a rejection', async () => {
    const ipc = { ...fake.ipcRenderer, on: fake.ipcRenderer.on.bind(fake.ipcRenderer), send: () => {}, invoke: async () => { throw new Error('boom'); } };
    const api = createPreloadApi(ipc as never);
    await expect(api.zero()).resolves.toEqual({ ok: false, error: { kind: 'internal', detail: 'boom' } });
  });

  it('delivers ArrayBuffer frames from the MessagePort to every batch listener and ignores anything else', async () => {
    const api = createPreloadApi(fake.ipcRenderer as never);
    const a: ArrayBuffer[] = [];
    const b: ArrayBuffer[] = [];
    api.onBatch((f) => a.push(f));
    const offB = api.onBatch((f) => b.push(f));
    const { port1, port2 } = new MessageChannel();
    fake.ipcRenderer.emit(IPC.batchPort, { ports: [port2] });
    const frame = new Uint8Array([1, 2, 3, 4]).buffer;
    port1.postMessage('not a frame');
    port1.postMessage({ byteLength: 4 });
    port1.postMessage(frame);
    await vi.waitFor(() => { expect(a).toHaveLength(1); });
    expect(new Uint8Array(a[0]!)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(b).toHaveLength(1);
    offB();
    port1.postMessage(new ArrayBuffer(8));
    await vi.waitFor(() => { expect(a).toHaveLength(2); });
    expect(b).toHaveLength(1);
    port1.close();
  });

  it('openFramePort: asks main for a fresh port and posts that port, untouched, to the page (for the intake worker)', async () => {
    const posted: { message: string; transfer: MessagePort[] }[] = [];
    const api = createPreloadApi(fake.ipcRenderer as never, undefined, (message, transfer) => { posted.push({ message, transfer }); });
    const frames: ArrayBuffer[] = [];
    api.onBatch((f) => frames.push(f));
    const first = new MessageChannel();
    fake.ipcRenderer.emit(IPC.batchPort, { ports: [first.port2] });
    expect(posted).toEqual([]);
    api.openFramePort!();
    expect(fake.ipcRenderer.sentToMain).toEqual([[IPC.openBatchPort], [IPC.openBatchPort]]);
    const second = new MessageChannel();
    fake.ipcRenderer.emit(IPC.batchPort, { ports: [second.port2] });
    expect(posted).toEqual([{ message: FRAME_PORT_MESSAGE, transfer: [second.port2] }]);
    // The forwarded port is not read here: its frames are for the page, not for onBatch.
    second.port1.postMessage(new ArrayBuffer(4));
    await new Promise((r) => setTimeout(r, 50));
    expect(frames).toEqual([]);
    expect(second.port2.onmessage).toBeNull();
    first.port1.close();
    second.port1.close();
    // Without a way to post to the page (tests, old callers) the verb is absent and frames stay on onBatch.
    expect(createPreloadApi(fake.ipcRenderer as never).openFramePort).toBeUndefined();
  });

  it('pushes status to listeners and replays the latest status to a late subscriber', () => {
    const api = createPreloadApi(fake.ipcRenderer as never);
    const early: string[] = [];
    api.onStatus((s) => early.push(s.state));
    fake.ipcRenderer.emit(IPC.status, {}, { state: 'connecting' });
    fake.ipcRenderer.emit(IPC.status, {}, { state: 'streaming' });
    expect(early).toEqual(['connecting', 'streaming']);
    const late: string[] = [];
    api.onStatus((s) => late.push(s.state));
    expect(late).toEqual(['streaming']);
  });
});
