#!/usr/bin/env node
// `npm run dist`: packages the desktop app for this machine's platform with electron-builder (electron-builder.yml),
// after checking that the Electron binary exists; otherwise it stops with one clear message and exit code 1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryStatus } from './launcher.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const PLATFORM_FLAG = { linux: '--linux', win32: '--win', darwin: '--mac' };

function fail(message) {
  console.error(`npm run dist: ${message}`);
  process.exit(1);
}

const flag = PLATFORM_FLAG[process.platform];
if (!flag) fail(`packaging on ${process.platform} is not configured (Linux, Windows and macOS are).`);

const st = electronBinaryStatus({ root, needDisplay: false });
if (!st.ok) {
  fail(`cannot package: ${st.message}. electron-builder packs that binary into the app, and it could not be ` +
    'downloaded here. On a machine with internet access run `npx install-electron`, then `npm run dist` again.');
}
if (!existsSync(join(root, 'node_modules', 'electron-builder', 'package.json'))) {
  fail('electron-builder is not installed: run `npm install --save-dev electron-builder`, then `npm run dist` again.');
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail(`\`${[cmd.split(/[\\/]/).pop(), ...args].join(' ')}\` failed (see above).`);
}

run(bin('vite'), ['build', '--logLevel', 'error']);
run('npm', ['run', '-s', 'build:electron']);
// Only this platform's targets: cross-building needs other platforms' Electron builds and tools.
run(bin('electron-builder'), ['--config', 'electron-builder.yml', flag, '--publish', 'never', ...process.argv.slice(2)]);
console.log(`npm run dist: packages written to ${join(root, 'release')}`);
