// The report names the patient as people know them (issue 15 item 16), also for a recording that stored no name.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore } from '../../core/app-core.ts';
import { tempDir } from '../helpers/pty.ts';
import { tmpDir, writeSyntheticSession } from '../review/synthetic.ts';

describe('report patient name', () => {
  it('shows "Anna de Vries", not the folder-safe id anna-de-vries', async () => {
    const core = new AppCore({ dataDir: tempDir('loslaten-data-'), allowPathImport: true });
    try {
      const created = await core.handle('createPatient', { id: 'anna-de-vries', name: 'Anna de Vries' });
      expect(created.ok).toBe(true);
      const imp = await core.handle('importSessionFromPath', { profileId: 'anna-de-vries', path: await writeSyntheticSession(join(tmpDir(), 'a.edf')) });
      if (!imp.ok) throw new Error(JSON.stringify(imp.error));
      const r = await core.handle('exportSessionReport', { profileId: 'anna-de-vries', sessionId: (imp.value as { id: string }).id, language: 'en' });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const html = (r.value as { html: string }).html;
      const patient = /Patient<\/dt>\s*<dd>([^<]*)<\/dd>/.exec(html)?.[1];
      expect(patient).toBe('Anna de Vries');
    } finally {
      await core.dispose();
    }
  }, 60_000);
});
