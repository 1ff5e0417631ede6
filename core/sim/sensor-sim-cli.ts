// `npm run sensor:sim`: runs the simulated LL1 sensor on a serial device path (e.g. one end of a socat pty pair).
import { SerialPort } from 'serialport';
import { ReadlineParser } from '@serialport/parser-readline';
import { SimulatedSensor } from '../../firmware-protocol/simulated-sensor.ts';
import { USAGE, parseSimArgs } from './sim-args.ts';

/** Timer period driving the device clock, ms. */
const TICK_MS = 5;
/** Output queued in Node beyond this many bytes (nobody reading the other end) is dropped, like a full device FIFO. */
const MAX_QUEUED_BYTES = 1 << 20;

function main(): void {
  const args = parseSimArgs(process.argv.slice(2));
  if (!args.ok) {
    process.stderr.write(`sensor-sim: ${args.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if ('help' in args) { process.stdout.write(`${USAGE}\n`); process.exit(0); }
  const sim = new SimulatedSensor(args.opts);
  const port = new SerialPort({ path: args.path, baudRate: args.baud, autoOpen: false });
  let timer: ReturnType<typeof setInterval> | null = null;
  let dropped = 0;

  const send = (lines: string[]): void => {
    if (lines.length === 0 || !port.isOpen) return;
    if (port.writableLength > MAX_QUEUED_BYTES) { dropped += lines.length; return; }
    port.write(lines.join('\n') + '\n');
  };

  const shutdown = (code: number): void => {
    if (timer) clearInterval(timer);
    timer = null;
    if (dropped > 0) process.stderr.write(`sensor-sim: dropped ${dropped} lines nobody read\n`);
    if (port.isOpen) port.close(() => process.exit(code));
    else process.exit(code);
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));

  port.open((err) => {
    if (err) {
      process.stderr.write(`sensor-sim: cannot open ${args.path}: ${err.message.replace(/^Error: /, '')}\n`);
      process.exit(1);
    }
    const h = sim.header;
    process.stderr.write(`sensor-sim: ${args.opts.kind} ${h.rateHz} Hz, script ${args.opts.script}, on ${args.path}`
      + `${args.opts.autoStart ? ' (streaming)' : ' (waiting for START)'}\n`);
    const parser = port.pipe(new ReadlineParser({ delimiter: '\n' }));
    parser.on('data', (line: string) => {
      send(sim.advance(performance.now())); // samples due before the command keep their place in the stream
      send(sim.command(line));
    });
    port.on('error', (e: Error) => process.stderr.write(`sensor-sim: ${e.message}\n`));
    port.on('close', () => { if (timer) shutdown(0); });
    sim.advance(performance.now());
    timer = setInterval(() => send(sim.advance(performance.now())), TICK_MS);
  });
}

main();
