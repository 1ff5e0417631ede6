// The app:// handler: serves only files inside dist/renderer, refuses traversal in every spelling, always sends the CSP.
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppCore } from '../../core/app-core.ts';
import { startWebHost } from '../../core/web-host.ts';
import { createAppProtocolHandler, resolveAppFile } from '../../electron/main/protocol.ts';
import { tempDir } from '../helpers/pty.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security.ts';

let base: string;
let root: string;
let handler: ReturnType<typeof createAppProtocolHandler>;
const SECRET = 'top secret outside the renderer';

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'loslaten-proto-')));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'export {}');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(base, 'renderer-evil.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  symlinkSync(base, join(root, 'up'));
  handler = createAppProtocolHandler(root);
});

const get = (url: string, method = 'GET') => handler({ url, method });

describe('app:// protocol', () => {
  it('serves index.html for / and assets with their content type and the CSP', async () => {
    for (const url of ['app://loslaten/', 'app://loslaten/index.html', 'app://loslaten/index.html?x=1#top']) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(await res.text()).toContain('<title>ok</title>');
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
    const js = await get('app://loslaten/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses path traversal in raw, encoded, double-dot-encoded and backslash forms', async () => {
    const attacks = [
      'app://loslaten/../secret.txt',
      'app://loslaten/../../etc/passwd',
      'app://loslaten/../../../../../../etc/passwd',
      'app://loslaten/%2e%2e/secret.txt',
      'app://loslaten/%2E%2E/%2E%2E/etc/passwd',
      'app://loslaten/..%2fsecret.txt',
      'app://loslaten/%2e%2e%2fsecret.txt',
      'app://loslaten/assets/..%2f..%2fsecret.txt',
      'app://loslaten/..%5csecret.txt',
      'app://loslaten/..\\secret.txt',
      'app://loslaten/%252e%252e/secret.txt',
      'app://loslaten/.%2e/secret.txt',
      'app://loslaten/index.html%00.js',
      'app://loslaten/up/secret.txt',
      'app://loslaten/assets/link.txt',
      'app://loslaten/%2fetc%2fpasswd',
      'app://loslaten//etc/passwd',
      'app://loslaten/../renderer-evil.txt',
    ];
    for (const url of attacks) {
      const res = await get(url);
      expect(res.status, url).not.toBe(200);
      expect([400, 403, 404], url).toContain(res.status);
      const body = await res.text();
      expect(body, url).not.toContain(SECRET);
      expect(body, url).not.toContain('root:');
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('reports why: 403 for traversal, 404 for a missing file or a foreign host, 400 for a broken escape', async () => {
    expect(await resolveAppFile(root, 'app://loslaten/..%2f..%2fetc%2fpasswd')).toEqual({ ok: false, status: 403 });
    expect(await resolveAppFile(root, 'app://loslaten/assets/link.txt')).toEqual({ ok: false, status: 403 });
    expect(await resolveAppFile(root, 'app://loslaten/nope.html')).toEqual({ ok: false, status: 404 });
    expect(await resolveAppFile(root, 'app://evil/index.html')).toEqual({ ok: false, status: 404 });
    expect(await resolveAppFile(root, 'https://loslaten/index.html')).toEqual({ ok: false, status: 404 });
    expect(await resolveAppFile(root, 'app://loslaten/%E0%A4%A')).toEqual({ ok: false, status: 400 });
    expect(await resolveAppFile(root, 'app://loslaten/assets/app.js')).toEqual({ ok: true, file: join(root, 'assets', 'app.js') });
  });

  it('answers only GET and HEAD (HEAD without a body)', async () => {
    expect((await get('app://loslaten/index.html', 'POST')).status).toBe(405);
    expect((await get('app://loslaten/index.html', 'PUT')).status).toBe(405);
    const head = await get('app://loslaten/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('fails closed when the renderer folder does not exist', async () => {
    const h = createAppProtocolHandler(join(base, 'missing'));
    expect((await h({ url: 'app://loslaten/index.html', method: 'GET' })).status).toBe(404);
  });
});

describe('cross-origin isolation', () => {
  it('app:// sends the same COOP, COEP and CORP as the browser host, on pages, assets and errors', async () => {
    const names = ['cross-origin-opener-policy', 'cross-origin-embedder-policy', 'cross-origin-resource-policy'];
    const core = new AppCore({ dataDir: tempDir('loslaten-coi-') });
    const host = await startWebHost(core, { staticDir: root });
    try {
      const browser = await fetch(host.url);
      expect(browser.status).toBe(200);
      const want = names.map((n) => browser.headers.get(n));
      expect(want).toEqual(['same-origin', 'require-corp', 'same-origin']);
      for (const url of ['app://loslaten/', 'app://loslaten/assets/app.js', 'app://loslaten/missing.js']) {
        const res = await get(url);
        expect(names.map((n) => res.headers.get(n)), url).toEqual(want);
      }
    } finally {
      await host.close();
      await core.dispose();
    }
  });
});
