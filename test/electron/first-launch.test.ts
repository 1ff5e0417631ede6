// The first launch end to end, with a stand-in Electron release on 127.0.0.1: in a fresh clone (node_modules/electron
// without its binary, as npm ci leaves it since Electron 45), `npm install`'s postinstall and `npm start` download it
// with Electron's own installer, unpack it and start it on dist-electron/main.cjs; a second start downloads nothing; a
// failed download and a sandbox Linux refused lead to one line saying why and to the browser host.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_VERSION, freshClone, mirrorEnv, startElectronMirror, type ElectronMirror } from '../helpers/electron-mirror.ts';
import { tempDir } from '../helpers/pty.ts';

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** Runs a project script in the clone; with `until`, stops it (SIGTERM) once stdout shows that line. */
function runScript(clone: string, script: string, env: NodeJS.ProcessEnv, until?: RegExp, timeoutMs = 90_000): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(clone, script)], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`${script} timed out\n${stdout}\n${stderr}`)); }, timeoutMs);
    child.stdout.on('data', (b) => {
      stdout += String(b);
      if (until && until.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (b) => { stderr += String(b); });
    child.on('exit', (code) => { clearTimeout(timer); done({ code, stdout, stderr }); });
  });
}

function records(env: NodeJS.ProcessEnv): { kind: string; argv: string[]; cwd: string; main: string | null; mainExists: boolean; env: Record<string, string | null> }[] {
  const file = env.LOSLATEN_STANDIN_RECORD!;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

function removeBinary(clone: string): void {
  rmSync(join(clone, 'node_modules', 'electron', 'dist'), { recursive: true, force: true });
  rmSync(join(clone, 'node_modules', 'electron', 'path.txt'), { force: true });
}

const zipRequests = (m: ElectronMirror): number => m.requests.filter((p) => p.endsWith(m.zipName)).length;
const BROWSER_HOST = /Loslaten is running\. Open this address in your browser: http:\/\/127\.0\.0\.1:\d+\//;

let mirror: ElectronMirror;
let clone: string;

beforeAll(async () => {
  mirror = await startElectronMirror('ok');
  clone = freshClone();
});
afterAll(async () => { await mirror?.close(); });

describe('first launch in a fresh clone', () => {
  it('postinstall downloads the binary from the mirror (checked against its SHASUMS256.txt); npm start then starts it without downloading', async () => {
    const env = mirrorEnv(mirror);
    expect(existsSync(join(clone, 'node_modules', 'electron', 'dist'))).toBe(false);
    const install = await runScript(clone, 'scripts/postinstall.mjs', env);
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(`Loslaten: downloading Electron ${ELECTRON_VERSION} from ${new URL(mirror.url).host}`);
    expect(mirror.requests).toEqual([`/v${ELECTRON_VERSION}/${mirror.zipName}`, `/v${ELECTRON_VERSION}/SHASUMS256.txt`]);
    expect(readFileSync(join(clone, 'node_modules', 'electron', 'path.txt'), 'utf8')).toBe('electron');

    const first = await runScript(clone, 'scripts/start.mjs', env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain('downloading');
    expect(mirror.requests).toHaveLength(2);
    const [run] = records(env);
    // Electron is started on the project folder, whose package.json "main" is the freshly built shell.
    expect(run).toMatchObject({ kind: 'ok', argv: [clone], cwd: clone, main: 'dist-electron/main.cjs', mainExists: true, env: { DISPLAY: ':99', ELECTRON_RUN_AS_NODE: null } });
    expect(existsSync(join(clone, 'dist-electron', 'preload.cjs'))).toBe(true);
  }, 240_000);

  it('npm start downloads a missing binary itself with one progress line, and the second start downloads nothing', async () => {
    removeBinary(clone);
    const env = mirrorEnv(mirror);
    const before = zipRequests(mirror);
    const first = await runScript(clone, 'scripts/start.mjs', env);
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n').filter((l) => l.includes('downloading Electron'))).toEqual([
      `Loslaten: downloading Electron ${ELECTRON_VERSION} from ${new URL(mirror.url).host} for the desktop window (once, about 100 MB)…`,
    ]);
    expect(zipRequests(mirror)).toBe(before + 1);
    const second = await runScript(clone, 'scripts/start.mjs', env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('downloading');
    expect(zipRequests(mirror)).toBe(before + 1);
    expect(records(env).map((r) => r.argv)).toEqual([[clone], [clone]]);
  }, 120_000);

  it('a download that fails says why in one line and serves the app to the browser; postinstall only warns (exit 0)', async () => {
    removeBinary(clone);
    const closed = await startElectronMirror('ok');
    await closed.close(); // nothing listens on its port any more: connection refused, as offline
    const env = mirrorEnv(closed);
    const t0 = Date.now();
    const install = await runScript(clone, 'scripts/postinstall.mjs', env);
    const installMs = Date.now() - t0;
    expect(install.code).toBe(0);
    expect(install.stderr).toMatch(new RegExp(`^loslaten: Electron was not downloaded \\(cannot reach ${new URL(closed.url).host.replaceAll('.', '\\.')} `));
    expect(installMs).toBeLessThan(15_000);

    const r = await runScript(clone, 'scripts/start.mjs', env, BROWSER_HOST);
    const lines = r.stdout.split('\n');
    expect(lines).toContain(`Loslaten: Electron could not be downloaded (cannot reach ${new URL(closed.url).host} (no internet connection, or a proxy or firewall in the way)); serving the same app to your browser instead (npm start tries again next time).`);
    expect(r.stdout).toMatch(BROWSER_HOST);
    expect(records(env)).toEqual([]);
    // A mirror that answers 404 is named with its status.
    const empty = tempDir('loslaten-empty-');
    const notFound = await runScript(clone, 'scripts/postinstall.mjs', { ...mirrorEnv(mirror), ELECTRON_MIRROR: `${mirror.url}nothing-here/`, electron_config_cache: empty });
    expect(notFound.stderr).toMatch(/answered 404 Not Found for http:\/\/127\.0\.0\.1:\d+\/nothing-here\/v[\d.]+\/electron-/);
  }, 180_000);

  it('an Electron that Linux refuses to sandbox leads to the exact fix in one line, and the browser host meanwhile', async () => {
    removeBinary(clone);
    mirror.serve('sandbox');
    const env = mirrorEnv(mirror);
    const r = await runScript(clone, 'scripts/start.mjs', env, BROWSER_HOST);
    mirror.serve('ok');
    expect(records(env).map((x) => x.kind)).toEqual(['sandbox']);
    expect(r.stderr).toContain('The SUID sandbox helper binary was found, but is not configured correctly');
    const helper = `'${join(clone, 'node_modules', 'electron', 'dist', 'chrome-sandbox')}'`;
    const advice = r.stdout.split('\n').filter((l) => l.includes('sandbox'));
    expect(advice).toEqual([
      'Loslaten: Linux did not let Electron start its sandbox (Ubuntu 23.10 and later block it with AppArmor). '
      + `Fix it once with: sudo chown root:root ${helper} && sudo chmod 4755 ${helper} `
      + '(or add the AppArmor profile from the README, section "Ubuntu"); serving the same app to your browser meanwhile.',
    ]);
    expect(r.stdout).toMatch(BROWSER_HOST);
    expect(r.stdout).not.toMatch(/no-sandbox|disable-sandbox/);
  }, 180_000);
});
