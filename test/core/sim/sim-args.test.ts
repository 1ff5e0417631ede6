// sensor:sim command-line parsing: defaults, every option, and errors as values.
import { describe, expect, it } from 'vitest';
import { parseSimArgs } from '../../../core/sim/sim-args.ts';

describe('parseSimArgs', () => {
  it('applies defaults: emg, demo script, seed 1, 921600 baud, no hum, no ECG, wait for START', () => {
    expect(parseSimArgs(['--port', '/dev/pts/9'])).toEqual({
      ok: true, path: '/dev/pts/9', baud: 921600,
      opts: { kind: 'emg', script: 'demo', seed: 1, mainsHz: 0, ecg: false, autoStart: false },
    });
  });

  it('reads every option', () => {
    const r = parseSimArgs(['--port', 'x', '--kind', 'pressure', '--rate', '250', '--script', 'steady', '--seed', '9',
      '--baud', '115200', '--mains', '50', '--ecg', '--auto-start']);
    expect(r).toEqual({
      ok: true, path: 'x', baud: 115200,
      opts: { kind: 'pressure', rateHz: 250, script: 'steady', seed: 9, mainsHz: 50, ecg: true, autoStart: true },
    });
  });

  it('rejects bad input with a message', () => {
    const bad: string[][] = [
      [],
      ['--port', 'x', '--kind', 'ecg'],
      ['--port', 'x', '--rate', '250'], // not an EMG rate
      ['--port', 'x', '--kind', 'pressure', '--rate', '5'],
      ['--port', 'x', '--script', 'sine'],
      ['--port', 'x', '--mains', '55'],
      ['--port', 'x', '--seed', 'abc'],
      ['--port', 'x', '--baud', '-1'],
      ['--port', 'x', '--bogus'],
    ];
    for (const argv of bad) {
      const r = parseSimArgs(argv);
      expect(r.ok, argv.join(' ')).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
    }
  });
});

describe('sensor:sim --help (issue 15 item 19)', () => {
  it('prints the usage with every script and exits 0', async () => {
    expect(parseSimArgs(['--help'])).toEqual({ ok: true, help: true });
    expect(parseSimArgs(['-h'])).toEqual({ ok: true, help: true });
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'core/sim/sensor-sim-cli.ts', '--help'], { encoding: 'utf8' });
    expect(out).toContain('usage: npm run sensor:sim');
    for (const s of ['steady', 'rest', 'hypertonic', 'relax-on-exhale', 'quick-flicks', 'holds', 'demo']) expect(out).toContain(s);
  }, 30_000);
});
