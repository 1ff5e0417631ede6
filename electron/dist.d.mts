// Types for dist.mjs (plain JS so `npm run dist` runs without a build).
/** A command line: the executable and its arguments (as scripts/node-tools.mjs builds them). */
export interface ToolCommand { readonly command: string; readonly args: string[] }

export interface DistPlanOptions {
  readonly root?: string;
  readonly platform?: string;
  readonly execPath?: string;
  readonly env?: Record<string, string | undefined>;
  /** Extra electron-builder arguments (e.g. `--dir`). */
  readonly args?: string[];
}

/** What `npm run dist` runs on a platform, in order, or why it cannot. */
export function distPlan(o?: DistPlanOptions):
  | { ok: true; commands: ToolCommand[] }
  | { ok: false; reason: 'platform' | 'missing-binary' | 'no-builder'; message: string };
