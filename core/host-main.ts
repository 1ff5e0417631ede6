// Entry of the browser-hosted app: the app core plus the local web host on 127.0.0.1; prints the URL to open.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppCore } from './app-core.ts';
import { startWebHost } from './web-host.ts';

/** The built renderer: next to the bundle (dist/host → dist/renderer) or, run from source, in dist/renderer. */
const staticDir = [resolve(import.meta.dirname, '../renderer'), resolve(import.meta.dirname, '../dist/renderer')]
  .find((d) => existsSync(resolve(d, 'index.html'))) ?? resolve(import.meta.dirname, '../dist/renderer');
if (!existsSync(resolve(staticDir, 'index.html'))) {
  console.error('Loslaten: the user interface is not built yet. Run `npm run build` first.');
  process.exit(2);
}
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.LOSLATEN_PORT ?? 0);
const core = new AppCore();
for (const r of await core.recoverUnfinished()) console.log(`Loslaten: repaired an unfinished recording: ${r.path}`);
const host = await startWebHost(core, { staticDir, port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 0 });
console.log(`Loslaten is running. Open this address in your browser: ${host.url}`);
console.log(`It is reachable from this computer only. Your data stays in ${core.dataDir}. Press Ctrl+C to stop.`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await core.dispose();
  await host.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
