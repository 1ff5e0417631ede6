// Review commands through the app core: analyse, trends, import by path (gated), report file.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppCore } from '../../core/app-core.ts';
import type { Result } from '../../api/contract.ts';
import { tmpDir, writeSyntheticSession } from './synthetic.ts';

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('review commands', () => {
  it('the web host default refuses import by path; a trusted host imports, analyses, trends and reports', async () => {
    const dir = tmpDir();
    const edf = await writeSyntheticSession(path.join(dir, 'home.edf'));
    const untrusted = new AppCore({ dataDir: path.join(dir, 'a') });
    expect(await untrusted.handle('importSessionFromPath', { profileId: 'anna', path: edf })).toEqual({ ok: false, error: { kind: 'forbidden', reason: 'untrusted-sender' } });
    await untrusted.dispose();

    const c = new AppCore({ dataDir: path.join(dir, 'b'), allowPathImport: true });
    try {
      const bad = path.join(dir, 'bad.edf');
      fs.writeFileSync(bad, '0       ' + 'x'.repeat(300));
      const e = await c.handle('importSessionFromPath', { profileId: 'anna', path: bad });
      expect(e.ok).toBe(false);
      expect(!e.ok && e.error.kind).toBe('file-error');
      expect(ok(await c.handle('listSessions', { profileId: 'anna' }))).toEqual([]);
      const imp = ok(await c.handle('importSessionFromPath', { profileId: 'anna', path: edf, title: 'Thuis' })) as { id: string; status: string; durationS: number };
      expect(imp.status).toBe('imported');
      expect(imp.durationS).toBe(54);
      const a = ok(await c.handle('analyseSession', { profileId: 'anna', sessionId: imp.id })) as { glazer: unknown; phases: unknown[] };
      expect(a.glazer).not.toBeNull();
      expect(a.phases).toHaveLength(16); // 7 phases + session, two channels
      const tr = ok(await c.handle('sessionTrends', { profileId: 'anna' })) as { sessionId: string; metrics: { restingToneUv: number } }[];
      expect(tr).toHaveLength(1);
      expect(tr[0]!.metrics.restingToneUv).toBeGreaterThan(7);
      const rep = ok(await c.handle('exportSessionReport', { profileId: 'anna', sessionId: imp.id })) as { htmlPath: string; html: string };
      expect(fs.readFileSync(rep.htmlPath, 'utf8')).toBe(rep.html);
      expect(rep.html).toContain('Thuis');
      expect((fs.statSync(rep.htmlPath).mode & 0o777).toString(8)).toBe('600');
      expect(await c.handle('analyseSession', { profileId: 'anna', sessionId: 'nope' })).toEqual({ ok: false, error: { kind: 'session-not-found', id: 'nope' } });
      expect((await c.handle('sessionTrends', { profileId: '../etc' })).ok).toBe(false);
    } finally {
      await c.dispose();
    }
  }, 30_000);
});
