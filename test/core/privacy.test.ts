// Privacy: while streaming and recording with a browser attached, the core's sockets are loopback only, and the
// session files it writes are readable by the owner alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, openStreaming, startApp } from '../helpers/browser.ts';
import type { AppCore } from '../../core/app-core.ts';
import type { WebHost } from '../../core/web-host.ts';

let app: { core: AppCore; host: WebHost };
let browser: BrowserContext;
beforeAll(async () => { app = await startApp(); browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); await app?.core.dispose(); await app?.host.close(); });

/** Addresses (local and remote) of every TCP socket this process holds, from /proc. */
function ownTcpAddresses(): { local: string; remote: string }[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try { const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`)); if (m) inodes.add(m[1]!); } catch { /* closed meanwhile */ }
  }
  const out: { local: string; remote: string }[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && inodes.has(f[9]!)) out.push({ local: f[1]!.split(':')[0]!, remote: f[2]!.split(':')[0]! });
    }
  }
  return out;
}

/** 127.x.x.x or unspecified (a listener), in /proc's hex notation for IPv4 and IPv6 (incl. v4-mapped). */
function isLoopbackOrAny(hex: string): boolean {
  if (hex.length === 8) return hex.endsWith('7F') || /^0+$/.test(hex);
  if (/^0+$/.test(hex) || hex === '00000000000000000000000001000000') return true;
  return hex.startsWith('0000000000000000FFFF0000') && hex.endsWith('7F');
}

describe('privacy', () => {
  it('talks to nobody but the local page while streaming and recording; session files are owner-only', async () => {
    const page = await openStreaming(browser, app.host.url);
    const started = await app.core.handle('startRecording', { profileId: 'privacy' });
    expect(started.ok).toBe(true);
    await page.waitForTimeout(1500);
    const sockets = ownTcpAddresses();
    expect(sockets.length).toBeGreaterThanOrEqual(2); // the listener and the page's sockets at least
    expect(sockets.filter((s) => !isLoopbackOrAny(s.local) || !isLoopbackOrAny(s.remote))).toEqual([]);
    expect((await app.core.handle('stopRecording', {})).ok).toBe(true);
    const profileDir = join(app.core.sessionsDir, 'profiles', 'privacy');
    const [sessionId] = readdirSync(profileDir);
    const sessionDir = join(profileDir, sessionId!);
    for (const dir of [app.core.sessionsDir, profileDir, sessionDir]) expect((statSync(dir).mode & 0o777).toString(8), dir).toBe('700');
    for (const f of readdirSync(sessionDir)) expect((statSync(join(sessionDir, f)).mode & 0o777).toString(8), f).toBe('600');
    await page.close();
  });
});
