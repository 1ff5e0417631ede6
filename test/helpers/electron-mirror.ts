// A stand-in Electron release on 127.0.0.1: the zip @electron/get downloads (with an executable that records how it
// was started and exits) and the mirror's SHASUMS256.txt, plus a "fresh clone" of the project whose
// node_modules/electron has no binary yet. Used by the first-launch and packaging tests; nothing here leaves the machine.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { tempDir } from './pty.ts';

const root = resolve(import.meta.dirname, '../..');

/** The Electron version the project installs (node_modules/electron/package.json). */
export const ELECTRON_VERSION: string = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

/** What the real binary carries for @electron/fuses: sentinel, wire version 1, 8 fuses, all "inherit from build" ('1'/'0'). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const STAND_IN_FUSES = `${FUSE_SENTINEL}\x01\x0811111111`;

/** Chromium's words when Linux refuses its sandbox (Ubuntu 24.04, chrome-sandbox not root-owned 4755). */
export const SANDBOX_MESSAGE = '[1234:FATAL:setuid_sandbox_host.cc(163)] The SUID sandbox helper binary was found, but is not configured correctly. '
  + 'Rather than run without sandboxing I\'m aborting now. You need to make sure that /x/chrome-sandbox is owned by root and has mode 4755.';

export interface ZipEntry { readonly name: string; readonly data: Buffer | string; readonly mode?: number }

/** A zip with stored (uncompressed) entries and Unix modes, as Electron's release zips keep the executable bit. */
export function storedZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(0, 8);
    local.writeUInt16LE(0, 10); local.writeUInt16LE(0x21, 12); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(name.length, 26); local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE((3 << 8) | 20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10); central.writeUInt16LE(0, 12); central.writeUInt16LE(0x21, 14); central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((((e.mode ?? 0o644) | 0o100000) << 16) >>> 0, 38); central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export type StandInKind = 'ok' | 'sandbox';

/**
 * The stand-in `electron` executable: a Node script that appends one JSON line to $LOSLATEN_STANDIN_RECORD (its
 * arguments, working folder, the app's "main" and whether that file exists, selected environment), then exits 0;
 * or, as `sandbox`, prints Chromium's sandbox refusal and dies of SIGTRAP as Chromium's FATAL does.
 */
export function standInElectronScript(kind: StandInKind): string {
  return [
    `#!${process.execPath}`,
    `// ${STAND_IN_FUSES}`,
    "const fs = require('node:fs'); const path = require('node:path');",
    'const appDir = process.argv[2] ?? "";',
    'let main = null; try { main = JSON.parse(fs.readFileSync(path.join(appDir, "package.json"), "utf8")).main; } catch {}',
    'const env = {}; for (const k of ["DISPLAY", "ELECTRON_RUN_AS_NODE", "LOSLATEN_DATA_DIR"]) env[k] = process.env[k] ?? null;',
    'fs.appendFileSync(process.env.LOSLATEN_STANDIN_RECORD, JSON.stringify({ kind: ' + JSON.stringify(kind) + ', argv: process.argv.slice(2), cwd: process.cwd(), main, mainExists: main !== null && fs.existsSync(path.join(appDir, main)), env }) + "\\n");',
    kind === 'sandbox' ? `process.stderr.write(${JSON.stringify(SANDBOX_MESSAGE + '\n')}); process.kill(process.pid, 'SIGTRAP');` : 'process.exit(0);',
    '',
  ].join('\n');
}

/** The release zip: what Electron's Linux zip holds that the launcher and electron-builder look at. */
export function standInElectronZip(kind: StandInKind): Buffer {
  return storedZip([
    { name: 'electron', data: standInElectronScript(kind), mode: 0o755 },
    { name: 'chrome-sandbox', data: '#!/bin/sh\nexit 1\n', mode: 0o755 },
    { name: 'version', data: ELECTRON_VERSION },
    { name: 'LICENSE', data: 'stand-in\n' },
    { name: 'LICENSES.chromium.html', data: '<!doctype html><title>stand-in</title>\n' },
  ]);
}

export interface ElectronMirror {
  /** Base URL for ELECTRON_MIRROR (ends with a slash). */
  readonly url: string;
  /** Paths requested so far. */
  readonly requests: string[];
  /** The zip's file name on the mirror. */
  readonly zipName: string;
  /** Serve this kind of stand-in from now on. */
  serve(kind: StandInKind): void;
  close(): Promise<void>;
}

/** Serves `<version>/electron-<version>-linux-<arch>.zip` and `<version>/SHASUMS256.txt` on 127.0.0.1 (random port). */
export async function startElectronMirror(kind: StandInKind = 'ok'): Promise<ElectronMirror> {
  const v = `v${ELECTRON_VERSION}`;
  const zipName = `electron-${v}-linux-${process.arch}.zip`;
  let zip = standInElectronZip(kind);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    if (path === `/${v}/${zipName}`) {
      res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': zip.length });
      res.end(zip);
    } else if (path === `/${v}/SHASUMS256.txt`) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    zipName,
    serve(k) { zip = standInElectronZip(k); },
    close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}

/**
 * A fresh copy of the project as `git clone` would give it (tracked and new files, no dist/, no release/) whose
 * node_modules links every installed package except `electron`, which is a copy of the npm package without its
 * binary (no dist/, no path.txt): exactly what `npm ci` leaves since Electron 45.
 */
/** The packages the app needs at run time: package.json "dependencies" and theirs, found in a flat node_modules. */
export function productionPackages(modules: string, pkgJson = join(root, 'package.json')): string[] {
  const seen = new Set<string>();
  const visit = (manifest: string): void => {
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const name of Object.keys({ ...m.dependencies, ...m.optionalDependencies })) {
      if (seen.has(name)) continue;
      const own = join(modules, name, 'package.json');
      try { readFileSync(own); } catch { continue; } // an optional dependency for another OS
      seen.add(name);
      visit(own);
    }
  };
  visit(pkgJson);
  return [...seen].sort();
}

/**
 * @param opts.copyProduction copy the run-time packages instead of linking them (electron-builder follows no links
 *   when it collects what goes into the app, as after a real `npm ci`).
 */
export function freshClone(opts: { copyProduction?: boolean } = {}): string {
  const clone = tempDir('loslaten-clone-');
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    const from = join(root, f);
    const to = join(clone, f);
    mkdirSync(dirname(to), { recursive: true });
    try { copyFileSync(from, to); } catch { /* deleted in the work tree but still tracked */ }
  }
  const realModules = realpathSync(join(root, 'node_modules'));
  const modules = join(clone, 'node_modules');
  mkdirSync(modules);
  const copied = new Set(opts.copyProduction ? productionPackages(realModules) : []);
  for (const name of copied) cpSync(join(realModules, name), join(modules, name), { recursive: true, dereference: true });
  const scopesCopied = new Set([...copied].filter((n) => n.startsWith('@')).map((n) => n.split('/')[0]!));
  for (const name of readdirSync(realModules)) {
    if (name === 'electron' || name === '.bin') continue;
    if (scopesCopied.has(name)) {
      // A scope with some packages copied: link the others one by one.
      for (const sub of readdirSync(join(realModules, name))) {
        if (!copied.has(`${name}/${sub}`)) symlinkSync(join(realModules, name, sub), join(modules, name, sub));
      }
      continue;
    }
    if (!copied.has(name)) symlinkSync(join(realModules, name), join(modules, name));
  }
  const electron = join(realModules, 'electron');
  cpSync(electron, join(modules, 'electron'), {
    recursive: true,
    filter: (src) => !['dist', 'path.txt'].includes(src.slice(electron.length + 1).split(/[\\/]/)[0] ?? ''),
  });
  return clone;
}

/** Environment for a child run in a clone: the mirror, remote checksums, a private cache and data folder, a display. */
export function mirrorEnv(mirror: ElectronMirror, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // The caller's own Electron settings (an npm config, an override) must not leak into the test.
    if (/^(npm_config_electron|npm_package_config_electron|electron_|ELECTRON_)/i.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    ELECTRON_MIRROR: mirror.url,
    electron_use_remote_checksums: '1',
    electron_config_cache: tempDir('loslaten-electron-cache-'),
    DISPLAY: ':99',
    LOSLATEN_DATA_DIR: tempDir('loslaten-data-'),
    LOSLATEN_STANDIN_RECORD: join(tempDir('loslaten-standin-'), 'runs.jsonl'),
    ...extra,
  };
}
