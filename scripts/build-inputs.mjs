// Which source files a bundle was made from, so `npm start` rebuilds exactly when one of them changed. Each vite build
// records its module graph (every file the bundler read, minus node_modules) plus its config, package.json and the
// lockfile into dist/build-inputs/<name>.json; `buildStaleReason` compares their times with the bundle's.
// Nothing is listed by hand: a new import of dsp/, training/ or firmware-protocol/ is in the record after the next build.
// Plain JS so scripts/start.mjs runs it without a build step.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Folder (inside the project) where the records are written. */
export const BUILD_INPUTS_DIR = join('dist', 'build-inputs');

/** Files every build depends on besides its module graph (relative to the project). */
const ALWAYS = ['package.json', 'package-lock.json'];

/**
 * A vite plugin that records the build's inputs under `name` (e.g. 'renderer', 'host', 'electron-main').
 * @param {string} name
 * @param {string} root project folder
 */
export function recordBuildInputs(name, root) {
  let configFile = null;
  return {
    name: 'loslaten-record-build-inputs',
    apply: 'build',
    configResolved(config) { configFile = config.configFile ?? null; },
    writeBundle() {
      const files = new Set(ALWAYS);
      if (configFile) files.add(relative(root, configFile));
      for (const raw of this.getModuleIds()) {
        if (raw.startsWith('\0')) continue;
        const id = raw.split('?', 1)[0];
        if (!isAbsolute(id)) continue;
        const rel = relative(root, id);
        if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('node_modules')) continue;
        files.add(rel);
      }
      const dir = join(root, BUILD_INPUTS_DIR);
      mkdirSync(dir, { recursive: true });
      const inputs = [...files].map((f) => f.split(sep).join('/')).sort();
      writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ name, inputs }, null, 1)}\n`);
    },
  };
}

/**
 * Why the bundle `output` (relative to root) must be rebuilt, or null when it is newer than every recorded input.
 * @param {string} root
 * @param {string} name the record's name
 * @param {string} output the bundle file the build writes
 * @returns {string | null}
 */
export function buildStaleReason(root, name, output) {
  const out = resolve(root, output);
  if (!existsSync(out)) return `${output} does not exist`;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(root, BUILD_INPUTS_DIR, `${name}.json`), 'utf8')).inputs;
  } catch {
    return 'no record of its sources';
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return 'no record of its sources';
  const builtAt = statSync(out).mtimeMs;
  for (const rel of inputs) {
    if (typeof rel !== 'string') return 'a damaged record of its sources';
    let t;
    try { t = statSync(join(root, rel)).mtimeMs; } catch {
      if (ALWAYS.includes(rel)) continue; // no lockfile in this copy: nothing to compare
      return `${rel} is gone`;
    }
    if (t > builtAt) return `${rel} changed`;
  }
  return null;
}
