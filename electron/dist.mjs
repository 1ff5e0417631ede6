#!/usr/bin/env node
// `npm run dist`: packages the desktop app for this machine's platform with electron-builder (electron-builder.yml).
// It needs the Electron binary in node_modules/electron/dist (electron-builder packs that one): when it was never
// downloaded, Electron's own installer fetches it first (same mirror settings as `npm start`); when that fails it stops
// with one clear message and exit code 1. Every tool runs as `process.execPath <its JS entry>`: no npm, no .cmd.
import { spawnSync as nodeSpawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCommands, isEntryScript, toolCommand } from '../scripts/node-tools.mjs';
import { downloadElectron, electronBinaryStatus } from './launcher.mjs';

const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PLATFORM_FLAG = { linux: '--linux', win32: '--win', darwin: '--mac' };

/**
 * What `npm run dist` runs on `platform`, in order, or why it cannot.
 * @param {{ root?: string, platform?: string, execPath?: string, env?: NodeJS.ProcessEnv, args?: string[] }} [o]
 * @returns {{ ok: true, commands: { command: string, args: string[] }[] }
 *   | { ok: false, reason: 'platform' | 'missing-binary' | 'no-builder', message: string }}
 */
export function distPlan(o = {}) {
  const root = o.root ?? defaultRoot;
  const platform = o.platform ?? process.platform;
  const execPath = o.execPath ?? process.execPath;
  const flag = PLATFORM_FLAG[platform];
  if (!flag) return { ok: false, reason: 'platform', message: `packaging on ${platform} is not configured (Linux, Windows and macOS are).` };
  const st = electronBinaryStatus({ root, env: o.env, platform, needDisplay: false });
  if (!st.ok) {
    return { ok: false, reason: 'missing-binary', message: `cannot package: ${st.message}. electron-builder packs that binary into the app, and it could not be `
      + 'downloaded here. On a machine with internet access run `npx install-electron`, then `npm run dist` again.' };
  }
  if (!existsSync(join(root, 'node_modules', 'electron-builder', 'package.json'))) {
    return { ok: false, reason: 'no-builder', message: 'electron-builder is not installed: run `npm install --save-dev electron-builder`, then `npm run dist` again.' };
  }
  const b = buildCommands(root, execPath);
  // The renderer, the shell (main, preload and the file worker main hands imports to), then only this platform's
  // targets: cross-building needs other platforms' Electron builds and tools.
  const builder = toolCommand(root, 'electron-builder', ['--config', 'electron-builder.yml', flag, '--publish', 'never', ...(o.args ?? [])], { execPath });
  return { ok: true, commands: [b.renderer, b.electronMain, b.electronPreload, b.electronFileWorker, builder] };
}

async function main() {
  const fail = (message) => { console.error(`npm run dist: ${message}`); process.exit(1); };
  const args = process.argv.slice(2);
  let plan = distPlan({ args });
  if (!plan.ok && plan.reason === 'missing-binary' && existsSync(join(defaultRoot, 'node_modules', 'electron', 'package.json'))) {
    const got = await downloadElectron({ root: defaultRoot, what: ' to pack into the app' });
    if (!got.ok) fail(`cannot package: Electron could not be downloaded (${got.message}). On a machine with internet access run \`npx install-electron\`, then \`npm run dist\` again.`);
    plan = distPlan({ args });
  }
  if (!plan.ok) fail(plan.message);
  for (const c of plan.commands) {
    const r = nodeSpawnSync(c.command, c.args, { cwd: defaultRoot, stdio: 'inherit' });
    if (r.status !== 0) fail(`\`${[c.args[0]?.split(/[\\/]/).slice(-3).join('/'), ...c.args.slice(1)].join(' ')}\` failed (see above).`);
  }
  console.log(`npm run dist: packages written to ${join(defaultRoot, 'release')}`);
}

if (isEntryScript(import.meta.url)) await main();
