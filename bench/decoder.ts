// Decoder throughput: the app's bytes→batches path against a naive split/parseInt decoder on the same parser.
import { BoundedLineSplitter } from '../core/device/line-splitter.ts';
import { Ll1Decoder } from '../firmware-protocol/decoder.ts';
import { encodeHeader, encodeSample, type StreamHeader } from '../firmware-protocol/codec.ts';

const HEADER: StreamHeader = { rateHz: 2000, channels: ['PF', 'ABD'].map((label) => ({ label, kind: 'emg' as const, unit: 'uV' as const, scale: 0.1, rawMin: -32768, rawMax: 32767 })) };

/** A 2 kHz × 2 channel stream of `n` sample lines (plus headers once per second), cut into 4 KiB reads. */
function makeChunks(n: number): { chunks: Buffer[]; lines: number } {
  const parts: string[] = [];
  let x = 12345;
  for (let i = 0; i < n; i++) {
    if (i % 2000 === 0) parts.push(encodeHeader(HEADER));
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    parts.push(encodeSample(i & 0xffff, [(x % 4001) - 2000, ((x >> 8) % 601) - 300]));
  }
  const buf = Buffer.from(parts.join('\n') + '\n', 'latin1');
  const chunks: Buffer[] = [];
  for (let o = 0; o < buf.length; o += 4096) chunks.push(buf.subarray(o, o + 4096));
  return { chunks, lines: parts.length };
}

/** The obvious decoder a first version would write: strings, split, parseInt, arrays. */
class NaiveDecoder {
  samples = 0;
  rejected = 0;
  channels = 0;
  batch: number[][] = [];
  push(line: string): void {
    const t = line.endsWith('\r') ? line.slice(0, -1) : line;
    const star = t.lastIndexOf('*');
    if (star < 0) { this.rejected++; return; }
    const payload = t.slice(0, star);
    let cs = 0;
    for (let i = 0; i < payload.length; i++) cs ^= payload.charCodeAt(i);
    if (parseInt(t.slice(star + 1), 16) !== cs) { this.rejected++; return; }
    if (payload.startsWith('#')) { this.channels = payload.split(',').length - 2; return; }
    const f = payload.split(',').map((s) => parseInt(s, 10));
    if (f.length !== this.channels + 1 || f.some((v) => Number.isNaN(v))) { this.rejected++; return; }
    this.batch.push(f.slice(1));
    if (this.batch.length >= 64) this.batch = [];
    this.samples++;
  }
}

function timeIt(minMs: number, once: () => void): number {
  let reps = 0;
  const t0 = performance.now();
  do { once(); reps++; } while (performance.now() - t0 < minMs);
  return (performance.now() - t0) / reps;
}

export async function benchDecoder(): Promise<Record<string, number>> {
  const { chunks, lines } = makeChunks(3 * 65536); // a whole number of seq cycles: repeated runs stay gap-free
  const app = new BoundedLineSplitter();
  const dec = new Ll1Decoder({ onBatch: () => undefined }, { maxBatchSamples: 64 });
  app.on('data', (l: Buffer) => dec.pushLine(l, l.length, 0));
  const naiveParser = new BoundedLineSplitter();
  const naive = new NaiveDecoder();
  naiveParser.on('data', (l: Buffer) => naive.push(l.toString('latin1')));
  const runApp = () => { for (const c of chunks) app.write(c); dec.flush(); };
  const runNaive = () => { for (const c of chunks) naiveParser.write(c); };
  // Warm up both, then alternate measurements so machine noise hits both alike.
  runApp(); runNaive();
  const appMs: number[] = [];
  const naiveMs: number[] = [];
  for (let r = 0; r < 3; r++) { appMs.push(timeIt(700, runApp)); naiveMs.push(timeIt(700, runNaive)); }
  if (dec.counters.lost !== 0 || Object.values(dec.counters.rejected).some((v) => v !== 0) || naive.rejected !== 0) throw new Error('bench stream did not decode cleanly');
  const best = (a: number[]) => Math.min(...a);
  const appRate = lines / (best(appMs) / 1000);
  const naiveRate = lines / (best(naiveMs) / 1000);
  return { decoder_lines_per_s: Math.round(appRate), decoder_naive_lines_per_s: Math.round(naiveRate), decoder_baseline_ratio: +(appRate / naiveRate).toFixed(2) };
}
