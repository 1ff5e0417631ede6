// Test runner configuration: every suite under test/, Node environment unless a file opts into jsdom.
import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/helpers/slow-first-sequencer.ts';

/**
 * Files whose assertions bound a child process's wall-clock time tightly (record --seconds 3 must end before 3.9 s):
 * they run after the rest, one at a time, with no other test file competing for the CPU (a whole run on a busy
 * 2-core machine once measured 3.93 s). Their bounds stay as they are.
 */
const ALONE = ['test/cli/record-wall-time.test.ts'];

export default defineConfig({
  test: {
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
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: [...configDefaults.exclude, ...ALONE] } },
      { extends: true, test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
