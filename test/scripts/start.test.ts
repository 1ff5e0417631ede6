// `npm start` as the README promises it: where Electron cannot be had (the download fails) one line saying why, then
// the bundled app core serving the renderer on 127.0.0.1; Ctrl+C/SIGTERM stops it cleanly. And, with the platform
// injected, exactly what it spawns on Windows, macOS and Linux: this Node with the tools' JS entry points, never npm, a
// .cmd or a shell.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { start } from '../../scripts/start.mjs';
import { ROOT, stopProcess, tempDir, waitFor } from '../helpers/pty.ts';

let child: ChildProcess | null = null;
afterEach(async () => { await stopProcess(child); child = null; });

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => { body += d; }).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

describe('npm start', () => {
  it('says in one line why the desktop window cannot open, then serves the app on 127.0.0.1 with plain Node', async () => {
    const data = tempDir('loslaten-start-');
    // Electron's download goes to a port nothing listens on (as offline), so the binary never lands in node_modules.
    const closedPort = await new Promise<number>((done) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => done(p)); }); });
    const env = { ...process.env, DISPLAY: ':99', LOSLATEN_DATA_DIR: data, LOSLATEN_PORT: '0', ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/`, electron_config_cache: tempDir('loslaten-cache-') };
    child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    // Both lines the host prints once it listens (they may arrive in separate chunks).
    await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}/.test(out) && out.includes('Press Ctrl+C to stop.'), 60_000, 'the URL');
    const lines = out.split('\n').filter((l) => l.startsWith('Loslaten') && !l.startsWith('Loslaten: building'));
    expect(lines[0]).toMatch(/^Loslaten: downloading Electron [\d.]+ from 127\.0\.0\.1:\d+ for the desktop window \(once, about 100 MB\)…$/);
    expect(lines[1]).toBe(`Loslaten: Electron could not be downloaded (cannot reach 127.0.0.1:${closedPort} (no internet connection, or a proxy or firewall in the way)); serving the same app to your browser instead (npm start tries again next time).`);
    expect(out).toContain(`Your data stays in ${data}`);
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}/.exec(out)![0];
    const page = await get(url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    // The bundled core, not a TypeScript loader, is what runs.
    const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ').filter(Boolean);
    expect(kids).toHaveLength(1);
    const cmdline = readFileSync(`/proc/${kids[0]}/cmdline`, 'utf8').split('\0');
    expect(cmdline[0]).toBe(process.execPath);
    expect(cmdline[1]).toBe(join(ROOT, 'dist', 'host', 'host-main.mjs'));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = null;
  }, 90_000);
});

/** A project folder with just what `npm start` looks at: vite's and Electron's package files, maybe the binary. */
function fakeProject(binary: string | null): string {
  const dir = tempDir('loslaten-start-fake-');
  const put = (rel: string, text: string): void => { mkdirSync(join(dir, rel, '..'), { recursive: true }); writeFileSync(join(dir, rel), text); };
  put('node_modules/vite/package.json', JSON.stringify({ name: 'vite', bin: { vite: 'bin/vite.js' } }));
  put('node_modules/vite/bin/vite.js', '');
  put('node_modules/electron/package.json', JSON.stringify({ name: 'electron', version: '45.4.1', bin: { electron: 'cli.js', 'install-electron': 'install.js' } }));
  put('node_modules/electron/install.js', '');
  if (binary) {
    put('node_modules/electron/path.txt', binary);
    put(join('node_modules/electron/dist', binary), '');
    chmodSync(join(dir, 'node_modules/electron/dist', binary), 0o755);
  }
  return dir;
}

interface Spawned { command: string; args: readonly string[]; options: Record<string, unknown> }

/** Runs start() against fakes: records every spawn; children exit with `exitCode` (the installer with 1 and a fetch error). */
async function recordStart(platform: string, binary: string | null, argv: string[] = [], env: Record<string, string> = { DISPLAY: ':0' }): Promise<{ code: number; sync: Spawned[]; async: Spawned[]; out: string[]; root: string; execPath: string }> {
  const root = fakeProject(binary);
  const execPath = platform === 'win32' ? 'C:\\Program Files\\nodejs\\node.exe' : '/opt/node/bin/node';
  const sync: Spawned[] = [];
  const async: Spawned[] = [];
  const out: string[] = [];
  const fakeChild = (installer: boolean) => {
    const c = Object.assign(new EventEmitter(), { stdout: new EventEmitter(), stderr: new EventEmitter(), kill: () => true });
    setTimeout(() => {
      if (installer) c.stderr.emit('data', Buffer.from('TypeError: fetch failed\n    at node:internal/deps/undici'));
      c.emit('exit', installer ? 1 : 0, null);
    }, 5);
    return c;
  };
  const code = await start({
    root, argv, platform, execPath, env,
    spawnSync: ((command: string, args: readonly string[], options: Record<string, unknown>) => { sync.push({ command, args, options }); return { status: 0 }; }) as never,
    spawn: ((command: string, args: readonly string[], options: Record<string, unknown>) => {
      async.push({ command, args, options });
      return fakeChild(args[0]?.endsWith('install.js') === true);
    }) as never,
    out: (l) => { out.push(l); }, err: (l) => { out.push(l); }, stderr: { write: () => true },
  });
  return { code, sync, async, out, root, execPath };
}

function expectNoShellNoBatch(spawned: Spawned[]): void {
  for (const s of spawned) {
    expect(s.command).not.toMatch(/\.(cmd|bat)$|^npm$|^npx$/i);
    expect(s.options.shell).toBeUndefined();
  }
}

describe('what npm start spawns on each platform', () => {
  it('Windows with Electron downloaded: vite through node.exe (no npm, no .cmd, no shell), then electron.exe on the project', async () => {
    const r = await recordStart('win32', 'electron.exe');
    expect(r.code).toBe(0);
    const vite = join(r.root, 'node_modules', 'vite', 'bin', 'vite.js');
    expect(r.sync.map((s) => [s.command, ...s.args])).toEqual([
      [r.execPath, vite, 'build', '--logLevel', 'error'],
      [r.execPath, vite, 'build', '-c', join(r.root, 'electron', 'vite.config.ts'), '--mode', 'main', '--logLevel', 'error'],
      [r.execPath, vite, 'build', '-c', join(r.root, 'electron', 'vite.config.ts'), '--mode', 'preload', '--logLevel', 'error'],
      [r.execPath, vite, 'build', '-c', join(r.root, 'electron', 'vite.config.ts'), '--mode', 'file-worker', '--logLevel', 'error'],
    ]);
    expect(r.async.map((s) => [s.command, ...s.args])).toEqual([[join(r.root, 'node_modules', 'electron', 'dist', 'electron.exe'), r.root]]);
    expectNoShellNoBatch([...r.sync, ...r.async]);
  });

  it('Windows without the binary: Electron\'s installer (install.js) through node.exe, then, as the download failed, the browser host through node.exe', async () => {
    const r = await recordStart('win32', null);
    expect(r.code).toBe(0);
    expect(r.async.map((s) => [s.command, ...s.args])).toEqual([
      [r.execPath, join(r.root, 'node_modules', 'electron', 'install.js')],
      [r.execPath, join(r.root, 'dist', 'host', 'host-main.mjs')],
    ]);
    expect(r.sync.at(-1)!.args.slice(1, 3)).toEqual(['build', '-c']);
    expect(r.sync.at(-1)!.args[3]).toBe(join(r.root, 'core', 'vite.config.ts'));
    expect(r.out.filter((l) => l.startsWith('Loslaten: Electron could not be downloaded (cannot reach github.com'))).toHaveLength(1);
    expectNoShellNoBatch([...r.sync, ...r.async]);
  });

  it('Linux without a display (SSH): no download, straight to the browser host with the reason', async () => {
    const r = await recordStart('linux', null, [], {});
    expect(r.async.map((s) => [s.command, ...s.args])).toEqual([[r.execPath, join(r.root, 'dist', 'host', 'host-main.mjs')]]);
    expect(r.out).toContain('Loslaten: the desktop window cannot open here (no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set)); serving the same app to your browser instead.');
  });

  it('macOS: the binary inside Electron.app, needing no DISPLAY; --web and file arguments pass through', async () => {
    const mac = await recordStart('darwin', 'Electron.app/Contents/MacOS/Electron', ['/Users/a/rec.edf']);
    expect(mac.async.map((s) => [s.command, ...s.args])).toEqual([[join(mac.root, 'node_modules', 'electron', 'dist', 'Electron.app', 'Contents', 'MacOS', 'Electron'), mac.root, '/Users/a/rec.edf']]);
    const web = await recordStart('win32', 'electron.exe', ['--web', '--port', '8123']);
    expect(web.async.map((s) => [s.command, ...s.args])).toEqual([[web.execPath, join(web.root, 'dist', 'host', 'host-main.mjs'), '--port', '8123']]);
    expectNoShellNoBatch([...mac.sync, ...mac.async, ...web.sync, ...web.async]);
  });
});
