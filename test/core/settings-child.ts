// Child process for the read-error test: reads settings, tries a save, lists patients; prints the results as JSON.
import { AppCore } from '../../core/app-core.ts';

const core = new AppCore({ dataDir: process.argv[2] ?? '' });
const get = await core.handle('getSettings', {});
const save = await core.handle('saveSettings', { app: { mode: 'therapist' } });
const queue = await core.handle('saveQueue', { day: '2026-12-06', entries: [] });
process.stdout.write(JSON.stringify({ uid: process.getuid?.(), get, save, queue }) + '\n');
await core.dispose();
process.exit(0);
