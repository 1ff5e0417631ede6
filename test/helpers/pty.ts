// Test helpers: socat virtual serial port pairs and the simulator CLI as child processes (fail loudly if missing).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export function requireTool(cmd: string, pkg: string): void {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`]);
  if (r.status !== 0) throw new Error(`${cmd} is not installed: run \`apt-get install -y ${pkg}\` (.ci/run does this)`);
}

const tempDirs: string[] = [];

/** Removes the folders {@link tempDir} made (test/setup.ts runs it after each test file). */
export function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A fresh folder under the system temp dir, removed after the test file. */
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A socat pty pair: `a` for the (simulated) device, `b` for the app. Can be killed (unplug) and restarted (replug). */
export class PtyPair {
  readonly dir: string;
  readonly a: string;
  readonly b: string;
  private proc: ChildProcess | null = null;

  constructor(dir?: string) {
    requireTool('socat', 'socat');
    this.dir = dir ?? tempDir('loslaten-pty-');
    this.a = join(this.dir, 'device');
    this.b = join(this.dir, 'host');
  }

  async start(): Promise<this> {
    this.proc = spawn('socat', [`pty,raw,echo=0,link=${this.a}`, `pty,raw,echo=0,link=${this.b}`], { stdio: 'ignore' });
    await waitFor(() => existsSync(this.a) && existsSync(this.b), 5000, 'socat pty links');
    return this;
  }

  /**
   * Kills socat: the app's port closes with `disconnected` (an unplug), and the port's path vanishes as a USB device's
   * does. A killed socat leaves its links behind pointing at /dev/pts/N, and the kernel hands N to the next pty made
   * anywhere on the machine: an app still reconnecting to this pair's path would open (and lock) another test's port.
   */
  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    // Links first: from here on the path names nothing (opening it fails), never a pty that reuses the number.
    rmSync(this.a, { force: true });
    rmSync(this.b, { force: true });
    if (p && p.exitCode === null && p.signalCode === null) await new Promise<void>((r) => { p.once('exit', () => r()); p.kill('SIGKILL'); });
  }
}

/** Runs `npm run sensor:sim` equivalent on `port`. */
export function spawnSim(port: string, extra: string[] = []): ChildProcess {
  // One process (node with the tsx loader), so signals like SIGSTOP reach the simulator itself.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'core/sim/sensor-sim-cli.ts'), '--port', port, ...extra], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', () => undefined);
  return child;
}

/** Resolves once the simulator says it has opened its port (it prints one line to stderr). */
export function simReady(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('simulator did not start')), timeoutMs);
    child.stderr?.on('data', (d: string) => { if (d.includes('sensor-sim:')) { clearTimeout(t); resolve(); } });
    child.once('exit', (code) => { clearTimeout(t); reject(new Error(`simulator exited with ${code}`)); });
  });
}

export async function stopProcess(p: ChildProcess | null | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  await new Promise<void>((r) => {
    const t = setTimeout(() => { p.kill('SIGKILL'); }, 2000);
    p.once('exit', () => { clearTimeout(t); r(); });
    p.kill(signal);
  });
}
