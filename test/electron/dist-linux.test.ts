// `npm run dist` on Linux in a fresh clone, from the stand-in Electron release on 127.0.0.1: it downloads the binary
// itself, builds the unpacked app (`dir`) with the real electron-builder, and hands the deb target to fpm with the
// homepage, maintainer, udev rule and AppArmor install script. fpm itself cannot be had here (electron-builder fetches
// it from GitHub; Debian 12 has no fpm package and rubygems.org is unreachable), so a stand-in records what
// electron-builder asks of it. The AppImage target needs appimagetool from GitHub as well and is not built here.
// One `npm run dist` builds the deb: electron-builder lays out the unpacked app (release/linux-unpacked, what
// `--dir` stops at) and then hands it to fpm, so the tests below read both from that single run (a second full build
// for `--dir` alone took 20-25 s and proved nothing more; distPlan passing `--dir` on is test/electron/packaging.test.ts).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUSE_SENTINEL, freshClone, mirrorEnv, startElectronMirror, type ElectronMirror } from '../helpers/electron-mirror.ts';
import { ROOT, tempDir } from '../helpers/pty.ts';

const asar = createRequire(join(ROOT, 'package.json'))('@electron/asar') as { listPackage(file: string): string[]; extractFile(archive: string, file: string): Buffer };

interface Run { readonly code: number | null; readonly out: string; readonly ms: number }
function runDist(clone: string, env: NodeJS.ProcessEnv, args: string[]): Promise<Run> {
  const t0 = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(clone, 'electron', 'dist.mjs'), ...args], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => { out += String(b); });
    child.stderr.on('data', (b) => { out += String(b); });
    child.on('exit', (code) => { done({ code, out, ms: Date.now() - t0 }); });
  });
}

/** A stand-in fpm that records its arguments, the desktop file and the after-install script, and writes the package. */
function standInFpm(record: string): string {
  const fpm = join(tempDir('loslaten-fpm-bin-'), 'fpm');
  writeFileSync(fpm, `#!${process.execPath}\nconst fs = require('node:fs'); const a = process.argv.slice(2);\n`
    + "const desktop = a.find((x) => x.endsWith('=/usr/share/applications/loslaten.desktop')).split('=')[0];\n"
    + `fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: a, desktop: fs.readFileSync(desktop, 'utf8'), afterInstall: fs.readFileSync(a[a.indexOf('--after-install') + 1], 'utf8') }));\n`
    + "fs.writeFileSync(a[a.indexOf('--package') + 1], 'stand-in deb');\n");
  chmodSync(fpm, 0o755);
  return fpm;
}

let mirror: ElectronMirror;
let clone: string;
let dist: Run;
let fpmRecord: string;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; homepage: string; author: { name: string; email: string } };

beforeAll(async () => {
  mirror = await startElectronMirror('ok');
  clone = freshClone({ copyProduction: true });
  fpmRecord = join(tempDir('loslaten-fpm-'), 'args.json');
  const env = { ...mirrorEnv(mirror), ELECTRON_BUILDER_CACHE: tempDir('loslaten-builder-cache-'), CSC_IDENTITY_AUTO_DISCOVERY: 'false', CUSTOM_FPM_PATH: standInFpm(fpmRecord) };
  dist = await runDist(clone, env, ['-c.linux.target=deb']);
}, 240_000);
afterAll(async () => { await mirror?.close(); });

describe('npm run dist (Linux)', () => {
  it('downloads Electron from the mirror when missing, then builds the unpacked app', () => {
    expect(dist.out).toMatch(/Loslaten: downloading Electron [\d.]+ from 127\.0\.0\.1:\d+ to pack into the app…/);
    expect(dist.code, dist.out).toBe(0);
    expect(mirror.requests.filter((p) => p.endsWith(mirror.zipName))).toHaveLength(1);
    expect(statSync(join(clone, 'release', 'linux-unpacked', 'resources', 'app.asar')).isFile()).toBe(true);
    console.log(`npm run dist (deb) took ${dist.ms} ms`);
  });

  it('the app.asar holds the UI, the shell and package.json, nothing of the sources; serialport\'s native binding is unpacked', () => {
    const out = join(clone, 'release', 'linux-unpacked');
    const archive = join(out, 'resources', 'app.asar');
    const files = asar.listPackage(archive).map((f) => f.replaceAll('\\', '/'));
    for (const f of ['/package.json', '/dist/renderer/index.html', '/dist-electron/main.cjs', '/dist-electron/preload.cjs', '/dist-electron/file-worker.cjs', '/node_modules/serialport/package.json', '/node_modules/@serialport/bindings-cpp/package.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => f.startsWith('/dist/renderer/assets/') && f.endsWith('.js'))).toBe(true);
    expect(files.filter((f) => /^\/(electron|core|api|renderer|sessions|test|scripts|dsp|training|firmware-protocol)\//.test(f))).toEqual([]);
    expect(files.filter((f) => !f.startsWith('/node_modules/') && (f.endsWith('.map') || f.endsWith('.ts')))).toEqual([]);
    const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(packed.main).toBe('dist-electron/main.cjs');
    const binding = join(out, 'resources', 'app.asar.unpacked', 'node_modules', '@serialport', 'bindings-cpp', 'prebuilds', `linux-${process.arch}`);
    expect(readdirSync(binding).filter((f) => f.endsWith('.node')).length).toBeGreaterThan(0);
    // The executable is the stand-in renamed to the app's name, with the security fuses flipped in it.
    const exe = readFileSync(join(out, 'loslaten'));
    const at = exe.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    expect(exe[at]).toBe(1);
    // RunAsNode, cookie encryption, NODE_OPTIONS, --inspect, asar integrity, asar only, V8 snapshot, file:// privileges.
    expect(exe.subarray(at + 2, at + 10).toString('latin1')).toBe('01001100');
    expect(statSync(join(out, 'loslaten')).mode & 0o111).not.toBe(0);
  });

  it('deb: electron-builder gives fpm the homepage and maintainer from package.json, the udev rule and the AppArmor install step', () => {
    expect(dist.code, dist.out).toBe(0);
    const { args, afterInstall, desktop } = JSON.parse(readFileSync(fpmRecord, 'utf8')) as { args: string[]; afterInstall: string; desktop: string };
    const opt = (name: string): string | undefined => args[args.indexOf(name) + 1];
    expect(opt('-t')).toBe('deb');
    expect(opt('--url')).toBe(pkg.homepage);
    expect(opt('--maintainer')).toBe(`${pkg.author.name} <${pkg.author.email}>`);
    expect(opt('--name')).toBe('loslaten');
    // fpm runs in the project folder: the rule's source is relative to it.
    expect(args).toContain('electron/packaging/60-loslaten-serial.rules=/usr/lib/udev/rules.d/60-loslaten-serial.rules');
    expect(existsSync(join(clone, 'electron/packaging/60-loslaten-serial.rules'))).toBe(true);
    // The desktop file hands recordings over as %U (file:// URLs, which main accepts) and claims the EDF/BDF types.
    expect(desktop).toMatch(/^Exec=\/opt\/Loslaten\/loslaten %U$/m);
    expect(desktop).toMatch(/^MimeType=application\/x-edf;application\/x-bdf;$/m);
    // Ubuntu 24.04: the package installs an AppArmor profile that lets /opt/Loslaten/loslaten use user namespaces.
    expect(afterInstall).toContain("APPARMOR_PROFILE_TARGET='/etc/apparmor.d/loslaten'");
    const profile = readFileSync(join(clone, 'release', 'linux-unpacked', 'resources', 'apparmor-profile'), 'utf8');
    expect(profile).toMatch(/profile "loslaten" "\/opt\/Loslaten\/loslaten" flags=\(unconfined\) \{\s+userns,/);
    expect(opt('--package')).toMatch(new RegExp(`/release/loslaten_${pkg.version.replaceAll('.', '\\.')}_(amd64|arm64)\\.deb$`));
    expect(existsSync(opt('--package')!)).toBe(true);
  });
});
