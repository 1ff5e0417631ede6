// Where the app keeps its data on this machine (per-user, private), unless told otherwise.
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The per-user data folder: `$LOSLATEN_DATA_DIR` if set, else the platform's usual place — Linux
 * `$XDG_CONFIG_HOME/Loslaten` (default `~/.config/Loslaten`, as Electron's userData), macOS
 * `~/Library/Application Support/Loslaten`, Windows `%APPDATA%\Loslaten`.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.LOSLATEN_DATA_DIR) return env.LOSLATEN_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Loslaten');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Loslaten');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Loslaten');
}

/** Recordings live in `sessions/` inside the data folder. */
export function sessionsDir(dataDir: string): string {
  return join(dataDir, 'sessions');
}
