// Accelerated soak: hours of a 2 kHz × 2-channel LL1 stream, as fast as possible, parser → decoder → DSP → rings → EDF.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BoundedLineSplitter } from '../core/device/line-splitter.ts';
import { createEmgChain, type EmgChain } from '../dsp/emg-chain.ts';
import { encodeHeader, encodeSample, SEQ_MODULO, type StreamHeader } from '../firmware-protocol/codec.ts';
import { Ll1Decoder, totalRejected, type SampleBatch } from '../firmware-protocol/decoder.ts';
import { allocRing, SampleRing } from '../renderer/live/sample-ring.ts';
import { Recorder, type RecordingSummary } from '../sessions/recorder.ts';

/** The soak's stream: 2 kHz, two EMG channels of 0.1 µV counts. */
export const SOAK_HEADER: StreamHeader = {
  rateHz: 2000,
  channels: ['PF', 'ABD'].map((label) => ({ label, kind: 'emg' as const, unit: 'uV' as const, scale: 0.1, rawMin: -32768, rawMax: 32767 })),
};
/** Bytes per simulated serial read (as the serial source reads). */
const READ_BYTES = 4000;

export interface SoakOptions {
  /** Length of signal pushed through, seconds (7200 = the 2-hour soak). */
  readonly signalS: number;
  /** Keep the EDF file (its path is in the result); default false = deleted. */
  readonly keepFile?: boolean;
}

export interface SoakResult {
  readonly expectedSamples: number;
  /** Real samples per channel in the EDF file. */
  readonly recordedSamples: number;
  /** expected − recorded, plus any sequence gap the decoder or recorder saw. 0 when nothing was lost. */
  readonly lostSamples: number;
  readonly rejectedLines: number;
  /** Heap (after a full GC) after 60 s of signal, at the end, and the largest sampled in between, MB. */
  readonly heapWarmMb: number;
  readonly heapEndMb: number;
  readonly heapMaxMb: number;
  /** heapEnd − heapWarm, MB. */
  readonly heapGrowthMb: number;
  readonly wallS: number;
  readonly fileBytes: number;
  readonly summary: RecordingSummary;
  /** Sample-clock end of the live rings (must equal expectedSamples). */
  readonly ringEnd: number;
  /** Sum of the EMG envelopes (keeps the DSP work observable). */
  readonly envelopeSum: number;
  /** Raw value generator: channel c at sample index i (the stream repeats every 65536 samples). */
  readonly rawAt: (c: number, i: number) => number;
}

let gcFn: (() => void) | null = null;
/** Full GC, exposed at run time (no --expose-gc flag needed). */
export function fullGc(): void {
  if (!gcFn) { setFlagsFromString('--expose-gc'); gcFn = runInNewContext('gc') as () => void; }
  gcFn(); gcFn();
}
const heapMb = (): number => { fullGc(); return process.memoryUsage().heapUsed / 2 ** 20; };

/** One seq cycle (65536 samples) of protocol bytes with the header once per second, and the values in it. */
function makeCycle(): { bytes: Buffer; lineEnd: Int32Array; vals: Int16Array[] } {
  const n = SEQ_MODULO;
  const vals = [new Int16Array(n), new Int16Array(n)];
  const parts: string[] = [];
  const lineEnd = new Int32Array(n);
  let off = 0;
  let x = 2463534242;
  for (let i = 0; i < n; i++) {
    if (i % SOAK_HEADER.rateHz === 0) { const h = encodeHeader(SOAK_HEADER) + '\r\n'; parts.push(h); off += h.length; }
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    const noise = ((x >>> 0) % 2001) - 1000;
    const burst = (i >> 12) & 1 ? 1 : 0.2; // on/off contractions every ~2 s
    vals[0]![i] = Math.round(burst * 6000 * Math.sin(i * 0.19) + noise * 2 + 1500 * Math.sin(i * 0.157));
    vals[1]![i] = Math.round(800 * Math.sin(i * 0.05) + noise);
    const l = encodeSample(i, [vals[0]![i]!, vals[1]![i]!]) + '\r\n';
    parts.push(l);
    off += l.length;
    lineEnd[i] = off;
  }
  return { bytes: Buffer.from(parts.join(''), 'latin1'), lineEnd, vals };
}

/** Runs the soak; resolves with the figures (the EDF file is removed unless `keepFile`). */
export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const rate = SOAK_HEADER.rateHz;
  const total = Math.round(opts.signalS * rate);
  const cycle = makeCycle();
  const dir = mkdtempSync(join(tmpdir(), 'loslaten-soak-'));
  const nCh = SOAK_HEADER.channels.length;
  const chains: EmgChain[] = [];
  for (let c = 0; c < nCh; c++) { const r = createEmgChain(rate); if (!r.ok) throw new Error(JSON.stringify(r.error)); chains.push(r.value); }
  const filtered = Array.from({ length: nCh }, () => new Float32Array(4096));
  const envelope = Array.from({ length: nCh }, () => new Float32Array(4096));
  const rings = SOAK_HEADER.channels.map((ch) => new SampleRing(allocRing(rate, ch.scale, false)));
  let envelopeSum = 0;
  let recorder: Recorder | null = null;
  let streams = 0;
  const t0Ms = Date.UTC(2026, 0, 1, 9, 0, 0);
  const decoder = new Ll1Decoder({
    onHeader: (h, changed) => {
      if (!changed) return;
      streams++;
      recorder ??= new Recorder({ outPath: join(dir, 'soak.edf'), header: h, prefiltering: 'HP:20Hz LP:500Hz N:50Hz', nowMs: () => t0Ms });
    },
    onBatch: (b: SampleBatch) => {
      for (let c = 0; c < nCh; c++) {
        const raw = b.channels[c]!;
        chains[c]!.process(raw, b.header.channels[c]!.scale, b.count, filtered[c]!, envelope[c]!);
        envelopeSum += envelope[c]![b.count - 1]!;
        rings[c]!.push(raw.subarray(0, b.count), b.firstSampleIndex);
      }
      recorder?.onBatch(b);
    },
  });
  const parser = new BoundedLineSplitter();
  let hostMs = t0Ms;
  parser.on('data', (l: Buffer) => decoder.pushLine(l, l.length, hostMs));

  const started = performance.now();
  let fed = 0;
  let heapWarm = -1;
  let heapMax = 0;
  let nextCheck = 60 * rate;
  while (fed < total) {
    const inCycle = Math.min(SEQ_MODULO, total - fed);
    const end = cycle.lineEnd[inCycle - 1]!;
    for (let o = 0; o < end; o += READ_BYTES) {
      parser.write(cycle.bytes.subarray(o, Math.min(end, o + READ_BYTES)));
      decoder.flush(); // the link emits a batch per read burst
      hostMs = t0Ms + (decoder.counters.samples / rate) * 1000;
      if (decoder.counters.samples >= nextCheck) {
        await new Promise((r) => setImmediate(r)); // let the recorder's fsync callbacks run, as the app's event loop would
        const h = heapMb();
        if (heapWarm < 0) heapWarm = h;
        heapMax = Math.max(heapMax, h);
        nextCheck += 600 * rate;
      } else if ((o / READ_BYTES) % 16 === 15) await new Promise((r) => setImmediate(r));
    }
    fed += inCycle;
  }
  decoder.flush();
  await new Promise((r) => setImmediate(r));
  const heapEnd = heapMb();
  if (heapWarm < 0) heapWarm = heapEnd;
  heapMax = Math.max(heapMax, heapEnd);
  const wallS = (performance.now() - started) / 1000;
  const rec = recorder as Recorder | null;
  if (!rec) throw new Error('soak: no header reached the recorder');
  const summary = await rec.close();
  if (summary.error) throw new Error(`soak: recorder failed: ${JSON.stringify(summary.error)}`);
  const fileBytes = statSync(summary.path).size;
  const lostSamples = total - summary.samples + decoder.counters.lost + summary.lost + (streams === 1 ? 0 : total);
  if (!opts.keepFile) rmSync(dir, { recursive: true, force: true });
  return {
    expectedSamples: total, recordedSamples: summary.samples, lostSamples, rejectedLines: totalRejected(decoder.counters),
    heapWarmMb: heapWarm, heapEndMb: heapEnd, heapMaxMb: heapMax, heapGrowthMb: heapEnd - heapWarm, wallS, fileBytes, summary,
    ringEnd: rings[0]!.end, envelopeSum, rawAt: (c, i) => cycle.vals[c]![i % SEQ_MODULO]!,
  };
}

/** `npm run bench`: the 2-hour soak (14.4 M samples per channel). */
export async function benchSoak(): Promise<Record<string, number>> {
  const r = await runSoak({ signalS: 7200 });
  return {
    soak_heap_growth_mb: +r.heapGrowthMb.toFixed(2),
    soak_heap_max_growth_mb: +(r.heapMaxMb - r.heapWarmMb).toFixed(2),
    soak_lost_samples: r.lostSamples,
    soak_samples: r.recordedSamples,
    soak_wall_s: +r.wallS.toFixed(1),
    soak_speedup_x: Math.round(7200 / r.wallS),
  };
}
