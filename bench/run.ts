// `npm run bench`: runs every benchmark, prints a table and writes bench/results.json (a flat object of figures).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDecoder } from './decoder.ts';
import { benchLive } from './live.ts';
import { benchDrivers } from './drivers.ts';

type Bench = () => Promise<Record<string, number>>;
const benches: [string, Bench][] = [['decoder', benchDecoder], ['live', benchLive], ['drivers', benchDrivers]];
// Benchmarks of other parts, when present in this checkout.
for (const [name, file, fn] of [['dsp', 'dsp.ts', 'benchDsp'], ['sessions', 'sessions.ts', 'benchSessions'], ['render', 'render.ts', 'benchRender'], ['soak', 'soak.ts', 'benchSoak'], ['review-ui', 'review-ui.ts', 'benchReviewUi']] as const) {
  if (existsSync(join(import.meta.dirname, file))) {
    const mod = (await import(`./${file}`)) as Record<string, Bench>;
    if (typeof mod[fn] === 'function') benches.push([name, mod[fn]]);
  }
}

const only = process.argv.slice(2);
const results: Record<string, number> = {};
for (const [name, run] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  Object.assign(results, await run());
}
const path = join(import.meta.dirname, 'results.json');
writeFileSync(path, JSON.stringify(results, null, 2) + '\n');
const width = Math.max(...Object.keys(results).map((k) => k.length));
for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(width)}  ${v}`);
console.log(`\nwritten to ${path}`);
process.exit(0);
