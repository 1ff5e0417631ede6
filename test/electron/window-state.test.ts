// Remembered window geometry (validated, clamped to current displays) and the owner-only user-data folders.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePrivateDir, ensureSessionsDir } from '../../electron/main/paths.ts';
import { defaultWindowState, loadWindowState, parseWindowState, saveWindowState, WINDOW_STATE_FILE } from '../../electron/main/window-state.ts';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
const good = { version: 1 as const, x: 200, y: 100, width: 1024, height: 768, maximized: false, fullScreen: false };

describe('window state', () => {
  it('accepts a valid state on a visible display', () => {
    expect(parseWindowState(JSON.stringify(good), screen)).toEqual(good);
  });

  it('falls back to the default for missing, corrupt, hostile or out-of-range files', () => {
    const bad = [null, '', '{', '[]', '"x"', JSON.stringify({ ...good, width: 10 }), JSON.stringify({ ...good, height: 1e9 }),
      JSON.stringify({ ...good, version: 2 }), JSON.stringify({ ...good, extra: 1 }), JSON.stringify({ ...good, x: 1.5 }),
      JSON.stringify({ ...good, maximized: 'yes' }), JSON.stringify({ __proto__: { width: 1 } })];
    for (const text of bad) expect(parseWindowState(text, screen), String(text)).toEqual(defaultWindowState());
  });

  it('drops a position that is no longer on any display but keeps the size', () => {
    const off = parseWindowState(JSON.stringify({ ...good, x: 5000, y: 100 }), screen);
    expect(off).toMatchObject({ width: 1024, height: 768 });
    expect(off.x).toBeUndefined();
    const above = parseWindowState(JSON.stringify({ ...good, y: -900 }), screen);
    expect(above.y).toBeUndefined();
    const second = parseWindowState(JSON.stringify({ ...good, x: 2100 }), [...screen, { x: 1920, y: 0, width: 1920, height: 1080 }]);
    expect(second.x).toBe(2100);
  });

  it('saves owner-only and atomically, and loads what it saved', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loslaten-wstate-'));
    expect(saveWindowState(dir, good)).toBe(true);
    expect(statSync(join(dir, WINDOW_STATE_FILE)).mode & 0o777).toBe(0o600);
    expect(loadWindowState(dir, screen)).toEqual(good);
    expect(saveWindowState(dir, { ...good, width: -1 })).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual(good);
    expect(loadWindowState(join(dir, 'missing'), screen)).toEqual(defaultWindowState());
  });
});

describe('private folders', () => {
  it('creates the sessions folder 0700 and tightens an existing loose folder', () => {
    const base = mkdtempSync(join(tmpdir(), 'loslaten-priv-'));
    const userData = join(base, 'Loslaten');
    mkdirSync(join(userData, 'sessions'), { recursive: true, mode: 0o755 });
    chmodSync(join(userData, 'sessions'), 0o755);
    const r = ensureSessionsDir(userData);
    expect(r).toEqual({ ok: true, path: join(userData, 'sessions') });
    expect(statSync(join(userData, 'sessions')).mode & 0o777).toBe(0o700);
    expect(statSync(userData).mode & 0o777).toBe(0o700);
  });

  it('returns an error value, not an exception, when the folder cannot be made', () => {
    const base = mkdtempSync(join(tmpdir(), 'loslaten-priv-'));
    writeFileSync(join(base, 'file'), 'x');
    const r = ensurePrivateDir(join(base, 'file', 'sub'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('dir-error');
  });
});
