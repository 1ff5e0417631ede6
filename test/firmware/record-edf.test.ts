// End to end: the EMG firmware in simavr → pty → `loslaten record` (sessions CLI) → EDF+ file equal to the injected waveform.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEdf, type EdfReader } from '../../sessions/edf-reader.ts';
import { EMG_GAIN, SimSession, VREF_MV, sineRaw } from './sim-session.ts';

const AMP = 450;
const PERIOD = 64;
const UV_PER_COUNT = (VREF_MV * 1000) / 1024 / EMG_GAIN;
const ROOT = resolve(__dirname, '../..');

describe('loslaten record from the simulated firmware', () => {
  const sim = new SimSession('loslaten-emg.elf', ['--wave', `sine:${AMP}:${PERIOD}`]);
  const dir = mkdtempSync(join(tmpdir(), 'll-rec-'));
  const out = join(dir, 'fw.edf');
  let cli = { code: -1, stdout: '', stderr: '' };
  let edf: EdfReader | null = null;

  beforeAll(async () => {
    await sim.startHarness();
    cli = await new Promise((res) => {
      execFile(join(ROOT, 'node_modules/.bin/tsx'), ['cli/main.ts', 'record', '--port', sim.linkPath, '--baud', '500000', '--out', out, '--seconds', '2'],
        { cwd: ROOT, timeout: 40_000 }, (err, stdout, stderr) => res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
    const r = openEdf(out);
    if (r.ok) edf = r.value;
  }, 60_000);

  afterAll(async () => {
    edf?.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records 2 s at 2000 Hz with nothing lost or rejected', () => {
    expect(cli.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/samples 4000, lost 0/);
    expect(cli.stdout).toMatch(/rejected 0 /);
    expect(edf).not.toBeNull();
    expect(edf!.dataSignals.map((s) => edf!.header.signals[s]!.label.trim())).toEqual(['PF', 'ABD']);
    expect(edf!.rateHz(edf!.dataSignals[0]!)).toBe(2000);
  });

  it('stores exactly the injected waveform in µV at the electrode', () => {
    const r = edf!;
    for (let c = 0; c < 2; c++) {
      const phys = r.readPhysical(r.dataSignals[c]!);
      expect(phys.length).toBe(4000);
      for (let i = 0; i < phys.length; i++) {
        const expected = sineRaw(AMP, PERIOD, i, c) * UV_PER_COUNT;
        if (Math.abs(phys[i]! - expected) > 0.01) throw new Error(`channel ${c} sample ${i}: ${phys[i]} µV, expected ${expected}`);
      }
    }
  });
});
