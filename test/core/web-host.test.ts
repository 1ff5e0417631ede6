// The local web host: loopback only, per-run token, Origin and Host checks, no path traversal, bounded messages.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { startApp } from '../helpers/browser.ts';
import type { AppCore } from '../../core/app-core.ts';
import type { WebHost } from '../../core/web-host.ts';
import type { WsServerMessage } from '../../api/ws-messages.ts';

let app: { core: AppCore; host: WebHost };
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app.core.dispose(); await app.host.close(); });

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: app.host.port, path, headers: { host: `127.0.0.1:${app.host.port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function ws(opts: { token?: string; origin?: string; path?: string } = {}): Promise<{ sock: WebSocket; messages: WsServerMessage[] } | { rejected: number }> {
  return new Promise((resolve) => {
    const token = opts.token ?? app.host.token;
    const sock = new WebSocket(`ws://127.0.0.1:${app.host.port}${opts.path ?? '/ws'}?token=${token}`, {
      origin: opts.origin ?? `http://127.0.0.1:${app.host.port}`,
    });
    const messages: WsServerMessage[] = [];
    sock.on('message', (d, binary) => { if (!binary) messages.push(JSON.parse(String(d)) as WsServerMessage); });
    sock.on('open', () => resolve({ sock, messages }));
    sock.on('unexpected-response', (_req, res) => resolve({ rejected: res.statusCode ?? 0 }));
    sock.on('error', () => resolve({ rejected: -1 }));
  });
}

async function nextReply(messages: WsServerMessage[], id: number): Promise<WsServerMessage> {
  for (let i = 0; i < 200; i++) {
    const m = messages.find((x) => (x.type === 'reply' && x.id === id) || x.type === 'error');
    if (m) { messages.splice(messages.indexOf(m), 1); return m; }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no reply');
}

describe('web host', () => {
  it('listens on 127.0.0.1 only and prints a URL with a random token', () => {
    expect(app.host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${app.host.port}/\\?token=[0-9a-f]{32}$`));
  });

  it('serves the renderer with a strict CSP and refuses path traversal and foreign Host headers', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<div id="root">');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
    for (const p of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../package.json', '/%00']) {
      const r = await get(p);
      expect(r.status, p).not.toBe(200);
      expect(r.body).not.toContain('"name": "loslaten"');
    }
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(421);
  });

  it('accepts a WebSocket only with the token, the right Origin and path', async () => {
    expect(await ws({ token: 'wrong' })).toEqual({ rejected: 403 });
    expect(await ws({ token: '' })).toEqual({ rejected: 403 });
    expect(await ws({ origin: 'http://evil.example' })).toEqual({ rejected: 403 });
    expect(await ws({ path: '/other' })).toEqual({ rejected: 403 });
    const ok = await ws();
    expect('sock' in ok).toBe(true);
    if ('sock' in ok) ok.sock.close();
  });

  it('validates every message and answers malformed, unknown, invalid and oversized ones without acting', async () => {
    const c = await ws();
    if (!('sock' in c)) throw new Error('not connected');
    const { sock, messages } = c;
    sock.send('{not json');
    expect(await nextReply(messages, -1)).toEqual({ type: 'error', message: 'malformed JSON' });
    sock.send(JSON.stringify({ id: 1, cmd: 'listDevices', req: {}, extra: true }));
    expect(await nextReply(messages, 1)).toEqual({ type: 'error', message: 'malformed request' });
    sock.send(JSON.stringify({ id: 2, cmd: 'rm -rf', req: {} }));
    expect(await nextReply(messages, 2)).toMatchObject({ type: 'reply', result: { ok: false, error: { kind: 'unknown-command' } } });
    sock.send(JSON.stringify({ id: 3, cmd: 'connect', req: { deviceId: 'file:/etc/passwd' } }));
    expect(await nextReply(messages, 3)).toMatchObject({ type: 'reply', result: { ok: false, error: { kind: 'invalid-request', command: 'connect' } } });
    sock.send(JSON.stringify({ id: 4, cmd: 'connect', req: { deviceId: 'demo:emg', baudRate: -5 } }));
    expect(await nextReply(messages, 4)).toMatchObject({ type: 'reply', result: { ok: false, error: { kind: 'invalid-request' } } });
    expect(app.core.link.status().state).toBe('idle');
    sock.send(JSON.stringify({ id: 5, cmd: 'listDevices', req: {} }));
    const list = await nextReply(messages, 5);
    expect(list).toMatchObject({ type: 'reply', id: 5, result: { ok: true } });
    const closed = new Promise<number>((r) => sock.on('close', (code) => r(code)));
    sock.send('x'.repeat(64 * 1024)); // over the 16 KiB limit: the host closes the connection
    expect(await closed).toBe(1009);
  });

  it('sends frames and every status on the default lane, and only stream changes to the frames lane', async () => {
    const ctl = await ws();
    if (!('sock' in ctl)) throw new Error('not connected');
    const sock = new WebSocket(`ws://127.0.0.1:${app.host.port}/ws?token=${app.host.token}&lane=frames`, { origin: `http://127.0.0.1:${app.host.port}` });
    const laneStatuses: { streamId: number; header: boolean }[] = [];
    let binary = 0;
    sock.on('message', (d, isBinary) => {
      if (isBinary) { binary++; return; }
      const m = JSON.parse(String(d)) as WsServerMessage;
      if (m.type === 'status') laneStatuses.push({ streamId: m.status.streamId, header: m.status.header !== null });
    });
    await new Promise((r) => sock.on('open', r));
    const streamsOnLane = () => laneStatuses.filter((s) => s.header).map((s) => s.streamId);
    ctl.sock.send(JSON.stringify({ id: 10, cmd: 'connect', req: { deviceId: 'demo:emg' } }));
    expect(await nextReply(ctl.messages, 10)).toMatchObject({ type: 'reply', result: { ok: true } });
    // Wait (on a loaded machine as long as it takes) until the control lane has had several counter updates (~4 per
    // second) and frames flow at display rate; by then the frames lane must still have announced the stream once only.
    await vi.waitFor(() => {
      expect(ctl.messages.filter((m) => m.type === 'status' && m.status.state === 'streaming').length).toBeGreaterThanOrEqual(5);
      expect(binary).toBeGreaterThan(30);
    }, { timeout: 15_000, interval: 50 });
    expect(streamsOnLane()).toHaveLength(1); // one stream, announced once
    ctl.sock.send(JSON.stringify({ id: 11, cmd: 'connect', req: { deviceId: 'demo:pressure' } }));
    expect(await nextReply(ctl.messages, 11)).toMatchObject({ type: 'reply', result: { ok: true } });
    // The new stream reaches the worker (so it builds new rings) as soon as its header is in: wait for it, not a fixed time.
    await vi.waitFor(() => { expect(streamsOnLane().length).toBeGreaterThanOrEqual(2); }, { timeout: 15_000, interval: 20 });
    const streams = streamsOnLane();
    expect(streams).toHaveLength(2);
    expect(streams[1]).not.toBe(streams[0]);
    ctl.sock.send(JSON.stringify({ id: 12, cmd: 'disconnect', req: {} }));
    await nextReply(ctl.messages, 12);
    ctl.sock.close();
    sock.close();
  });
});
