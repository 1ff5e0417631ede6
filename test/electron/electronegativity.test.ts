// Runs the electronegativity gate (.ci/electronegativity.mjs) on the Electron shell, its fresh bundles and the built
// UI: no HIGH/MEDIUM finding may be left unexplained. Also proves the gate fails on an insecure app.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const script = join(root, '.ci', 'electronegativity.mjs');
let work: string;

interface Finding { id: string; severity: string; file: string; reason?: string }
interface Report {
  filesScanned: number;
  checks: { global: number; atomic: number };
  counts: Record<'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL', number>;
  allowed: Finding[]; unexplained: Finding[]; parseErrors: unknown[]; findings: Finding[];
}

function gate(args: string[]): { status: number | null; stdout: string; stderr: string; report: Report | null } {
  const reportFile = join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(process.execPath, [script, ...args, '--report', reportFile], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) as Report : null;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, report };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'loslaten-eneg-'));
  const vite = join(root, 'node_modules', '.bin', 'vite');
  for (const mode of ['main', 'preload']) {
    const r = spawnSync(vite, ['build', '-c', 'electron/vite.config.ts', '--mode', mode], {
      cwd: root, encoding: 'utf8', env: { ...process.env, LOSLATEN_ELECTRON_OUT_DIR: join(work, 'dist-electron') },
    });
    if (r.status !== 0) throw new Error(`electron bundle build failed:\n${r.stdout}\n${r.stderr}`);
  }
}, 120_000);

describe('electronegativity', () => {
  it('finds no unexplained HIGH or MEDIUM issue in electron/, the bundles, package.json and the built UI', () => {
    const inputs = ['electron', 'package.json', join(work, 'dist-electron')];
    if (existsSync(join(root, 'dist', 'renderer', 'index.html'))) inputs.push('dist/renderer');
    const r = gate(inputs.flatMap((i) => ['--input', i]));
    const last = r.stdout.trim().split('\n').pop();
    expect(r.report, r.stderr).not.toBeNull();
    expect(r.report!.unexplained, last).toEqual([]);
    expect(r.report!.parseErrors).toEqual([]);
    expect(r.report!.counts.HIGH).toBe(0);
    expect(r.report!.checks.atomic).toBeGreaterThan(30);
    expect(r.report!.filesScanned).toBeGreaterThanOrEqual(12);
    for (const a of r.report!.allowed) expect(a.reason!.length).toBeGreaterThan(40);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(last).toMatch(/^electronegativity: \d+ files, \d+ checks; .* 0 unexplained, 0 unparsed files$/);
    console.log(last);
  }, 120_000);

  it('fails on an insecure window (no isolation, no sandbox, webSecurity off, openExternal, no navigation limit)', () => {
    const bad = join(work, 'insecure-app');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'main.js'), [
      "const { app, BrowserWindow, shell } = require('electron');",
      'app.whenReady().then(() => {',
      "  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false, allowRunningInsecureContent: true } });",
      "  win.loadURL('http://example.com/');",
      "  win.webContents.on('new-window', (e, url) => shell.openExternal(url));",
      '});',
    ].join('\n'));
    const r = gate(['--input', bad]);
    expect(r.status).toBe(1);
    const ids = r.report!.unexplained.map((f) => f.id);
    // The same checks stay silent on our shell: isolation, sandbox, webSecurity, navigation and permission handlers.
    expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'OPEN_EXTERNAL_JS_CHECK']));
    expect(r.report!.counts.HIGH).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/UNEXPLAINED HIGH CONTEXT_ISOLATION_JS_CHECK external\/insecure-app\/main\.js:3:\d+/);
  }, 120_000);

  it('rejects an allowlist entry without a written reason', () => {
    const allow = join(work, 'allow.json');
    writeFileSync(allow, JSON.stringify({ allow: [{ id: 'PRELOAD_JS_CHECK', reason: 'ok' }] }));
    const r = gate(['--input', 'electron', '--allow', allow]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('needs a written "reason"');
  }, 60_000);
});
