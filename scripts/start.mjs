#!/usr/bin/env node
// `npm start` / `npm run web`: builds what changed, then runs the desktop app; downloads Electron first when it was
// never downloaded, and serves the same app to a browser on 127.0.0.1 when no window can open here (the download
// failed, no display, Linux refused Electron's sandbox) or when --web is given. Every tool runs as
// `process.execPath <its JS entry>` (scripts/node-tools.mjs): no npm, no .cmd, no shell, on every OS.
import { spawn as nodeSpawn, spawnSync as nodeSpawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadElectron, electronBinaryStatus, sandboxAdvice, SANDBOX_FAILURE } from '../electron/launcher.mjs';
import { buildStaleReason } from './build-inputs.mjs';
import { buildCommands, isEntryScript } from './node-tools.mjs';

const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Runs `npm start` (or `npm run web` with --web in argv) and resolves with the exit code. Everything that touches the
 * machine is injectable, so tests can set the platform and see exactly what would be spawned.
 * @param {{ root?: string, argv?: string[], env?: NodeJS.ProcessEnv, platform?: string, execPath?: string,
 *   spawn?: typeof nodeSpawn, spawnSync?: typeof nodeSpawnSync, out?: (line: string) => void,
 *   err?: (line: string) => void, stderr?: { write(chunk: unknown): unknown },
 *   download?: typeof downloadElectron, onChild?: (child: import('node:child_process').ChildProcess) => void }} [d]
 * @returns {Promise<number>}
 */
export async function start(d = {}) {
  const root = d.root ?? defaultRoot;
  const argv = d.argv ?? process.argv.slice(2);
  const env = d.env ?? process.env;
  const platform = d.platform ?? process.platform;
  const execPath = d.execPath ?? process.execPath;
  const spawnFn = d.spawn ?? nodeSpawn;
  const spawnSyncFn = d.spawnSync ?? nodeSpawnSync;
  const out = d.out ?? ((line) => { console.log(line); });
  const err = d.err ?? ((line) => { console.error(line); });
  const stderr = d.stderr ?? process.stderr;
  const download = d.download ?? downloadElectron;
  const builds = buildCommands(root, execPath);
  const passOn = argv.filter((a) => a !== '--web');

  /** Builds `output` from its recorded inputs when any changed (scripts/build-inputs.mjs); false when the build failed. */
  const ensureBuilt = (name, output, cmd, label, announce) => {
    if (buildStaleReason(root, name, output) === null) return true;
    if (announce) out(`Loslaten: building ${label}…`);
    const r = spawnSyncFn(cmd.command, cmd.args, { cwd: root, stdio: 'inherit', env });
    if (r.status === 0) return true;
    err(`Loslaten: building ${label} failed (see above).`);
    return false;
  };

  const exitOf = (child) => new Promise((done) => {
    d.onChild?.(child);
    child.on('error', (e) => { err(`Loslaten: cannot start ${child.spawnfile ?? 'a process'} (${e.message})`); done(1); });
    child.on('exit', (code, signal) => { done(code ?? (signal ? 1 : 0)); });
  });

  const runWeb = async () => {
    if (!ensureBuilt('host', join('dist', 'host', 'host-main.mjs'), builds.host, 'the app core', false)) return 1;
    // The file worker (imports, analyses) sits next to the host bundle; without it that work would run in-thread.
    if (!ensureBuilt('host-file-worker', join('dist', 'host', 'file-worker.mjs'), builds.hostFileWorker, 'the app core', false)) return 1;
    return exitOf(spawnFn(execPath, [join(root, 'dist', 'host', 'host-main.mjs'), ...passOn], { cwd: root, stdio: 'inherit', env }));
  };

  if (!ensureBuilt('renderer', join('dist', 'renderer', 'index.html'), builds.renderer, 'the user interface', true)) return 1;
  if (argv.includes('--web')) return runWeb();

  let st = electronBinaryStatus({ root, env, platform });
  if (!st.ok && st.reason === 'missing-binary' && existsSync(join(root, 'node_modules', 'electron', 'package.json'))) {
    // Electron 45's package downloads its binary only when asked: do it now, with a progress line.
    const got = await download({ root, env, execPath, spawn: spawnFn, ...(d.out ? { log: out } : {}) });
    if (!got.ok) {
      out(`Loslaten: Electron could not be downloaded (${got.message}); serving the same app to your browser instead (npm start tries again next time).`);
      return runWeb();
    }
    st = electronBinaryStatus({ root, env, platform });
  }
  if (!st.ok) {
    out(`Loslaten: the desktop window cannot open here (${st.message}); serving the same app to your browser instead.`);
    return runWeb();
  }
  if (!ensureBuilt('electron-main', join('dist-electron', 'main.cjs'), builds.electronMain, 'the desktop shell', false)) return 1;
  if (!ensureBuilt('electron-preload', join('dist-electron', 'preload.cjs'), builds.electronPreload, 'the desktop shell', false)) return 1;
  if (!ensureBuilt('electron-file-worker', join('dist-electron', 'file-worker.cjs'), builds.electronFileWorker, 'the desktop shell', false)) return 1;

  // Electron's stderr passes through; its last part is kept to recognise a sandbox that Linux did not let start.
  const electronEnv = { ...env };
  delete electronEnv.ELECTRON_RUN_AS_NODE;
  const child = spawnFn(st.path, [root, ...passOn], { cwd: root, stdio: ['inherit', 'inherit', 'pipe'], env: electronEnv });
  let tail = '';
  child.stderr?.on('data', (chunk) => {
    stderr.write(chunk);
    tail = (tail + String(chunk)).slice(-16384);
  });
  const code = await exitOf(child);
  if (code !== 0 && platform === 'linux' && SANDBOX_FAILURE.test(tail)) {
    out(sandboxAdvice(st.path));
    return runWeb();
  }
  return code;
}

if (isEntryScript(import.meta.url)) {
  let current = null;
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { if (current) current.kill(sig); else process.exit(130); });
  process.exitCode = await start({ onChild: (c) => { current = c; } });
}
