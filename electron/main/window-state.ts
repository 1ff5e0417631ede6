// Remembered window size and position: a small validated JSON file in the user-data folder, written atomically.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** Default inner size in px when nothing valid is remembered. */
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const;
/** Smallest window in px; the live view needs this much to stay readable. */
export const MIN_WINDOW_SIZE = { width: 800, height: 600 } as const;

const coordinate = z.number().int().min(-100_000).max(100_000);
const windowStateSchema = z.object({
  version: z.literal(1),
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: z.number().int().min(MIN_WINDOW_SIZE.width).max(20_000),
  height: z.number().int().min(MIN_WINDOW_SIZE.height).max(20_000),
  maximized: z.boolean(),
  fullScreen: z.boolean(),
}).strict();

/** Window geometry in px (screen coordinates); x/y absent = let the OS place the window. */
export type WindowState = z.infer<typeof windowStateSchema>;

/** A display's usable area in px, as `screen.getAllDisplays()[i].workArea` gives it. */
export interface Rect { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

export const WINDOW_STATE_FILE = 'window-state.json';

export function defaultWindowState(): WindowState {
  return { version: 1, ...DEFAULT_WINDOW_SIZE, maximized: false, fullScreen: false };
}

/**
 * Parses remembered state; anything unreadable, malformed or out of range gives the default. A position that would
 * put less than 100 × 50 px of the title area on any current display is dropped (monitor unplugged since).
 */
export function parseWindowState(json: string | null, displays: readonly Rect[]): WindowState {
  if (json === null) return defaultWindowState();
  let raw: unknown;
  try { raw = JSON.parse(json); } catch { return defaultWindowState(); }
  const parsed = windowStateSchema.safeParse(raw);
  if (!parsed.success) return defaultWindowState();
  const s = parsed.data;
  if (s.x === undefined || s.y === undefined) return { ...s, x: undefined, y: undefined };
  const visible = displays.some((d) => overlap(s.x!, d.x, s.width, d.width) >= 100 && s.y! >= d.y - 10 && s.y! + 50 <= d.y + d.height);
  return visible ? s : { ...s, x: undefined, y: undefined };
}

function overlap(a: number, b: number, aLen: number, bLen: number): number {
  return Math.min(a + aLen, b + bLen) - Math.max(a, b);
}

/** Reads the remembered state from `userDataDir`; never throws. */
export function loadWindowState(userDataDir: string, displays: readonly Rect[]): WindowState {
  let text: string | null = null;
  try { text = readFileSync(join(userDataDir, WINDOW_STATE_FILE), 'utf8'); } catch { text = null; }
  return parseWindowState(text, displays);
}

/** Writes the state (owner-only file, temp + rename so a crash never leaves half a file); returns false on failure. */
export function saveWindowState(userDataDir: string, state: WindowState): boolean {
  const file = join(userDataDir, WINDOW_STATE_FILE);
  const checked = windowStateSchema.safeParse(state);
  if (!checked.success) return false;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(checked.data), { mode: 0o600 });
    renameSync(tmp, file);
    return true;
  } catch {
    return false;
  }
}
