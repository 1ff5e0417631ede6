// DSP throughput benchmark: full EmgChain (band-pass + notch + RMS) in multiples of real time per channel at 2 kHz,
// on a signal whose envelope is known, so a chain that stopped working (e.g. stuck on NaN) cannot be timed.
import { cpuUsage } from 'node:process';
import { createEmgChain } from '../dsp/emg-chain.ts';

const RATE_HZ = 2000;
/** Batch size of a live batch at 2 kHz and ~30 batches/s. */
const BLOCK = 64;
/** Minimum CPU time measured, µs. */
const MIN_CPU_US = 1_000_000;
/** Signal length: 320 whole blocks (10.24 s), so the loop over it never reads past its end. */
const LENGTH = BLOCK * 320;
/** Largest relative deviation of the envelope from the known RMS after the start-up. */
const MAX_ENVELOPE_ERROR = 0.01;

/**
 * The benchmark signal in raw counts (0.1 µV per count): 100 Hz at 20 µV and 250 Hz at 10 µV (pass band), 50 Hz mains
 * at 50 µV (notched) and a 300 µV offset (high-passed). Every tone has a whole number of cycles in LENGTH samples, so
 * the signal repeats seamlessly. Returns the counts and the RMS (µV) the envelope must show: the tones through the
 * filter's own analytic gain.
 */
export function benchSignal(gainAt: (hz: number) => number): { raw: Int32Array; rmsUv: number } {
  const raw = new Int32Array(LENGTH);
  const tones: [number, number][] = [[100, 20], [250, 10], [50, 50]];
  for (let i = 0; i < LENGTH; i++) {
    const t = i / RATE_HZ;
    let v = 300;
    for (const [f, a] of tones) v += a * Math.sin(2 * Math.PI * f * t);
    raw[i] = Math.round(v / 0.1);
  }
  let p = 0;
  for (const [f, a] of tones) p += (a * gainAt(f)) ** 2 / 2;
  return { raw, rmsUv: Math.sqrt(p) };
}

/**
 * Runs one channel's EmgChain (20–500 Hz 4th-order Butterworth band-pass + 50 Hz notch + 200 ms RMS) over the
 * benchmark signal in 64-sample batches until ≥ 1 s of CPU time has been spent, and returns `dsp_realtime_factor` =
 * seconds of 2 kHz signal processed per CPU second. Throws when the envelope leaves its known RMS by more than 1 % or
 * the chain saw a non-finite value: a broken chain is not timed.
 */
export async function benchDsp(): Promise<Record<string, number>> {
  const r = createEmgChain(RATE_HZ, { bandHz: [20, 500], notchHz: 50, rmsWindowMs: 200 });
  if (!r.ok) throw new Error(`EmgChain: ${r.error.kind}`);
  const chain = r.value;
  const { raw, rmsUv } = benchSignal((hz) => chain.cascade.magnitudeAt(RATE_HZ, hz));
  const filtered = new Float32Array(BLOCK), env = new Float32Array(BLOCK);
  let off = 0, processed = 0, worst = 0;
  const runSamples = (n: number, check: boolean): void => {
    for (let done = 0; done < n; done += BLOCK) {
      chain.process(raw.subarray(off, off + BLOCK), 0.1, BLOCK, filtered, env);
      off = (off + BLOCK) % LENGTH;
      processed += BLOCK;
      if (check && processed > chain.startupSamples) {
        const e = Math.abs(env[BLOCK - 1]! / rmsUv - 1); // NaN compares false: caught below
        worst = e > worst || Number.isNaN(e) ? e : worst;
      }
    }
  };
  runSamples(RATE_HZ * 20, true); // warm up the JIT (and check every sample of a whole lap below)
  // One full lap checked sample by sample.
  for (let k = 0; k < LENGTH / BLOCK; k++) {
    chain.process(raw.subarray(off, off + BLOCK), 0.1, BLOCK, filtered, env);
    off = (off + BLOCK) % LENGTH;
    for (let i = 0; i < BLOCK; i++) { const e = Math.abs(env[i]! / rmsUv - 1); worst = e > worst || Number.isNaN(e) ? e : worst; }
  }
  let samples = 0;
  const c0 = cpuUsage();
  let spent = 0;
  while (spent < MIN_CPU_US) {
    runSamples(RATE_HZ * 50, true);
    samples += RATE_HZ * 50;
    const c = cpuUsage(c0);
    spent = c.user + c.system;
  }
  if (chain.nonFinite > 0) throw new Error(`EmgChain saw ${chain.nonFinite} non-finite input values`);
  if (!(worst <= MAX_ENVELOPE_ERROR)) throw new Error(`EmgChain envelope left the known RMS ${rmsUv.toFixed(3)} µV by ${(worst * 100).toFixed(2)} %`);
  const factor = samples / RATE_HZ / (spent / 1e6);
  return { dsp_realtime_factor: Math.round(factor) };
}

// `npx tsx bench/dsp.ts` prints the figure.
if (import.meta.url === `file://${process.argv[1]}`) {
  benchDsp().then((r) => console.log(JSON.stringify(r)));
}
