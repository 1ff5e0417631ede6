// `npm start` as the README promises it: here (no Electron binary) one line saying why, then the bundled app core
// serving the renderer on 127.0.0.1; Ctrl+C/SIGTERM stops it cleanly.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { electronBinaryStatus } from '../../electron/launcher.mjs';
import { ROOT, stopProcess, tempDir, waitFor } from '../helpers/pty.ts';

let child: ChildProcess | null = null;
afterEach(async () => { await stopProcess(child); child = null; });

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => { body += d; }).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

describe('npm start', () => {
  it('says in one line why the desktop window cannot open, then serves the app on 127.0.0.1 with plain Node', async () => {
    const st = electronBinaryStatus() as { ok: boolean };
    expect(st.ok).toBe(false); // this machine has no Electron binary: the fallback is what runs here
    const data = tempDir('loslaten-start-');
    child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], { cwd: ROOT, env: { ...process.env, LOSLATEN_DATA_DIR: data, LOSLATEN_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    // Both lines the host prints once it listens (they may arrive in separate chunks).
    await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}/.test(out) && out.includes('Press Ctrl+C to stop.'), 60_000, 'the URL');
    const lines = out.split('\n').filter((l) => l.startsWith('Loslaten'));
    expect(lines[0]).toMatch(/^Loslaten: the desktop window cannot open here \(.+\); serving the same app to your browser instead\.$/);
    expect(out).toContain(`Your data stays in ${data}`);
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}/.exec(out)![0];
    const page = await get(url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    // The bundled core, not a TypeScript loader, is what runs.
    const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ').filter(Boolean);
    expect(kids).toHaveLength(1);
    const cmdline = readFileSync(`/proc/${kids[0]}/cmdline`, 'utf8').split('\0');
    expect(cmdline[0]).toBe(process.execPath);
    expect(cmdline[1]).toBe(join(ROOT, 'dist', 'host', 'host-main.mjs'));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = null;
  }, 90_000);
});
