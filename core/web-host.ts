// The local web host: serves the built renderer on 127.0.0.1 and speaks the renderer API over one WebSocket.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_WS_TEXT_BYTES, WS_LANES, WS_PATH, wsRequestSchema, type WsLane, type WsServerMessage } from '../api/ws-messages.ts';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from '../api/isolation-headers.ts';
import type { AppCore } from './app-core.ts';
import { UPLOAD_PATH } from '../api/contract.ts';
import { handleUpload } from './upload-route.ts';

export interface WebHostOptions {
  /** Folder with the built renderer (index.html + assets). */
  readonly staticDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** Per-run secret; default 32 random hex digits. */
  readonly token?: string;
}

export interface WebHost {
  /** The URL to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Frames not sent because a client was too slow (its send buffer was full). */
  readonly droppedFrames: () => number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};
/** A client whose unsent data exceeds this many bytes gets no frames until it catches up. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function securityHeaders(port: number): Record<string, string> {
  return {
    // Only this origin and its own WebSocket: no CDN, no telemetry, no other host can be reached from the page.
    'Content-Security-Policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; worker-src 'self'; media-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // Cross-origin isolation: lets the page share memory with its intake worker (and loads nothing foreign).
    ...CROSS_ORIGIN_ISOLATION_HEADERS,
    'Cache-Control': 'no-store',
  };
}

/** Constant-time token check on bytes: a string of the right length with non-ASCII characters is simply wrong. */
export function tokenMatches(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses an upgrade with a status line and closes the socket (never throws). */
function refuse(socket: import('node:stream').Duplex, status: string): void {
  try { socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`); } catch { /* already gone */ }
  socket.destroy();
}

/** Starts the host; resolves once it listens. */
export async function startWebHost(core: AppCore, opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(16).toString('hex');
  const root = await realpath(resolve(opts.staticDir));
  let port = 0;
  let dropped = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders(port);
    // Host check defeats DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    if (!allowedHosts().includes(req.headers.host ?? '')) { res.writeHead(421, headers).end('Misdirected request'); return; }
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, headers).end('Method not allowed'); return; }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch { res.writeHead(400, headers).end('Bad request'); return; }
    if (pathname.includes('\0')) { res.writeHead(400, headers).end('Bad request'); return; }
    const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const candidate = resolve(join(root, rel));
    // Path traversal guard: the resolved file (symlinks followed) must stay inside the renderer folder.
    let real: string;
    try { real = await realpath(candidate); } catch { res.writeHead(404, headers).end('Not found'); return; }
    if (real !== root && !real.startsWith(root + sep)) { res.writeHead(404, headers).end('Not found'); return; }
    try {
      const body = await readFile(real);
      res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(real)] ?? 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch { res.writeHead(404, headers).end('Not found'); }
  }

  const server: Server = createServer((req, res) => {
    let url: URL | null = null;
    try { url = new URL(req.url ?? '/', 'http://127.0.0.1'); } catch { /* serveStatic answers 400 */ }
    if (url?.pathname === UPLOAD_PATH) {
      void handleUpload(req, res, url, {
        sessionsDir: core.sessionsDir, headers: securityHeaders(port),
        hostAllowed: (h) => allowedHosts().includes(h), originAllowed: (o) => allowedOrigins().includes(o), tokenOk: (t) => tokenMatches(t, token),
      }).catch(() => { if (!res.headersSent) res.writeHead(400, securityHeaders(port)); res.end(); });
      return;
    }
    serveStatic(req, res).catch(() => {
      // Every handler answers bad input with a status, never with an exception that ends the host.
      if (!res.headersSent) res.writeHead(400, securityHeaders(port));
      res.end();
    });
  });
  server.on('clientError', (_e, socket) => refuse(socket, '400 Bad Request'));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_TEXT_BYTES });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    // `//`, `//host`, odd escapes: new URL() throws on some request targets; that is a 400, not a crash.
    try { url = new URL(req.url ?? '/', 'http://127.0.0.1'); } catch { refuse(socket, '400 Bad Request'); return; }
    const origin = req.headers.origin ?? '';
    const lane = (url.searchParams.get('lane') ?? 'all') as WsLane;
    const ok = url.pathname === WS_PATH
      && WS_LANES.includes(lane)
      && allowedHosts().includes(req.headers.host ?? '')
      && allowedOrigins().includes(origin)
      && tokenMatches(url.searchParams.get('token'), token);
    if (!ok) { refuse(socket, '403 Forbidden'); return; }
    try { wss.handleUpgrade(req, socket, head, (ws) => onClient(ws, lane)); } catch { refuse(socket, '400 Bad Request'); }
  });

  function send(ws: WebSocket, msg: WsServerMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  }

  function onClient(ws: WebSocket, lane: WsLane): void {
    let framesStreamKey = '';
    const unsubscribe = core.subscribe({
      onBatch: (frame) => {
        if (lane === 'control' || ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) { dropped++; return; }
        ws.send(frame, { binary: true });
      },
      onStatus: (status) => {
        // The frames lane (the page's intake worker) only needs to know when the stream changes (new rings); the
        // 4-per-second counter updates go to the control lane alone.
        if (lane === 'frames') {
          const key = `${status.streamId}:${status.header ? 'header' : '-'}`;
          if (key === framesStreamKey) return;
          framesStreamKey = key;
        }
        send(ws, { type: 'status', status });
      },
    });
    ws.on('message', (data, isBinary) => {
      if (lane === 'frames') { send(ws, { type: 'error', message: 'the frames lane takes no commands' }); return; }
      if (isBinary) { send(ws, { type: 'error', message: 'binary messages are not accepted' }); return; }
      let parsed: unknown;
      try { parsed = JSON.parse(data.toString()); } catch { send(ws, { type: 'error', message: 'malformed JSON' }); return; }
      const msg = wsRequestSchema.safeParse(parsed);
      if (!msg.success) { send(ws, { type: 'error', message: 'malformed request' }); return; }
      void core.handle(msg.data.cmd, msg.data.req).then((result) => send(ws, { type: 'reply', id: msg.data.id, result }));
    });
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
  }

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port ?? 0, '127.0.0.1', () => res());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    droppedFrames: () => dropped,
    close: () => new Promise<void>((res) => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.close(() => res());
      server.closeAllConnections();
    }),
  };
}
