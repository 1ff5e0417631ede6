#!/usr/bin/env node
// `npm start` / `npm run web`: builds the UI if needed, then runs the desktop app, or serves it to a browser on
// 127.0.0.1 when Electron cannot start here (no binary, no display) or when --web is given.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const wantWeb = process.argv.includes('--web');
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function ensureRendererBuilt() {
  const index = join(root, 'dist', 'renderer', 'index.html');
  const stale = !existsSync(index) || statSync(index).mtimeMs < Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'api')));
  if (!stale) return;
  console.log('Loslaten: building the user interface…');
  const r = spawnSync(bin('vite'), ['build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) { console.error('Loslaten: building the user interface failed (see above).'); process.exit(1); }
}

async function electronStatus() {
  const launcher = join(root, 'electron', 'launcher.mjs');
  if (!existsSync(launcher)) return { ok: false, message: 'the Electron shell is not part of this build' };
  const { electronBinaryStatus } = await import(launcher);
  return electronBinaryStatus();
}

/** Source folders the host bundle is made from: a change in any of them rebuilds it. */
const HOST_SOURCES = ['core', 'api', 'firmware-protocol', 'sessions', 'dsp', 'training'];

function ensureHostBuilt() {
  const bundle = join(root, 'dist', 'host', 'host-main.mjs');
  const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(...HOST_SOURCES.map((d) => newestMtime(join(root, d))));
  if (!stale) return;
  const r = spawnSync(bin('vite'), ['build', '-c', join(root, 'core', 'vite.config.ts'), '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) { console.error('Loslaten: building the app core failed (see above).'); process.exit(1); }
}

function runWeb() {
  ensureHostBuilt();
  const child = spawn(process.execPath, [join(root, 'dist', 'host', 'host-main.mjs'), ...process.argv.slice(2).filter((a) => a !== '--web')], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

ensureRendererBuilt();
if (wantWeb) runWeb();
else {
  const st = await electronStatus();
  if (!st.ok) {
    console.log(`Loslaten: the desktop window cannot open here (${st.message}); serving the same app to your browser instead.`);
    runWeb();
  } else {
    const b = spawnSync('npm', ['run', '-s', 'build:electron'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) { console.error('Loslaten: building the Electron shell failed (see above).'); process.exit(1); }
    const child = spawn(st.path, [root], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}
