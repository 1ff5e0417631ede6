// npm test's first step: it finds the system tools the suite drives, installs them as root on Debian/Ubuntu, else stops in one line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOLS, missingPackages, onPath, plan } from '../../scripts/test-tools.mjs';

describe('test tools (scripts/test-tools.mjs)', () => {
  it('names the package of every missing tool, by command, file or Python module', () => {
    const all = missingPackages({ hasCmd: () => false, hasFile: () => false, hasPython: () => false });
    expect(all).toEqual(TOOLS.map((t) => t.pkg));
    const onlySocat = missingPackages({ hasCmd: (c) => c !== 'socat', hasFile: () => true, hasPython: () => true });
    expect(onlySocat).toEqual(['socat']);
    const noMne = missingPackages({ hasCmd: () => true, hasFile: () => true, hasPython: (m) => m !== 'mne' });
    expect(noMne).toEqual(['python3-mne']);
  });

  it('installs as root with apt-get, and otherwise stops with one line naming the exact command', () => {
    expect(plan({ missing: [], platform: 'linux', uid: 1000, hasAptGet: true })).toEqual({ action: 'none' });
    expect(plan({ missing: ['socat', 'chromium'], platform: 'linux', uid: 0, hasAptGet: true })).toEqual({ action: 'install', packages: ['socat', 'chromium'] });
    const user = plan({ missing: ['socat', 'chromium'], platform: 'linux', uid: 1000, hasAptGet: true });
    expect(user.action).toBe('stop');
    if (user.action === 'stop') {
      expect(user.line).toContain('sudo apt-get install -y socat chromium');
      expect(user.line).not.toContain('\n');
    }
    for (const platform of ['darwin', 'win32']) {
      const p = plan({ missing: ['socat'], platform, uid: null, hasAptGet: false });
      expect(p.action).toBe('stop');
      if (p.action === 'stop') expect(p.line).toMatch(/Debian or Ubuntu.*apt-get install -y socat/);
    }
  });

  it('looks commands up on PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loslaten-path-'));
    symlinkSync(process.execPath, join(dir, 'fake-tool'));
    expect(onPath('fake-tool', { PATH: dir })).toBe(true);
    expect(onPath('fake-tool', { PATH: '/nonexistent' })).toBe(false);
  });

  it('finds everything on this machine (the suite below needs it), so the script exits 0 without installing', () => {
    const r = spawnSync(process.execPath, ['scripts/test-tools.mjs'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
