// DSP throughput benchmark: full EmgChain (band-pass + notch + RMS) in multiples of real time per channel at 2 kHz.
import { cpuUsage } from 'node:process';
import { createEmgChain } from '../dsp/emg-chain.ts';

const RATE_HZ = 2000;
/** Batch size of a live batch at 2 kHz and ~30 batches/s. */
const BLOCK = 64;
/** Minimum CPU time measured, µs. */
const MIN_CPU_US = 1_000_000;

/**
 * Runs one channel's EmgChain (20–500 Hz 4th-order Butterworth band-pass + 50 Hz notch + 200 ms RMS) over
 * synthetic raw counts in 64-sample batches until ≥ 1 s of CPU time has been spent, and returns
 * `dsp_realtime_factor` = seconds of 2 kHz signal processed per CPU second.
 */
export async function benchDsp(): Promise<Record<string, number>> {
  const r = createEmgChain(RATE_HZ, { bandHz: [20, 500], notchHz: 50, rmsWindowMs: 200 });
  if (!r.ok) throw new Error(`EmgChain: ${r.error.kind}`);
  const chain = r.value;
  // 10 s of raw signal: EMG-like tones + mains hum + offset + noise, 0.1 µV per count.
  const raw = new Int32Array(RATE_HZ * 10);
  let seed = 12345;
  for (let i = 0; i < raw.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const t = i / RATE_HZ;
    raw[i] = Math.round(200 * Math.sin(2 * Math.PI * 97 * t) + 500 * Math.sin(2 * Math.PI * 50 * t) + 3000 + ((seed >>> 16) % 400) - 200);
  }
  const filtered = new Float32Array(BLOCK), env = new Float32Array(BLOCK);
  const runSamples = (n: number): void => {
    for (let done = 0; done < n; done += BLOCK) {
      const off = done % raw.length;
      chain.process(raw.subarray(off, off + BLOCK), 0.1, BLOCK, filtered, env);
    }
  };
  runSamples(RATE_HZ * 20); // warm up the JIT
  let samples = 0;
  let sink = 0;
  const c0 = cpuUsage();
  let spent = 0;
  while (spent < MIN_CPU_US) {
    runSamples(RATE_HZ * 50);
    samples += RATE_HZ * 50;
    sink += env[BLOCK - 1]!;
    const c = cpuUsage(c0);
    spent = c.user + c.system;
  }
  if (!Number.isFinite(sink)) throw new Error('EmgChain produced a non-finite envelope');
  const factor = samples / RATE_HZ / (spent / 1e6);
  return { dsp_realtime_factor: Math.round(factor) };
}

// `npx tsx bench/dsp.ts` prints the figure.
if (import.meta.url === `file://${process.argv[1]}`) {
  benchDsp().then((r) => console.log(JSON.stringify(r)));
}
