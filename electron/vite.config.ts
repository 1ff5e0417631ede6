// Bundles the Electron shell: `--mode main` → dist-electron/main.cjs (Node), `--mode preload` → dist-electron/preload.cjs.
// The preload runs sandboxed, where `require` knows only 'electron': it is one self-contained file with api/ inlined.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';
import { recordBuildInputs } from '../scripts/build-inputs.mjs';

const root = resolve(import.meta.dirname, '..');
/** Output folder; LOSLATEN_ELECTRON_OUT_DIR overrides it (tests build into a temporary folder). */
const outDir = process.env.LOSLATEN_ELECTRON_OUT_DIR ? resolve(process.env.LOSLATEN_ELECTRON_OUT_DIR) : resolve(root, 'dist-electron');
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
/** Native or runtime-resolved packages the main bundle must `require` from node_modules (inside app.asar). */
const mainExternals = ['electron', 'serialport', /^@serialport\//, ...nodeBuiltins];

function mainConfig(): UserConfig {
  return {
    root,
    publicDir: false,
    logLevel: 'warn',
    plugins: [recordBuildInputs('electron-main', root)],
    ssr: { noExternal: true, external: ['serialport'] },
    build: {
      ssr: resolve(root, 'electron/main/main.ts'),
      outDir,
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      rolldownOptions: {
        external: mainExternals,
        output: { format: 'cjs', entryFileNames: 'main.cjs', codeSplitting: false },
      },
    },
  };
}

function preloadConfig(): UserConfig {
  return {
    root,
    publicDir: false,
    logLevel: 'warn',
    plugins: [recordBuildInputs('electron-preload', root)],
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      lib: { entry: resolve(root, 'electron/preload/preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
      rolldownOptions: {
        external: ['electron'],
        output: { codeSplitting: false },
      },
    },
  };
}

/** `--mode file-worker`: the file worker thread (core/file-worker.ts: imports, analyses) next to main.cjs. */
function fileWorkerConfig(): UserConfig {
  const c = mainConfig();
  return {
    ...c,
    plugins: [recordBuildInputs('electron-file-worker', root)],
    build: {
      ...c.build,
      ssr: resolve(root, 'core/file-worker.ts'),
      rolldownOptions: { external: mainExternals, output: { format: 'cjs', entryFileNames: 'file-worker.cjs', codeSplitting: false } },
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'main') return mainConfig();
  if (mode === 'preload') return preloadConfig();
  if (mode === 'file-worker') return fileWorkerConfig();
  throw new Error(`electron/vite.config.ts: use --mode main, preload or file-worker (got "${mode}")`);
});
