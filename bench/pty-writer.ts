// Bench device: on START, writes LL1 at 2 kHz × 2 ch to a pty in 5 ms bursts and logs when each burst was written.
import { SerialPort } from 'serialport';
import { ReadlineParser } from '@serialport/parser-readline';
import { encodeHeader, encodeIdent, encodeSample, type StreamHeader } from '../firmware-protocol/codec.ts';

const path = process.argv[2]!;
const RATE = 2000;
const header: StreamHeader = { rateHz: RATE, channels: ['PF', 'ABD'].map((label) => ({ label, kind: 'emg' as const, unit: 'uV' as const, scale: 0.1, rawMin: -32768, rawMax: 32767 })) };
const port = new SerialPort({ path, baudRate: 921600 });
/** Pairs (sample index just past the burst, Date.now() after the write). */
const log: number[] = [];
let started = false;
let t0 = 0;
let sent = 0;

port.pipe(new ReadlineParser({ delimiter: '\n' })).on('data', (line: string) => {
  const cmd = line.trim();
  if (cmd === 'INFO') port.write(encodeIdent({ vendor: 'Bench', model: 'Writer', serial: 'B1', firmware: '1' }) + '\n' + encodeHeader(header) + '\n');
  if (cmd === 'START' && !started) {
    started = true;
    port.write(encodeHeader(header) + '\n');
    t0 = performance.now();
    setInterval(() => {
      const due = Math.floor(((performance.now() - t0) / 1000) * RATE);
      let out = '';
      for (; sent < due; sent++) {
        if (sent > 0 && sent % RATE === 0) out += encodeHeader(header) + '\n';
        out += encodeSample(sent & 0xffff, [Math.round(1000 * Math.sin(sent / 20)), sent % 100]) + '\n';
      }
      if (out) port.write(out, () => { log.push(sent, Date.now()); });
    }, 5);
  }
});
port.on('open', () => process.stderr.write('writer ready\n'));
process.on('SIGTERM', () => { process.stdout.write(JSON.stringify(log) + '\n', () => process.exit(0)); });
