// Types for screenshots.mjs (plain JS so `npm run screenshots` runs without a build).
import type { ToolCommand } from './node-tools.mjs';

/** The build and the screenshot-taking test run, as Node command lines. */
export function screenshotCommands(root?: string, execPath?: string): ToolCommand[];
