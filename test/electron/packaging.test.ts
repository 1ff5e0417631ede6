// electron-builder.yml passes electron-builder's own schema, sets the security fuses, and `npm run dist` explains itself.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distPlan } from '../../electron/dist.mjs';
import { freshClone, mirrorEnv, startElectronMirror } from '../helpers/electron-mirror.ts';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(join(root, 'package.json'));
type BuilderConfig = Record<string, any>;
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, log: { isEnabled: boolean; add(): void }): Promise<void>;
};
const quietLog = { isEnabled: false, add() {} };

async function loadConfig(): Promise<BuilderConfig> {
  return getConfig(root, join(root, 'electron-builder.yml'), null);
}

describe('electron-builder.yml', () => {
  it('is valid for electron-builder and rejects a misspelt option (so the check can fail)', async () => {
    const cfg = await loadConfig();
    await expect(validateConfiguration(cfg, quietLog)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...cfg, electronFuse: { runAsNode: false } }, quietLog)).rejects.toThrow(/electronFuse/);
  });

  it('sets the security fuses: RunAsNode, NODE_OPTIONS and --inspect off; asar integrity and asar-only on', async () => {
    const cfg = await loadConfig();
    expect(cfg.electronFuses).toMatchObject({
      runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true,
    });
    expect(cfg.asar).toBe(true);
  });

  it('needs no native rebuild: serialport ships N-API prebuilds for Linux, Windows and macOS', async () => {
    const cfg = await loadConfig();
    expect(cfg.npmRebuild).toBe(false);
    const prebuilds = join(root, 'node_modules', '@serialport', 'bindings-cpp', 'prebuilds');
    for (const target of ['linux-x64', 'win32-x64', 'darwin-x64+arm64']) {
      expect(readdirSync(join(prebuilds, target)).some((f) => f.endsWith('.node')), target).toBe(true);
    }
  });

  it('targets AppImage + deb (with the udev rule), NSIS and dmg, and packs only the built app', async () => {
    const cfg = await loadConfig();
    expect(cfg.linux.target).toEqual(['AppImage', 'deb']);
    expect(cfg.win.target).toEqual(['nsis']);
    expect(cfg.mac.target).toEqual(['dmg']);
    const [rule, dest] = (cfg.deb.fpm[0] as string).split('=');
    expect(dest).toBe('/usr/lib/udev/rules.d/60-loslaten-serial.rules');
    expect(readFileSync(join(root, rule!), 'utf8')).toMatch(/SUBSYSTEM=="tty", ATTRS\{idVendor\}=="[0-9a-f]{4}", TAG\+="uaccess"/);
    expect(cfg.linux.description).toContain('dialout');
    const patterns = (cfg.files as (string | { filter: string[] })[]).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(patterns).toEqual(expect.arrayContaining(['package.json', 'dist/renderer/**', 'dist-electron/**']));
    expect(patterns.some((f) => /^(electron|core|api|renderer|test|sessions)\//.test(f))).toBe(false);
  });
});

describe('npm run dist', () => {
  it('without a binary and with the download failing, stops with one clear message (exit 1) naming why', async () => {
    const clone = freshClone();
    const closed = await startElectronMirror('ok');
    await closed.close();
    const r = spawnSync(process.execPath, [join(clone, 'electron', 'dist.mjs')], { cwd: clone, encoding: 'utf8', env: mirrorEnv(closed) });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`npm run dist: cannot package: Electron could not be downloaded (cannot reach ${new URL(closed.url).host} (no internet connection, or a proxy or firewall in the way)). On a machine with internet access run \`npx install-electron\`, then \`npm run dist\` again.\n`);
    expect(r.stdout).toMatch(/^Loslaten: downloading Electron [\d.]+ from 127\.0\.0\.1:\d+ to pack into the app…\n$/);
  }, 60_000);

  it('runs vite and electron-builder through this Node on every platform (no npm, no .cmd, no shell), with that platform\'s flag', () => {
    const fake = mkdtempSync(join(tmpdir(), 'loslaten-dist-'));
    for (const [rel, text] of [
      ['node_modules/vite/package.json', '{"name":"vite","bin":{"vite":"bin/vite.js"}}'], ['node_modules/vite/bin/vite.js', ''],
      ['node_modules/electron-builder/package.json', '{"name":"electron-builder","bin":{"electron-builder":"./cli.js"}}'], ['node_modules/electron-builder/cli.js', ''],
      ['node_modules/electron/package.json', '{"name":"electron"}'],
      ['node_modules/electron/dist/electron.exe', ''], ['node_modules/electron/dist/electron', ''], ['node_modules/electron/dist/Electron.app/Contents/MacOS/Electron', ''],
    ] as const) {
      mkdirSync(dirname(join(fake, rel)), { recursive: true });
      writeFileSync(join(fake, rel), text);
    }
    const node = 'C:\\nodejs\\node.exe';
    const vite = join(fake, 'node_modules', 'vite', 'bin', 'vite.js');
    for (const [platform, flag] of [['win32', '--win'], ['darwin', '--mac'], ['linux', '--linux']] as const) {
      const plan = distPlan({ root: fake, platform, execPath: node, env: {}, args: ['--dir'] });
      if (!plan.ok) throw new Error(plan.message);
      expect(plan.commands.map((c) => [c.command, ...c.args])).toEqual([
        [node, vite, 'build', '--logLevel', 'error'],
        [node, vite, 'build', '-c', join(fake, 'electron', 'vite.config.ts'), '--mode', 'main', '--logLevel', 'error'],
        [node, vite, 'build', '-c', join(fake, 'electron', 'vite.config.ts'), '--mode', 'preload', '--logLevel', 'error'],
        [node, vite, 'build', '-c', join(fake, 'electron', 'vite.config.ts'), '--mode', 'file-worker', '--logLevel', 'error'],
        [node, join(fake, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'electron-builder.yml', flag, '--publish', 'never', '--dir'],
      ]);
    }
    expect(distPlan({ root: fake, platform: 'aix', execPath: node })).toMatchObject({ ok: false, reason: 'platform' });
  });
});
