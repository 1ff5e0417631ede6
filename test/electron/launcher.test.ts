// electronBinaryStatus: finds the Electron binary without loading the 'electron' package, and checks for a display.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinaryStatus as status, electronPlatformPath } from '../../electron/launcher.mjs';
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
