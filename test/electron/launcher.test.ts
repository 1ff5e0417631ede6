// electronBinaryStatus: finds the Electron binary without loading the 'electron' package, and checks for a display.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { downloadElectron, downloadFailureReason, electronBinaryStatus as status, electronMirror, electronPlatformPath, sandboxAdvice, SANDBOX_FAILURE } from '../../electron/launcher.mjs';
import { freshClone, mirrorEnv, SANDBOX_MESSAGE, type ElectronMirror } from '../helpers/electron-mirror.ts';
const root = resolve(import.meta.dirname, '../..');

function fakeProject(opts: { pkg?: boolean; pathTxt?: string; binary?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'loslaten-launcher-'));
  const pkg = join(dir, 'node_modules', 'electron');
  if (opts.pkg !== false) {
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"electron","version":"45.4.1"}');
    // A trap: importing the package would throw, so a passing test proves it was never loaded.
    writeFileSync(join(pkg, 'index.js'), 'throw new Error("electron index.js must not be loaded")');
  }
  if (opts.pathTxt !== undefined) writeFileSync(join(pkg, 'path.txt'), opts.pathTxt);
  if (opts.binary) {
    const bin = join(pkg, 'dist', opts.binary);
    mkdirSync(join(bin, '..'), { recursive: true });
    writeFileSync(bin, '#!/bin/sh\n');
    chmodSync(bin, 0o755);
  }
  return dir;
}

describe('electronBinaryStatus', () => {
  it('reports a missing package, a never-downloaded binary and a path.txt pointing at nothing as missing-binary', () => {
    for (const dir of [fakeProject({ pkg: false }), fakeProject(), fakeProject({ pathTxt: 'electron' })]) {
      const s = status({ root: dir, env: { DISPLAY: ':0' }, platform: 'linux' });
      expect(s.ok).toBe(false);
      if (!s.ok) {
        expect(s.reason).toBe('missing-binary');
        expect(s.message.length).toBeGreaterThan(10);
      }
    }
  });

  it('finds the binary named in path.txt, but on Linux only with DISPLAY or WAYLAND_DISPLAY', () => {
    const dir = fakeProject({ pathTxt: 'electron', binary: 'electron' });
    const none = status({ root: dir, env: {}, platform: 'linux' });
    expect(none).toMatchObject({ ok: false, reason: 'no-display' });
    for (const env of [{ DISPLAY: ':99' }, { WAYLAND_DISPLAY: 'wayland-0' }]) {
      expect(status({ root: dir, env, platform: 'linux' })).toEqual({ ok: true, path: join(dir, 'node_modules', 'electron', 'dist', 'electron') });
    }
    expect(status({ root: dir, env: {}, platform: 'linux', needDisplay: false }).ok).toBe(true);
  });

  it('uses the platform default path without path.txt, and needs no DISPLAY on macOS or Windows', () => {
    expect(electronPlatformPath('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
    expect(electronPlatformPath('win32')).toBe('electron.exe');
    const mac = fakeProject({ binary: 'Electron.app/Contents/MacOS/Electron' });
    expect(status({ root: mac, env: {}, platform: 'darwin' }).ok).toBe(true);
    const win = fakeProject({ binary: 'electron.exe' });
    expect(status({ root: win, env: {}, platform: 'win32' }).ok).toBe(true);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const other = fakeProject({ binary: 'electron' });
    const dir = fakeProject({ pathTxt: 'electron' });
    const env = { DISPLAY: ':0', ELECTRON_OVERRIDE_DIST_PATH: join(other, 'node_modules', 'electron', 'dist') };
    expect(status({ root: dir, env, platform: 'linux' })).toEqual({ ok: true, path: join(other, 'node_modules', 'electron', 'dist', 'electron') });
  });

  it('never loads the electron package (its index.js would try to download)', () => {
    const src = readFileSync(join(root, 'electron', 'launcher.mjs'), 'utf8');
    expect(src).not.toMatch(/from ['"]electron['"]|require\(['"]electron['"]\)|import\(['"]electron['"]\)/);
    const real = status({ root });
    expect(typeof real.ok).toBe('boolean');
  });
});

describe('downloading Electron', () => {
  it('names the reason in one line: unreachable host, HTTP status, checksum, permissions, a stall', () => {
    const base = { code: 1, signal: null, stalledMs: null, mirror: 'https://github.com/electron/electron/releases/download/' };
    expect(downloadFailureReason({ ...base, stderr: 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13' }))
      .toBe('cannot reach github.com (no internet connection, or a proxy or firewall in the way)');
    expect(downloadFailureReason({ ...base, stderr: 'HTTPError: Response code 403 (Forbidden) for https://x.test/v45/e.zip\n    at …' }))
      .toBe('github.com answered 403 Forbidden for https://x.test/v45/e.zip');
    expect(downloadFailureReason({ ...base, stderr: 'Error: Generated checksum for "electron.zip" did not match expected checksum.' })).toMatch(/did not match Electron's published checksum/);
    expect(downloadFailureReason({ ...base, stderr: "Error: EACCES: permission denied, mkdir '/usr/lib/node_modules/electron/dist'" })).toBe('no permission to write node_modules/electron');
    expect(downloadFailureReason({ ...base, stderr: '', stalledMs: 20_400 })).toBe('the download from github.com stalled (no data for 20 s)');
    expect(downloadFailureReason({ ...base, stderr: 'Error: something new\n    at x' })).toBe("Electron's installer failed: Error: something new");
  });

  it('reads the mirror from the same variables as @electron/get, npm config first', () => {
    expect(electronMirror({})).toBe('https://github.com/electron/electron/releases/download/');
    expect(electronMirror({ ELECTRON_MIRROR: 'https://a.test/' })).toBe('https://a.test/');
    expect(electronMirror({ ELECTRON_MIRROR: 'https://a.test/', npm_config_electron_mirror: 'https://b.test/' })).toBe('https://b.test/');
  });

  it('gives up on a mirror that accepts the connection but sends nothing, after the stall time', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => { sockets.push(s); });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/`;
    const clone = freshClone();
    const lines: string[] = [];
    const t0 = Date.now();
    const r = await downloadElectron({ root: clone, env: mirrorEnv({ url } as ElectronMirror), stallMs: 1500, pollMs: 100, log: (l) => { lines.push(l); }, progress: null });
    const ms = Date.now() - t0;
    for (const s of sockets) s.destroy();
    silent.close();
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/^the download from 127\.0\.0\.1:\d+ stalled \(no data for 2 s\)$/) });
    expect(ms).toBeLessThan(8000);
    expect(lines).toHaveLength(1);
    expect(status({ root: clone, env: {}, needDisplay: false }).ok).toBe(false);
  }, 30_000);
});

describe('a sandbox Linux refused', () => {
  it('is recognised in Chromium\'s words (both forms), not in other errors', () => {
    expect(SANDBOX_FAILURE.test(SANDBOX_MESSAGE)).toBe(true);
    expect(SANDBOX_FAILURE.test('[5:FATAL:zygote_host_impl_linux.cc(127)] No usable sandbox! Update your kernel or see https://chromium.googlesource.com/…')).toBe(true);
    expect(SANDBOX_FAILURE.test('[5:ERROR:gpu_init.cc] Passthrough is not supported, GL is disabled')).toBe(false);
  });

  it('is answered with the exact commands for this copy\'s chrome-sandbox, shell-quoted, and never with --no-sandbox', () => {
    const advice = sandboxAdvice("/home/an'na/loslaten/node_modules/electron/dist/electron");
    const helper = "'/home/an'\\''na/loslaten/node_modules/electron/dist/chrome-sandbox'";
    expect(advice).toContain(`sudo chown root:root ${helper} && sudo chmod 4755 ${helper}`);
    expect(advice).not.toContain('\n');
    expect(advice).not.toMatch(/no-sandbox|disable/i);
  });
});

describe('README and the launcher agree', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  it('the Ubuntu section the sandbox line points to exists and gives the same commands; engines are quoted as in package.json', () => {
    expect(sandboxAdvice('/x/node_modules/electron/dist/electron')).toContain('section "Ubuntu"');
    expect(readme).toMatch(/^#### Ubuntu$/m);
    expect(readme).toContain('sudo chown root:root node_modules/electron/dist/chrome-sandbox\nsudo chmod 4755 node_modules/electron/dist/chrome-sandbox');
    const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(readme).toContain(`"engines": { "node": "${engines}" }`);
    for (const os of ['### Linux', '### macOS', '### Windows']) expect(readme).toContain(os);
  });
});
