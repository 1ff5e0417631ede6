// electron-builder.yml passes electron-builder's own schema, sets the security fuses, and `npm run dist` explains itself.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinaryStatus } from '../../electron/launcher.mjs';

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
  it('fails with one clear message when the Electron binary is missing, else gets past the check', () => {
    const st = electronBinaryStatus({ root, needDisplay: false });
    if (st.ok) {
      // This machine has the binary: only the pre-check is exercised here, packaging itself is not run in tests.
      expect(st.path).toContain('electron');
      return;
    }
    const r = spawnSync(process.execPath, [join(root, 'electron', 'dist.mjs')], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^npm run dist: cannot package: the Electron binary was never downloaded/);
    expect(r.stderr).toContain('npx install-electron');
    expect(r.stdout).toBe('');
  });
});
