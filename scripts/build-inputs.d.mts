// Types for build-inputs.mjs (plain JS so scripts/start.mjs can import it without a build).
import type { Plugin } from 'vite';

/** Folder (inside the project) where the records are written. */
export declare const BUILD_INPUTS_DIR: string;
/** A vite plugin that records the build's inputs (module graph, config, package.json, lockfile) under `name`. */
export function recordBuildInputs(name: string, root: string): Plugin;
/** Why the bundle `output` must be rebuilt, or null when it is newer than every recorded input. */
export function buildStaleReason(root: string, name: string, output: string): string | null;
