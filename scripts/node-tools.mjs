// How the project's scripts run their Node tools (vite, vitest, electron-builder, Electron's installer) on every OS:
// the running Node (process.execPath) with the tool's JavaScript entry point. Never `npm`, `npx` or
// node_modules/.bin/*.cmd: on Windows those are batch files, which spawn() refuses without a shell since Node
// 18.20.2/20.12.2 (EINVAL, CVE-2024-27980), and `npm` itself is npm.cmd there (ENOENT without a shell).
// Plain JS so scripts run it without a build step.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The JavaScript file a package's bin points at (package.json "bin", a string or a name → file map).
 * @param {string} root project folder (holds node_modules)
 * @param {string} pkg package name, e.g. 'vite' or 'electron-builder'
 * @param {string} [bin] bin name; default the package name
 * @returns {string} absolute path of the entry file
 */
export function toolEntry(root, pkg, bin = pkg) {
  const dir = join(root, 'node_modules', ...pkg.split('/'));
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    throw new Error(`${pkg} is not installed (run npm ci)`);
  }
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (typeof rel !== 'string') throw new Error(`${pkg} has no "${bin}" command`);
  const entry = join(dir, rel);
  if (!existsSync(entry)) throw new Error(`${pkg} is incomplete (${rel} is missing; run npm ci)`);
  return entry;
}

/**
 * The command line that runs a package's tool with this Node: `{ command: execPath, args: [entry, ...args] }`.
 * @param {string} root
 * @param {string} pkg
 * @param {readonly string[]} args
 * @param {{ bin?: string, execPath?: string }} [opts]
 * @returns {{ command: string, args: string[] }}
 */
export function toolCommand(root, pkg, args, opts = {}) {
  return { command: opts.execPath ?? process.execPath, args: [toolEntry(root, pkg, opts.bin), ...args] };
}

/**
 * The builds `npm start` and `npm run dist` need, each as a Node command line (no npm, no shell).
 * @param {string} root
 * @param {string} [execPath]
 */
export function buildCommands(root, execPath = process.execPath) {
  const vite = (args) => toolCommand(root, 'vite', args, { execPath });
  return {
    renderer: vite(['build', '--logLevel', 'error']),
    host: vite(['build', '-c', join(root, 'core', 'vite.config.ts'), '--logLevel', 'error']),
    hostFileWorker: vite(['build', '-c', join(root, 'core', 'vite.config.ts'), '--mode', 'file-worker', '--logLevel', 'error']),
    electronMain: vite(['build', '-c', join(root, 'electron', 'vite.config.ts'), '--mode', 'main', '--logLevel', 'error']),
    electronPreload: vite(['build', '-c', join(root, 'electron', 'vite.config.ts'), '--mode', 'preload', '--logLevel', 'error']),
    electronFileWorker: vite(['build', '-c', join(root, 'electron', 'vite.config.ts'), '--mode', 'file-worker', '--logLevel', 'error']),
  };
}

/**
 * True when the module at `moduleUrl` (its import.meta.url) is the script Node was started with, so a script runs its
 * main only then and tests can import its functions.
 * @param {string} moduleUrl
 */
export function isEntryScript(moduleUrl) {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}
