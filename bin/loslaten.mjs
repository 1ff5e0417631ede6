#!/usr/bin/env node
// `loslaten` command: runs the TypeScript CLI (cli/main.ts) in this process through tsx from node_modules.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'node_modules', '.bin', 'tsx'))) {
  process.stderr.write('loslaten: tsx is missing from node_modules; run npm install in the project folder\n');
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(join(root, 'cli', 'main.ts')).href);
