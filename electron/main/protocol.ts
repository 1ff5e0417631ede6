// The app:// protocol: serves the built renderer (dist/renderer) read-only, with a path-traversal guard and the CSP.
import type { CustomScheme, Protocol } from 'electron';
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from '../ipc-channels.ts';
import { securityHeaders } from './security.ts';

/**
 * The app scheme's privileges: `standard` (relative URLs and an origin work like http), `secure` (a secure context,
 * so no mixed-content exceptions are needed), fetch allowed for its own files; no CSP bypass, no service workers.
 */
export const APP_SCHEME_DEFINITION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, allowServiceWorkers: false, corsEnabled: false, stream: false },
};

/** Registers app:// as privileged. Must run before the app's `ready` event. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json', '.wasm': 'application/wasm',
};

/** Where a request leads: a file inside the renderer folder, or an HTTP status saying why not. */
export type AppFileResolution = { readonly ok: true; readonly file: string } | { readonly ok: false; readonly status: 400 | 403 | 404 | 405 };

/**
 * Maps an app:// URL to a file inside `rootReal` (an already realpath'ed folder). Refuses other hosts, NUL bytes,
 * backslashes, any `.`/`..` segment after percent-decoding (so `%2e%2e%2f` and `..%5c` are caught even if the URL
 * parser did not normalise them), and anything whose real path (symlinks followed) leaves the folder.
 */
export async function resolveAppFile(rootReal: string, rawUrl: string): Promise<AppFileResolution> {
  let url: URL;
  try { url = new URL(rawUrl); } catch { return { ok: false, status: 400 }; }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname.toLowerCase() !== APP_HOST) return { ok: false, status: 404 };
  // Check the raw text too: a URL parser that keeps `..` literally must not get past the segment check below.
  const rawPath = rawUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split(/[?#]/, 1)[0] ?? '';
  for (const text of [rawPath, url.pathname]) {
    let decoded: string;
    try { decoded = decodeURIComponent(text); } catch { return { ok: false, status: 400 }; }
    if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 403 };
    if (decoded.split('/').some((seg) => seg === '..' || seg === '.')) return { ok: false, status: 403 };
  }
  const pathname = decodeURIComponent(url.pathname);
  const rel = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const candidate = resolve(join(rootReal, rel));
  if (candidate !== rootReal && !candidate.startsWith(rootReal + sep)) return { ok: false, status: 403 };
  let real: string;
  try { real = await realpath(candidate); } catch {
    // Inside a packaged app.asar realpath may be unsupported; the archive holds no symlinks, the lexical check stands.
    if (!candidate.includes(`.asar${sep}`)) return { ok: false, status: 404 };
    real = candidate;
  }
  if (!real.startsWith(rootReal + sep)) return { ok: false, status: 403 };
  return { ok: true, file: real };
}

/** Minimal request shape the handler reads (Electron passes a fetch `Request`). */
export interface AppRequest { readonly url: string; readonly method: string }

/**
 * Builds the app:// handler for `rendererDir`. Only GET and HEAD; every response, errors included, carries the
 * security headers (CSP). Never throws: failures become 4xx/5xx responses.
 */
export function createAppProtocolHandler(rendererDir: string): (request: AppRequest) => Promise<Response> {
  let rootReal: Promise<string> | null = null;
  return async (request) => {
    const headers = securityHeaders();
    const fail = (status: number) => new Response(null, { status, headers });
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405);
    try {
      rootReal ??= realpath(resolve(rendererDir)).catch(() => resolve(rendererDir));
      const r = await resolveAppFile(await rootReal, request.url);
      if (!r.ok) return fail(r.status);
      let body: Buffer;
      try { body = await readFile(r.file); } catch { return fail(404); }
      const type = MIME[extname(r.file).toLowerCase()] ?? 'application/octet-stream';
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: { ...headers, 'Content-Type': type } });
    } catch {
      rootReal = null;
      return fail(500);
    }
  };
}

/** Serves `rendererDir` on app:// (call after `ready`). */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  const handler = createAppProtocolHandler(rendererDir);
  protocol.handle(APP_SCHEME, (request) => handler(request));
}
