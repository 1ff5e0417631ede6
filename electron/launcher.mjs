// Finds the Electron binary without requiring 'electron' (whose index.js would download it without a word), says
// whether a window can open here, downloads the binary with Electron's own installer when it is missing, and
// recognises the Linux sandbox refusing to start. Plain JS so scripts/start.mjs, scripts/postinstall.mjs and
// electron/dist.mjs can import it without a build.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolEntry } from '../scripts/node-tools.mjs';

const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The executable's path inside node_modules/electron/dist for a platform (what electron's install.js writes to path.txt). */
export function electronPlatformPath(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * Where the Electron binary is and whether it can show a window.
 * @param {{ root?: string, env?: NodeJS.ProcessEnv, platform?: string, needDisplay?: boolean }} [opts]
 *   root: project folder (default: this file's parent's parent); env: default process.env; platform: default
 *   process.platform; needDisplay: default true (false for packaging, which needs the binary but no screen).
 * @returns {{ ok: true, path: string } | { ok: false, reason: 'missing-binary' | 'no-display', message: string }}
 */
export function electronBinaryStatus(opts = {}) {
  const root = opts.root ?? defaultRoot;
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const needDisplay = opts.needDisplay ?? true;
  const pkgDir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) {
    return { ok: false, reason: 'missing-binary', message: 'the electron package is not installed (run npm ci)' };
  }
  // Checked before the binary: where no window can open, there is nothing to download either.
  if (needDisplay && platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'no-display', message: 'no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  let rel = electronPlatformPath(platform);
  try {
    const fromFile = readFileSync(join(pkgDir, 'path.txt'), 'utf8').trim();
    if (fromFile) rel = fromFile;
  } catch {
    // No path.txt: the binary was never downloaded; the existence check below says so.
  }
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ? resolve(env.ELECTRON_OVERRIDE_DIST_PATH) : join(pkgDir, 'dist');
  const binary = join(distDir, rel);
  if (!existsSync(binary)) {
    return {
      ok: false,
      reason: 'missing-binary',
      message: `the Electron binary was never downloaded (${relative(root, binary) || binary} is missing)`,
    };
  }
  return { ok: true, path: binary };
}

/** Where @electron/get downloads from (the same variables it reads, in its order), for messages. */
export function electronMirror(env = process.env) {
  return env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR || env.npm_package_config_electron_mirror
    || env.ELECTRON_MIRROR || 'https://github.com/electron/electron/releases/download/';
}

function hostOf(url) {
  try { return new URL(url).host || url; } catch { return url; }
}

/** Bytes under a folder (0 when it does not exist); used to see that a download is still moving. */
function bytesUnder(dir) {
  let total = 0;
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return 0; }
  for (const e of entries) {
    const p = join(dir, e.name);
    try { total += e.isDirectory() ? bytesUnder(p) : statSync(p).size; } catch { /* vanished meanwhile */ }
  }
  return total;
}

/**
 * One line saying why Electron's installer failed, from its stderr (it prints the error's stack) and exit.
 * @param {{ stderr: string, code: number | null, signal: string | null, stalledMs: number | null, mirror: string }} r
 */
export function downloadFailureReason(r) {
  const host = hostOf(r.mirror);
  if (r.stalledMs !== null) return `the download from ${host} stalled (no data for ${Math.round(r.stalledMs / 1000)} s)`;
  const http = /HTTPError: Response code (\d+) \(([^)]*)\) for (\S+)/.exec(r.stderr);
  if (http) return `${host} answered ${http[1]} ${http[2]} for ${http[3]}`;
  if (/fetch failed|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|UND_ERR/.test(r.stderr)) return `cannot reach ${host} (no internet connection, or a proxy or firewall in the way)`;
  if (/checksum|did not match/i.test(r.stderr)) return `the file from ${host} did not match Electron's published checksum`;
  if (/EACCES|EPERM|EROFS/.test(r.stderr)) return 'no permission to write node_modules/electron';
  if (/ENOSPC/.test(r.stderr)) return 'the disk is full';
  const first = r.stderr.split('\n').map((l) => l.trim()).find((l) => l.length > 0 && !l.startsWith('at '));
  if (first) return `Electron's installer failed: ${first.slice(0, 160)}`;
  return r.signal ? `Electron's installer stopped (${r.signal})` : `Electron's installer failed (exit code ${r.code})`;
}

/**
 * Downloads the Electron binary into node_modules/electron/dist by running Electron's own installer (the package's
 * `install-electron` bin, install.js) with this Node, so ELECTRON_MIRROR, electron_config_cache,
 * electron_use_remote_checksums, ELECTRON_GET_USE_PROXY and the npm_config_* forms work as Electron documents them.
 * Prints one progress line (on a terminal that line counts the megabytes). A download that stops moving for `stallMs` is
 * cancelled, so an offline machine gives up quickly instead of hanging.
 * @param {{ root?: string, env?: NodeJS.ProcessEnv, execPath?: string, spawn?: typeof spawn, log?: (line: string) => void,
 *   progress?: ((bytes: number) => void) | null, stallMs?: number, pollMs?: number, what?: string }} [opts]
 * @returns {Promise<{ ok: true, path: string } | { ok: false, message: string }>}
 */
export async function downloadElectron(opts = {}) {
  const root = opts.root ?? defaultRoot;
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line) => { console.log(line); });
  const stallMs = opts.stallMs ?? 60_000;
  const pollMs = opts.pollMs ?? 500;
  const spawnFn = opts.spawn ?? spawn;
  let entry;
  let version = '';
  try {
    entry = toolEntry(root, 'electron', 'install-electron');
    version = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version ?? '';
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  const mirror = electronMirror(env);
  const line = `Loslaten: downloading Electron ${version} from ${hostOf(mirror)}${opts.what ?? ' for the desktop window (once, about 100 MB)'}…`;
  // On a terminal (and with the default output) the same line counts the megabytes; elsewhere it is printed once.
  const onTerminal = opts.progress === undefined && opts.log === undefined && process.stdout.isTTY === true;
  const progress = onTerminal ? (bytes) => { process.stdout.write(`\r${line} ${(bytes / 1e6).toFixed(0)} MB`); } : (opts.progress ?? null);
  if (onTerminal) process.stdout.write(line);
  else log(line);
  // The installer downloads into the OS temp folder: give it one of ours, so the watchdog can see bytes arriving.
  const tmp = mkdtempSync(join(tmpdir(), 'loslaten-electron-download-'));
  const dist = join(root, 'node_modules', 'electron', 'dist');
  const childEnv = { ...env, TMPDIR: tmp, TEMP: tmp, TMP: tmp, ELECTRON_GET_NO_PROGRESS: '1' };
  let stderr = '';
  let stalledMs = null;
  try {
    const child = spawnFn(opts.execPath ?? process.execPath, [entry], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    child.stdout?.on('data', () => {});
    child.stderr?.on('data', (b) => { if (stderr.length < 65536) stderr += String(b); });
    let last = -1;
    let lastChange = Date.now();
    const timer = setInterval(() => {
      const bytes = bytesUnder(tmp) + bytesUnder(dist);
      if (bytes !== last) {
        last = bytes;
        lastChange = Date.now();
        if (bytes > 0) progress?.(bytes);
      } else if (Date.now() - lastChange > stallMs) {
        stalledMs = Date.now() - lastChange;
        child.kill();
      }
    }, pollMs);
    const [code, signal] = await new Promise((done) => {
      child.on('error', (e) => { stderr += `\n${e.message}`; done([null, null]); });
      child.on('exit', (c, s) => { done([c, s]); });
    });
    clearInterval(timer);
    if (onTerminal) process.stdout.write('\n');
    const st = electronBinaryStatus({ root, env, needDisplay: false });
    if (code === 0 && st.ok) return { ok: true, path: st.path };
    return { ok: false, message: downloadFailureReason({ stderr, code, signal, stalledMs, mirror }) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** What Chromium prints when Linux does not let its sandbox start (Ubuntu 23.10+ AppArmor; chrome-sandbox not 4755 root). */
export const SANDBOX_FAILURE = /The SUID sandbox helper binary was found, but is not configured correctly|No usable sandbox!|chrome-sandbox is owned by root and has mode 4755/;

function shellQuote(p) {
  return `'${p.replaceAll("'", "'\\''")}'`;
}

/**
 * One line for a Linux user whose system stopped Electron's sandbox: the exact commands that fix it for this copy
 * (the sandbox is never turned off instead), and where the AppArmor alternative is described.
 * @param {string} binaryPath the Electron executable that was started
 */
export function sandboxAdvice(binaryPath) {
  const helper = shellQuote(join(dirname(binaryPath), 'chrome-sandbox'));
  return 'Loslaten: Linux did not let Electron start its sandbox (Ubuntu 23.10 and later block it with AppArmor). '
    + `Fix it once with: sudo chown root:root ${helper} && sudo chmod 4755 ${helper} `
    + '(or add the AppArmor profile from the README, section "Ubuntu"); serving the same app to your browser meanwhile.';
}
