// Test-file order for `vitest run`: the files known to take longest start first, so that on CI's 2-core machine the
// two workers finish together instead of one of them starting a minute-long file when the other is idle (longest
// processing time first). Vitest orders by the durations it cached from an earlier run; CI starts from a fresh clone
// without that cache, and Vitest then keeps the folder order, which puts test/electron/dist-linux near the end.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest files, slowest first, by their durations in a whole `npm test` on a 2-core machine (dist-linux ≈ 55 s,
 * the CLI, Electron and Chromium files 15–40 s; most others take 1–5 s). Order only: a file missing here or from the
 * run changes nothing else.
 */
export const SLOW_FILES: readonly string[] = [
  'test/electron/dist-linux.test.ts',
  'test/e2e/biofeedback-setup.test.ts',
  'test/cli/cli.test.ts',
  'test/electron/first-launch.test.ts',
  'test/review/report-print.test.ts',
  'test/review/report.test.ts',
  'test/e2e/a11y.test.ts',
  'test/e2e/biofeedback.test.ts',
  'test/e2e/review.test.ts',
  'test/reliability/import-during-recording.test.ts',
  'test/e2e/experience-settings.test.ts',
  'test/electron/electronegativity.test.ts',
  'test/e2e/experience-queue-trend.test.ts',
  'test/e2e/live-view.test.ts',
  'test/e2e/experience.test.ts',
  'test/core/device-link.test.ts',
  'test/cli/record-devices.test.ts',
  'test/reliability/decoder-fuzz.test.ts',
  'test/core/recording.test.ts',
  'test/e2e/session-work-kept.test.ts',
  'test/reliability/hostile-stream.test.ts',
  'test/electron/report-pdf.test.ts',
];

/** Sorts `files` (repository-relative paths) with the SLOW_FILES first in their order; the rest keep their order. */
export function slowFirst<T>(files: readonly T[], pathOf: (f: T) => string): T[] {
  const rank = (f: T): number => { const i = SLOW_FILES.indexOf(pathOf(f)); return i < 0 ? SLOW_FILES.length : i; };
  return files.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
}

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // With durations cached from an earlier run on this machine, Vitest's own order (longest first) is better.
    const cached = sorted.every((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`)?.duration);
    return cached ? sorted : slowFirst(sorted, (f) => relative(this.ctx.config.root, f.moduleId).replaceAll('\\', '/'));
  }
}
