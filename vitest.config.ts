// Test runner configuration: every suite under test/, Node environment unless a file opts into jsdom.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/helpers/slow-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker less than the CPU count: a single worker on CI's 2-core machine, so the suite ran
    // file after file while most files wait on Chromium, child processes, pty pairs and real-time streams. One worker
    // per core (at least 2) keeps both cores busy. VITEST_MAX_WORKERS or --maxWorkers still override it.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: SlowFirstSequencer },
    reporters: ['default'],
  },
});
