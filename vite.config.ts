// Bundles the renderer (React UI) into dist/renderer, served by Electron's app:// protocol or the local web host.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { recordBuildInputs } from './scripts/build-inputs.mjs';

export default defineConfig({
  root: 'renderer',
  base: './',
  // The record of what the bundle was made from tells `npm start` when to rebuild it (scripts/build-inputs.mjs).
  plugins: [react(), recordBuildInputs('renderer', import.meta.dirname)],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    // No inline scripts or styles: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
