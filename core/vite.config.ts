// Bundles the browser-hosted app's core (`npm run web`): core/host-main.ts → dist/host/host-main.mjs for plain Node,
// so the running app needs no TypeScript loader (no transpiler hooks, no loader thread, faster start).
// `--mode file-worker` bundles the file worker (core/file-worker.ts → dist/host/file-worker.mjs) next to it.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { recordBuildInputs } from '../scripts/build-inputs.mjs';

const root = resolve(import.meta.dirname, '..');
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig(({ mode }) => {
  const worker = mode === 'file-worker';
  return {
  root,
  publicDir: false,
  logLevel: 'warn',
  plugins: [recordBuildInputs(worker ? 'host-file-worker' : 'host', root)],
  // serialport loads its native binding at run time; ws probes optional native add-ons with require(): both stay
  // packages resolved from node_modules. Everything else (our modules, zod) is inlined.
  ssr: { noExternal: true, external: ['serialport', 'ws'] },
  build: {
    ssr: resolve(root, worker ? 'core/file-worker.ts' : 'core/host-main.ts'),
    outDir: resolve(root, 'dist/host'),
    emptyOutDir: !worker,
    target: 'node20',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      external: ['serialport', /^@serialport\//, 'ws', ...nodeBuiltins],
      output: { format: 'esm', entryFileNames: worker ? 'file-worker.mjs' : 'host-main.mjs', codeSplitting: false },
    },
  },
  };
});
