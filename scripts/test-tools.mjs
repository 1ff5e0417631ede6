// First step of `npm test`: the system tools the suite drives for real (socat ptys, Chromium, independent EDF readers,
// simavr), installed with apt-get where we may (root on Debian/Ubuntu), else one line naming the exact install command.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the tests need, as Debian/Ubuntu packages, and how to tell each is there (a command on PATH, a file, or a
 * Python module importable by /usr/bin/python3, the interpreter the tests run).
 */
export const TOOLS = [
  { pkg: 'socat', why: 'serial ports as pseudo-terminals', cmd: 'socat' },
  { pkg: 'chromium', why: 'end-to-end tests in headless Chromium', file: '/usr/bin/chromium' },
  { pkg: 'biosig-tools', why: 'an independent EDF+/BDF+ reader', cmd: 'save2gdf' },
  { pkg: 'python3-mne', why: 'MNE reads our recordings', python: 'mne' },
  { pkg: 'libedf-dev', why: 'EDFlib, a strict reader and an independent writer', file: '/usr/include/edflib.h' },
  { pkg: 'build-essential', why: 'compiles the EDFlib helper', cmd: 'cc' },
  { pkg: 'make', why: 'builds the firmware and its simavr harness', cmd: 'make' },
  { pkg: 'gcc-avr', why: 'compiles the reference firmware', cmd: 'avr-gcc' },
  { pkg: 'avr-libc', why: 'the firmware\'s C library', file: '/usr/lib/avr/include/avr/io.h' },
  { pkg: 'simavr', why: 'runs the firmware', cmd: 'simavr' },
  { pkg: 'libsimavr-dev', why: 'the simavr harness', file: '/usr/include/simavr/sim_avr.h' },
  { pkg: 'libelf-dev', why: 'the simavr harness links libelf', file: '/usr/include/libelf.h' },
];

/** True when `name` is an executable on PATH. */
export function onPath(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try { accessSync(join(dir, name), constants.X_OK); return true; } catch { /* next */ }
  }
  return false;
}

/** The packages whose tool is missing, with injectable probes (tests pass their own). */
export function missingPackages(probe = {}) {
  const hasCmd = probe.hasCmd ?? ((c) => onPath(c));
  const hasFile = probe.hasFile ?? existsSync;
  const hasPython = probe.hasPython ?? ((m) => hasFile('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', `import ${m}`], { stdio: 'ignore', timeout: 60_000 }).status === 0);
  return TOOLS.filter((t) => !(t.cmd ? hasCmd(t.cmd) : t.file ? hasFile(t.file) : hasPython(t.python))).map((t) => t.pkg);
}

/**
 * What to do about missing packages: nothing, install them (root with apt-get), or stop with one line.
 * @param {{ missing: string[], platform: string, uid: number | null, hasAptGet: boolean }} s
 */
export function plan(s) {
  if (s.missing.length === 0) return { action: 'none' };
  const list = s.missing.join(' ');
  if (s.platform === 'linux' && s.hasAptGet && s.uid === 0) return { action: 'install', packages: s.missing };
  if (s.platform === 'linux' && s.hasAptGet) {
    return { action: 'stop', line: `npm test needs system packages that are not installed (${list}); install them once with: sudo apt-get install -y ${list}` };
  }
  return {
    action: 'stop',
    line: `npm test drives real tools from Debian/Ubuntu packages (${list}); run it on Debian or Ubuntu (e.g. a container: apt-get install -y ${list}), or as root there and it installs them itself`,
  };
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

function main() {
  const missing = missingPackages();
  const p = plan({ missing, platform: process.platform, uid: typeof process.getuid === 'function' ? process.getuid() : null, hasAptGet: onPath('apt-get') });
  if (p.action === 'none') return 0;
  if (p.action === 'stop') { process.stderr.write(`${p.line}\n`); return 1; }
  process.stdout.write(`npm test: installing the system tools the tests use: ${p.packages.join(' ')}\n`);
  if (!run('apt-get', ['update', '-qq']) || !run('apt-get', ['install', '-y', '-qq', ...p.packages])) {
    process.stderr.write(`npm test: apt-get could not install ${p.packages.join(' ')}; install them by hand and run npm test again\n`);
    return 1;
  }
  const still = missingPackages();
  if (still.length) { process.stderr.write(`npm test: still missing after apt-get: ${still.join(' ')}\n`); return 1; }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main());
