#!/usr/bin/env node
// Static Electron security scan with @doyensec/electronegativity over the shell's sources, bundles, built UI and
// package.json. Exits 1 on any HIGH or MEDIUM finding not explained in .ci/electronegativity-allow.json, on an
// allowlist entry without a written reason, or on a file the scanner could not parse (an unparsed file is unchecked).
//
// Usage: node .ci/electronegativity.mjs [--input PATH]... [--allow FILE] [--report FILE]
//   --input   file or folder to scan (relative to the project root, or absolute); repeatable. Default: electron, package.json and,
//             when built, dist-electron and dist/renderer.
//   --allow   allowlist JSON (default .ci/electronegativity-allow.json): { "allow": [{ "id", "file"?, "reason" }] }
//   --report  where to write the JSON report (default test-output/electronegativity.json)
// The scanner itself exits 0 whatever it finds and reads only .js/.ts/.html/package.json files, so .cjs/.mjs bundles
// are staged under .js names. Run offline: its two network look-ups (translations, Electron releases) are stubbed.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BLOCKING = new Set(['HIGH', 'MEDIUM']);
const MIN_REASON_CHARS = 20;

function parseArgs(argv) {
  const out = { inputs: [], allow: join(root, '.ci', 'electronegativity-allow.json'), report: join(root, 'test-output', 'electronegativity.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { const v = argv[++i]; if (v === undefined) fail(`${a} needs a value`); return v; };
    if (a === '--input') out.inputs.push(next());
    else if (a === '--allow') out.allow = resolve(next());
    else if (a === '--report') out.report = resolve(next());
    else fail(`unknown argument ${a}`);
  }
  if (out.inputs.length === 0) {
    out.inputs = ['electron', 'package.json'];
    if (existsSync(join(root, 'dist-electron'))) out.inputs.push('dist-electron');
    if (existsSync(join(root, 'dist', 'renderer'))) out.inputs.push('dist/renderer');
  }
  return out;
}

function fail(message) {
  console.error(`electronegativity: ${message}`);
  process.exit(1);
}

/**
 * Copies the inputs into one folder the scanner can read; returns stagedRel → reported name. Inputs inside the project
 * keep their project-relative path; others (a bundle built elsewhere) are staged as external/<folder name>/….
 */
function stage(inputs, dir) {
  const names = new Map();
  const copyFile = (src, label) => {
    const stagedRel = label.replace(/\.(cjs|mjs)$/, '.$1.js');
    mkdirSync(dirname(join(dir, stagedRel)), { recursive: true });
    cpSync(src, join(dir, stagedRel));
    names.set(stagedRel.split(sep).join('/'), label.split(sep).join('/'));
  };
  const walk = (src, label) => {
    if (statSync(src).isDirectory()) {
      for (const e of readdirSync(src)) if (e !== 'node_modules' && !e.startsWith('.')) walk(join(src, e), join(label, e));
    } else copyFile(src, label);
  };
  for (const input of inputs) {
    const abs = resolve(root, input);
    if (!existsSync(abs)) fail(`input ${input} does not exist`);
    const rel = relative(root, abs);
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    walk(abs, inside ? rel : join('external', basename(abs)));
  }
  return names;
}

/** Loads the scanner with its own TypeScript 4 parser (the project's TypeScript 7 has no JS API) and no network. */
function loadScanner() {
  const require = createRequire(join(root, 'package.json'));
  let pkgDir;
  try { pkgDir = dirname(require.resolve('@doyensec/electronegativity/package.json')); } catch {
    fail('@doyensec/electronegativity is not installed (npm ci installs it as a devDependency)');
  }
  const tsForEstree = require.resolve('typescript', { paths: [pkgDir] });
  const gotStub = join(pkgDir, '__offline_got_stub__.js');
  const offline = () => Promise.reject(new Error('network disabled for this scan'));
  offline.head = offline;
  offline.get = offline;
  const stub = new Module(gotStub);
  stub.filename = gotStub;
  stub.loaded = true;
  stub.exports = offline;
  require.cache[gotStub] = stub;
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    if (request === 'got') return gotStub;
    if (request === 'typescript' && parent?.filename?.includes(`${sep}@typescript-eslint${sep}`)) return tsForEstree;
    return original.call(this, request, parent, ...rest);
  };
  const run = require(join(pkgDir, 'dist', 'runner.js'));
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  return { run: run.default ?? run, version };
}

function loadAllowlist(file) {
  let raw;
  try { raw = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { fail(`cannot read the allowlist ${relative(root, file)}: ${e.message}`); }
  const entries = Array.isArray(raw?.allow) ? raw.allow : fail(`${relative(root, file)} must be { "allow": [ … ] }`);
  for (const [i, e] of entries.entries()) {
    if (typeof e?.id !== 'string' || !e.id) fail(`allowlist entry ${i} has no "id"`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < MIN_REASON_CHARS) {
      fail(`allowlist entry ${i} (${e.id}) needs a written "reason" of at least ${MIN_REASON_CHARS} characters`);
    }
    if (e.file !== undefined && typeof e.file !== 'string') fail(`allowlist entry ${i} (${e.id}): "file" must be a string`);
  }
  return entries;
}

const args = parseArgs(process.argv.slice(2));
const allowlist = loadAllowlist(args.allow);
const stageDir = mkdtempSync(join(tmpdir(), 'loslaten-electronegativity-'));
const names = stage(args.inputs, stageDir);
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const scanner = loadScanner();

// The scanner talks on stdout (warnings about the stubbed network); keep that for a failure report only.
const chatter = [];
const { log, warn } = console;
console.log = (...a) => { chatter.push(a.join(' ')); };
console.warn = console.log;
let result;
try {
  result = await scanner.run({
    input: stageDir, output: undefined, isSarif: false, customScan: [], excludeFromScan: [],
    severitySet: undefined, confidenceSet: undefined, isRelative: true, isVerbose: false,
    electronUpgrade: undefined, electronVersionOverride: electronVersion, parserPlugins: [],
  }, false);
} catch (e) {
  console.log = log; console.warn = warn;
  fail(`the scan failed: ${e?.stack ?? e}\n${chatter.join('\n')}`);
} finally {
  console.log = log; console.warn = warn;
  rmSync(stageDir, { recursive: true, force: true });
}

const originalName = (f) => (f === 'N/A' ? 'N/A' : names.get(String(f).split(sep).join('/')) ?? String(f));
const findings = result.issues.map((i) => ({
  id: i.id,
  severity: i.severity.name,
  confidence: i.confidence.name,
  file: originalName(i.file),
  line: i.location?.line ?? 0,
  column: i.location?.column ?? 0,
  description: i.description,
  manualReview: Boolean(i.manualReview),
}));
const parseErrors = result.errors.filter((e) => !e.tolerable).map((e) => ({ file: originalName(relative(stageDir, e.file)), message: e.message }));
const matches = (entry, f) => entry.id === f.id && (entry.file === undefined || entry.file === f.file);
const used = new Set();
const allowed = [];
const unexplained = [];
for (const f of findings) {
  if (!BLOCKING.has(f.severity)) continue;
  const entry = allowlist.find((e) => matches(e, f));
  if (entry) { used.add(entry); allowed.push({ ...f, reason: entry.reason }); } else unexplained.push(f);
}
const unusedAllow = allowlist.filter((e) => !used.has(e));
const count = (s) => findings.filter((f) => f.severity === s).length;
const summary = {
  scanner: `electronegativity ${scanner.version}`,
  electronVersion,
  inputs: args.inputs,
  filesScanned: names.size,
  checks: { global: result.globalChecks, atomic: result.atomicChecks },
  counts: { HIGH: count('HIGH'), MEDIUM: count('MEDIUM'), LOW: count('LOW'), INFORMATIONAL: count('INFORMATIONAL') },
  allowed, unexplained, parseErrors,
  unusedAllowlistEntries: unusedAllow.map((e) => e.id),
  findings,
};
mkdirSync(dirname(args.report), { recursive: true });
writeFileSync(args.report, JSON.stringify(summary, null, 2));

const where = (f) => `${f.file}:${f.line}:${f.column}`;
for (const f of allowed) console.log(`  allowed   ${f.severity.padEnd(6)} ${f.id} ${where(f)} — ${f.reason}`);
for (const f of unexplained) console.log(`  UNEXPLAINED ${f.severity} ${f.id} ${where(f)} — ${f.description}`);
for (const e of parseErrors) console.log(`  UNPARSED  ${e.file}: ${e.message}`);
for (const e of unusedAllow) console.log(`  note: allowlist entry ${e.id}${e.file ? ` (${e.file})` : ''} matched nothing; remove it`);
console.log(`electronegativity: ${names.size} files, ${result.atomicChecks + result.globalChecks} checks; ` +
  `${findings.length} findings (${summary.counts.HIGH} high, ${summary.counts.MEDIUM} medium, ${summary.counts.LOW} low, ` +
  `${summary.counts.INFORMATIONAL} informational); ${allowed.length} high/medium allowed with a reason, ` +
  `${unexplained.length} unexplained, ${parseErrors.length} unparsed files`);
if (result.atomicChecks === 0 || names.size === 0) fail('nothing was checked');
process.exit(unexplained.length > 0 || parseErrors.length > 0 ? 1 : 0);
