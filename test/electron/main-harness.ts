// Runs electron/main/main.ts against the fake 'electron' (the test file itself must `vi.mock('electron', …)`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { tempDir } from '../helpers/pty.ts';
import { resetFakeElectron, store, type FakeState } from './fake-electron.ts';

type Handler = FakeState['ipcMain']['handlers'] extends Map<string, infer H> ? H : never;

export type StartedMain = NonNullable<Awaited<typeof import('../../electron/main/main.ts')['started']>>;

/** The main process under test: the fakes it ran against and what main.ts exported once started. */
export interface MainUnderTest { readonly fake: FakeState; readonly started: StartedMain }

/**
 * Fresh module graph and fakes, an app root with a stub renderer, then main.ts; `configure` adjusts the fakes before
 * main runs. Throws when main does not start.
 */
export async function startFakeMain(configure?: (fake: FakeState) => void): Promise<MainUnderTest> {
  vi.resetModules();
  const fake = resetFakeElectron();
  const root = tempDir('loslaten-approot-');
  mkdirSync(join(root, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(root, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Loslaten</title>');
  fake.app.appPath = root;
  configure?.(fake);
  const started = await (await import('../../electron/main/main.ts')).started;
  if (!started) throw new Error('main did not start');
  return { fake, started };
}

/** Closes what main opened (IPC routes, the core) so the next test starts clean. */
export async function stopFakeMain(m: MainUnderTest | null): Promise<void> {
  if (!m) return;
  m.started.disposeIpc();
  await m.started.core.dispose();
}

/** The IPC event of the app's own top-level frame: what every route trusts. */
export function trustedEvent(): { sender: unknown; senderFrame: unknown; ports: never[] } {
  const wc = store().windows[0]!.webContents;
  return { sender: wc, senderFrame: wc.mainFrame, ports: [] };
}

/** Calls the handler main registered for `channel`, as ipcMain would. */
export async function invokeRoute(fake: FakeState, channel: string, event: unknown, ...args: unknown[]): Promise<Awaited<ReturnType<Handler>>> {
  const h = fake.ipcMain.handlers.get(channel);
  if (!h) throw new Error(`${channel} not registered`);
  return h(event, ...args);
}
