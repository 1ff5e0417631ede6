// A hostile LL1 sensor (child process on the device end of a socat pty): valid samples at 2 kHz × 2 channels with
// corrupt lines mixed in — bad checksums, garbage text, wrong channel counts, binary noise, 5 kB digit runs — and
// an optional flood of noise as fast as the pty takes it. Prints one JSON line with what it sent when it stops.
// `realtime`: no faults; writes never wait — like a device whose small output buffer overflows when the host does
// not read, a sample that the pty does not take at once is dropped (counted), and the host sees a seq gap.
// Usage: node --import tsx hostile-sensor.ts <port> <seconds> [flood|realtime]
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';
import { encodeHeader, encodeSample, type StreamHeader } from '../../firmware-protocol/codec.ts';
import { Prng } from '../../firmware-protocol/prng.ts';

const [port, secondsArg, mode] = process.argv.slice(2);
const isMain = process.argv[1]?.endsWith('hostile-sensor.ts') === true;
const seconds = Number(secondsArg ?? 10);
const flood = mode === 'flood';
const realtime = mode === 'realtime';
/** Fault lines tried after each valid sample (each with probability 1/2). */
const FAULTS_PER_SAMPLE = 1;

const emg = (label: string) => ({ label, kind: 'emg' as const, unit: 'uV' as const, scale: 0.1, rawMin: -32768, rawMax: 32767 });
export const HOSTILE_HEADER: StreamHeader = { rateHz: 2000, channels: [emg('PF'), emg('ABD')] };

/** The raw value the sensor sends for channel `c` of sample `i` (the test checks every recorded value against it). */
export function hostileRaw(c: number, i: number): number {
  return ((i * 37 + c * 7919) % 60001) - 30000;
}

const prng = new Prng(0x9e3779b9);
const rnd = (): number => prng.nextFloat();

let fd = -1;
const sent = { dropped: 0, valid: 0, headers: 0, checksum: 0, garbage: 0, channels: 0, binary: 0, digitRuns: 0, floodBytes: 0, floodChunks: 0, bytes: 0 };
/** Fault lines that end in `\n` so the valid line after them stays whole. */
const faults: (() => string | Buffer)[] = [
  () => { sent.checksum++; const s = encodeSample(sent.valid & 0xffff, [1, 2]); return s.slice(0, -2) + (s.endsWith('00') ? '01' : '00') + '\r\n'; },
  () => { sent.garbage++; return 'hello ' + Math.floor(rnd() * 1e9).toString(36) + ' @@ !! ,,*ZZ\r\n'; },
  () => { sent.channels++; return encodeSample(sent.valid & 0xffff, [1, 2, 3]) + '\r\n'; },
  () => {
    sent.binary++;
    const b = Buffer.alloc(40 + Math.floor(rnd() * 200));
    for (let i = 0; i < b.length; i++) { let v = Math.floor(rnd() * 256); if (v === 10) v = 0; b[i] = v; }
    b[b.length - 1] = 10;
    return b;
  },
];
const DIGITS = Buffer.from('7'.repeat(5000) + '\n');
const NOISE = Buffer.alloc(16 * 1024);

function write(data: string | Buffer): void {
  const b = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  let off = 0;
  while (off < b.length) {
    try { off += writeSync(fd, b, off, b.length - off); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
  sent.bytes += b.length;
}

let started = false;
let cmdBuf = '';
let t0 = 0;
const readBuf = Buffer.alloc(1024);

/** Blocks until the host has sent START (it sends INFO and START at once); later commands are not read. */
function waitForStart(): void {
  while (!started) {
    let n = 0;
    try { n = readSync(fd, readBuf, 0, readBuf.length, null); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
    cmdBuf += readBuf.toString('latin1', 0, n);
    if (cmdBuf.includes('START')) started = true;
  }
}

/** Writes without waiting; returns the bytes the pty took (0 when its buffer is full). */
function tryWrite(b: Buffer): number {
  try {
    const n = writeSync(fd, b, 0, b.length);
    sent.bytes += n;
    return n;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
    throw e;
  }
}

function linesIn(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (b[i] === 10) n++;
  return n;
}

async function realtimeStream(): Promise<void> {
  const total = Math.round(seconds * HOSTILE_HEADER.rateHz);
  let seq = 0;
  /** The rest of a line the pty took only part of: finished before anything new, so no line is ever cut. */
  let pending: Buffer | null = null;
  while (seq < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * HOSTILE_HEADER.rateHz));
    let out = '';
    const first = seq;
    for (; seq < due; seq++) out += encodeSample(seq & 0xffff, [hostileRaw(0, seq), hostileRaw(1, seq)]) + '\r\n';
    if (pending) { const n = tryWrite(pending); pending = n === pending.length ? null : pending.subarray(n); }
    if (seq > first) {
      if (pending) { sent.dropped += seq - first; } else {
        const b = Buffer.from(out, 'latin1');
        const n = tryWrite(b);
        if (n === b.length) sent.valid += seq - first;
        else {
          // The device's buffer is full: finish the line under way later, drop the samples after it.
          const end = n === 0 ? -1 : b.indexOf(10, n);
          const whole = n === 0 ? 0 : linesIn(b, 0, n) + (b[n - 1] === 10 ? 0 : 1);
          if (n > 0 && b[n - 1] !== 10) pending = b.subarray(n, end + 1);
          sent.valid += whole;
          sent.dropped += seq - first - whole;
        }
      }
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  while (pending) { const n = tryWrite(pending); pending = n === pending.length ? null : pending.subarray(n); await new Promise((r) => setTimeout(r, 5)); }
}

async function main(): Promise<void> {
  if (!port) throw new Error('usage: hostile-sensor.ts <port> <seconds> [flood|realtime]');
  fd = openSync(port, realtime ? constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY : 'r+');
  waitForStart();
  write(encodeHeader(HOSTILE_HEADER) + '\r\n');
  if (realtime) {
    t0 = performance.now();
    await realtimeStream();
    await new Promise((r) => setTimeout(r, 500));
    process.stdout.write(JSON.stringify({ ...sent, ms: Math.round(performance.now() - t0) }) + '\n');
    closeSync(fd);
    return;
  }
  sent.headers++;
  t0 = performance.now();
  const total = Math.round(seconds * HOSTILE_HEADER.rateHz);
  let tick = 0;
  while (sent.valid < total) {
    // Every 5 ms: the samples due by now, each followed by a fault line half of the time.
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * HOSTILE_HEADER.rateHz));
    let out = '';
    const parts: Buffer[] = [];
    while (sent.valid < due) {
      out += encodeSample(sent.valid & 0xffff, [hostileRaw(0, sent.valid), hostileRaw(1, sent.valid)]) + '\r\n';
      sent.valid++;
      for (let k = 0; k < FAULTS_PER_SAMPLE; k++) if (rnd() < 0.5) {
        const f = faults[Math.floor(rnd() * faults.length)]!();
        if (typeof f === 'string') out += f;
        else { parts.push(Buffer.from(out, 'latin1'), f); out = ''; }
      }
    }
    parts.push(Buffer.from(out, 'latin1'));
    if (++tick % 20 === 0) { parts.push(DIGITS); sent.digitRuns++; }
    if (tick % 200 === 0) { parts.push(Buffer.from(encodeHeader(HOSTILE_HEADER) + '\r\n')); sent.headers++; }
    if (flood) {
      for (let i = 0; i < NOISE.length; i++) { let v = Math.floor(rnd() * 256); if (v === 10) v = 0x41; NOISE[i] = v; }
      NOISE[NOISE.length - 1] = 10;
      parts.push(NOISE);
      sent.floodBytes += NOISE.length;
      sent.floodChunks++;
    }
    write(Buffer.concat(parts));
    await new Promise((r) => setTimeout(r, 5));
  }
  // Let the host read the tail before the pty goes away.
  await new Promise((r) => setTimeout(r, 500));
  process.stdout.write(JSON.stringify({ ...sent, ms: Math.round(performance.now() - t0) }) + '\n');
  closeSync(fd);
}

if (isMain) void main();
