// `npm run device:sim -- --device cyton|bitalino|text --port <path> [--rate 500 --columns 2] [--faults junk:37:5,drop:101]`
import type { FaultAt, FaultPlan } from '../../devices/emulators.ts';
import { EmulatorOnPort, type EmulatedDevice } from './device-emulator.ts';

const USAGE = 'usage: device-emulator --device cyton|bitalino|text --port <path> [--rate <hz>] [--columns <n>] [--separator comma|space] [--faults kind:every[:phase],...]  (kinds: drop, corrupt, stray, lostByte, junk)';

function fail(msg: string): never {
  process.stderr.write(`device-emulator: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

function parse(argv: string[]): { path: string; device: EmulatedDevice; rateHz: number; columns: number; separator: string; faults: FaultPlan } {
  const get = (k: string): string | undefined => { const i = argv.indexOf(k); return i >= 0 ? argv[i + 1] : undefined; };
  const device = get('--device');
  if (device !== 'cyton' && device !== 'bitalino' && device !== 'text') fail('--device must be cyton, bitalino or text');
  const path = get('--port') ?? fail('--port is required');
  const rateHz = Number(get('--rate') ?? 500);
  const columns = Number(get('--columns') ?? 2);
  if (!(rateHz >= 1 && rateHz <= 4000) || !Number.isInteger(columns) || columns < 1 || columns > 16) fail('--rate 1–4000, --columns 1–16');
  const faults: Record<string, FaultAt> = {};
  for (const f of (get('--faults') ?? '').split(',').filter(Boolean)) {
    const [kind, every, phase] = f.split(':');
    if (!['drop', 'corrupt', 'stray', 'lostByte', 'junk'].includes(kind!) || !(Number(every) > 0)) fail(`bad fault "${f}"`);
    faults[kind!] = { every: Number(every), phase: Number(phase ?? 0) };
  }
  return { path, device, rateHz, columns, separator: get('--separator') === 'space' ? ' ' : ',', faults };
}

async function main(): Promise<void> {
  const a = parse(process.argv.slice(2));
  const emu = new EmulatorOnPort(a.path, { device: a.device, faults: a.faults, rateHz: a.rateHz, columns: a.columns, separator: a.separator });
  try { await emu.open(); } catch (e) { process.stderr.write(`device-emulator: cannot open ${a.path}: ${(e as Error).message}\n`); process.exit(1); }
  process.stderr.write(`device-emulator: ${a.device} on ${a.path}\n`);
  const stop = (): void => { void emu.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
