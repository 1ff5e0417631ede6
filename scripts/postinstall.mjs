#!/usr/bin/env node
// `npm install` / `npm ci` (postinstall): downloads the Electron binary with Electron's own installer, so the first
// `npm start` opens the window at once. It never fails the install: offline, behind a firewall or with
// ELECTRON_SKIP_BINARY_DOWNLOAD set it prints one warning line and exits 0 (the download is cancelled after
// LOSLATEN_DOWNLOAD_STALL_MS, default 20 s, without data), and `npm start` tries again later.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.log('loslaten: ELECTRON_SKIP_BINARY_DOWNLOAD is set; Electron is downloaded on the first npm start instead.');
    return;
  }
  if (!existsSync(join(root, 'node_modules', 'electron', 'package.json'))) return; // installed without dev dependencies
  const { downloadElectron, electronBinaryStatus } = await import('../electron/launcher.mjs');
  if (electronBinaryStatus({ root, needDisplay: false }).ok) return;
  const stallMs = Number(process.env.LOSLATEN_DOWNLOAD_STALL_MS) > 0 ? Number(process.env.LOSLATEN_DOWNLOAD_STALL_MS) : 20_000;
  const r = await downloadElectron({ root, stallMs, what: ' for the desktop window (about 100 MB)' });
  if (!r.ok) console.warn(`loslaten: Electron was not downloaded (${r.message}); npm start will try again, and serves the app to your browser meanwhile.`);
}

try {
  await main();
} catch (e) {
  console.warn(`loslaten: Electron was not downloaded (${e instanceof Error ? e.message : String(e)}); npm start will try again.`);
}
process.exitCode = 0;
