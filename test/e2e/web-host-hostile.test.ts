// The real web host against hostile requests (issue 13 item 6): a bad upgrade target (`//`), a token of the right
// length with non-ASCII characters, malformed request lines — each answered with a 4xx while the host keeps serving.
// And the token leaves the address bar once the page has read it (item 9), in headless Chromium.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useAppAndBrowser } from '../helpers/browser.ts';

const ctx = useAppAndBrowser();

/** Sends raw bytes to the host and resolves with the status line of the answer ('' when the socket just closed). */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(ctx.app.host.port, '127.0.0.1');
    let got = '';
    const done = () => { s.destroy(); resolve(got.split('\r\n')[0] ?? ''); };
    s.on('data', (d) => { got += d.toString('latin1'); if (got.includes('\r\n')) done(); });
    s.on('close', done);
    s.on('error', done);
    s.write(bytes);
    setTimeout(done, 3000);
  });
}

function upgrade(target: string, extra: Record<string, string> = {}): string {
  const port = ctx.app.host.port;
  const h: Record<string, string> = {
    Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}`, Upgrade: 'websocket', Connection: 'Upgrade',
    'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...extra,
  };
  return `GET ${target} HTTP/1.1\r\n${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
}

async function stillServes(): Promise<void> {
  expect(await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${ctx.app.host.port}\r\nConnection: close\r\n\r\n`)).toBe('HTTP/1.1 200 OK');
}

describe('the web host answers hostile requests with 4xx and stays up', () => {
  it('WebSocket upgrade to `//`, `//evil.example/ws`, `/%zz` and `/ws?token=…` variants', async () => {
    const errors: unknown[] = [];
    const onErr = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onErr);
    try {
      for (const target of ['//', '//evil.example/ws', '///', '/ws/..%2f..%2f', '/%zz', 'http://[::1', '/ws?token=%ff%fe&lane=all']) {
        const status = await raw(upgrade(target));
        expect(status, target).toMatch(/^HTTP\/1\.1 4\d\d /);
      }
      await stillServes();
      // A token of exactly the right length (32 characters) but with non-ASCII ones: 32 chars, more bytes.
      const t = ctx.app.host.token;
      for (const bad of ['é'.repeat(32), t.slice(0, 31) + 'ü', '\u{1F600}'.repeat(16), t.slice(0, 30) + '%C3%A9']) {
        expect(bad.length === t.length || bad.endsWith('%C3%A9')).toBe(true);
        const status = await raw(upgrade(`/ws?token=${encodeURIComponent(bad)}&lane=all`));
        expect(status, bad).toBe('HTTP/1.1 403 Forbidden');
      }
      // The right token still opens a socket (101).
      expect(await raw(upgrade(`/ws?token=${t}&lane=all`))).toBe('HTTP/1.1 101 Switching Protocols');
      // Malformed HTTP on the plain handler: a 400, not a crash.
      expect(await raw('GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
      expect(await raw(`GET //%% HTTP/1.1\r\nHost: 127.0.0.1:${ctx.app.host.port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 4\d\d /);
      await stillServes();
      expect(errors).toEqual([]);
    } finally { process.off('uncaughtException', onErr); }
  }, 30_000);
});

describe('the token leaves the address bar (item 9)', () => {
  it('after the page has read it: no token in location or history; a reload of the tab still connects', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(ctx.app.host.url);
    await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
    const href = await page.evaluate(() => location.href);
    expect(href).not.toContain('token');
    expect(href).toBe(`http://127.0.0.1:${ctx.app.host.port}/`);
    // about:blank and the app: replaceState added no entry, so no entry holds the token.
    expect(await page.evaluate(() => history.length)).toBe(2);
    await page.reload();
    // The device list comes from the host over the WebSocket: it only fills in when the socket was accepted.
    await page.waitForSelector('[data-testid=device-select] option[value="demo:emg"]', { state: 'attached' });
    expect(await page.evaluate(() => location.href)).not.toContain('token');
    await page.close();
  }, 60_000);
});
