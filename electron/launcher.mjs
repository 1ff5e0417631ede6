// Finds the Electron binary without requiring 'electron' (whose index.js would try to download it) and says whether
// a window can open here. Plain JS so scripts/start.mjs and electron/dist.mjs can import it without a build.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  if (needDisplay && platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'no-display', message: 'no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  return { ok: true, path: binary };
}
