// Test harness: an emulator's bytes through a driver in uneven chunks; what arrived, sample by sample.
import type { DeviceDriver, DriverHandlers, SampleBatch } from '../../devices/driver.ts';
import type { DeviceEmulator } from '../../devices/emulators.ts';

export interface Received {
  /** Sample-clock index of each sample received. */
  readonly index: number[];
  /** Raw values per channel, in arrival order. */
  readonly values: number[][];
  readonly lostBefore: number[];
  readonly headers: number;
}

/** Collects batches (copying: the batch is reused). */
export function collector(): { handlers: DriverHandlers; got: Received } {
  const got = { index: [] as number[], values: [] as number[][], lostBefore: [] as number[], headers: 0 };
  const handlers: DriverHandlers = {
    onBatch: (b: SampleBatch) => {
      got.lostBefore.push(b.lostBefore);
      for (let i = 0; i < b.count; i++) {
        got.index.push(b.firstSampleIndex + i);
        b.channels.forEach((ch, c) => { (got.values[c] ??= []).push(ch[i]!); });
      }
    },
    onHeader: (_h, changed) => { if (changed) got.headers++; },
  };
  return { handlers, got };
}

/** Deterministic chunk sizes 1..maxChunk (an LCG). */
export function* chunks(total: number, maxChunk: number, seed = 7): Generator<[number, number]> {
  let s = seed >>> 0;
  for (let at = 0; at < total;) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const n = Math.min(total - at, 1 + (s % maxChunk));
    yield [at, at + n];
    at += n;
  }
}

/** Runs `samples` device samples of a started emulator into `push`, in chunks, host time following the bytes. */
export function pump(emu: DeviceEmulator, rateHz: number, samples: number, feed: (bytes: Uint8Array, hostMs: number) => void, maxChunk = 97): Uint8Array {
  const all = emu.produce(samples) ?? new Uint8Array(0);
  const durMs = (samples * 1000) / rateHz;
  for (const [a, b] of chunks(all.length, maxChunk)) feed(all.subarray(a, b), 1e6 + (b / all.length) * durMs);
  return all;
}

/** Feeds bytes to a line driver split at `\n` (the test's own trivial splitter; the link uses the bounded one). */
export function feedLines(driver: DeviceDriver, bytes: Uint8Array, hostMs: number, pending: number[]): void {
  for (const b of bytes) {
    if (b === 10) { const u = Uint8Array.from(pending); driver.pushLine(u, u.length, hostMs); pending.length = 0; }
    else pending.push(b);
  }
}
