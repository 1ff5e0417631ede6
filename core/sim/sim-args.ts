// Command-line options of the simulated sensor CLI: argv → simulator options, errors as values.
import { parseArgs } from 'node:util';
import { isSimScriptName, isValidSimRate, SIM_SCRIPT_NAMES, type SimKind, type SimOptions } from '../../firmware-protocol/simulated-sensor.ts';

export const USAGE = 'usage: npm run sensor:sim -- --port <path> [--kind emg|pressure] [--rate <hz>] [--script <name>] '
  + `[--seed <n>] [--baud 921600] [--mains 0|50|60] [--ecg] [--auto-start] [--help]\n  scripts: ${SIM_SCRIPT_NAMES.join(', ')} (default demo)`;

export type Parsed = { ok: true; path: string; baud: number; opts: SimOptions } | { ok: true; help: true } | { ok: false; message: string };

/** Parses the command line into simulator options; errors are values. */
export function parseSimArgs(argv: string[]): Parsed {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' }, kind: { type: 'string', default: 'emg' }, rate: { type: 'string' },
        script: { type: 'string', default: 'demo' }, seed: { type: 'string', default: '1' },
        baud: { type: 'string', default: '921600' }, mains: { type: 'string', default: '0' },
        ecg: { type: 'boolean', default: false }, 'auto-start': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  if (v.help) return { ok: true, help: true };
  if (!v.port) return { ok: false, message: '--port <path> is required' };
  if (v.kind !== 'emg' && v.kind !== 'pressure') return { ok: false, message: `--kind must be emg or pressure, not ${v.kind}` };
  const kind: SimKind = v.kind;
  const rate = v.rate === undefined ? undefined : Number(v.rate);
  if (rate !== undefined && !isValidSimRate(kind, rate)) {
    return { ok: false, message: `--rate ${v.rate} is not accepted for ${kind} (emg: 500, 1000, 2000; pressure: 10..1000)` };
  }
  if (!isSimScriptName(v.script!)) return { ok: false, message: `unknown --script ${v.script}` };
  const seed = Number(v.seed);
  const baud = Number(v.baud);
  const mains = Number(v.mains);
  if (!Number.isInteger(seed)) return { ok: false, message: `--seed must be an integer` };
  if (!Number.isInteger(baud) || baud <= 0) return { ok: false, message: `--baud must be a positive integer` };
  if (mains !== 0 && mains !== 50 && mains !== 60) return { ok: false, message: `--mains must be 0, 50 or 60` };
  const opts: SimOptions = { kind, script: v.script, seed, mainsHz: mains, ecg: v.ecg, autoStart: v['auto-start'] };
  if (rate !== undefined) opts.rateHz = rate;
  return { ok: true, path: v.port, baud, opts };
}
