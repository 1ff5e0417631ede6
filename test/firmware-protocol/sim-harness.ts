// Test helper: drives a SimulatedSensor through the real Ll1Decoder and collects lines, records and physical values.
import { Ll1Decoder, totalRejected } from '../../firmware-protocol/decoder.ts';
import type { DeviceEvent, DeviceIdent, StreamHeader } from '../../firmware-protocol/codec.ts';
import type { SimulatedSensor } from '../../firmware-protocol/simulated-sensor.ts';

export interface Capture {
  readonly decoder: Ll1Decoder;
  /** Every line the sensor produced, in order. */
  readonly lines: string[];
  /** Physical values per channel (raw × scale), in stream order. */
  readonly values: number[][];
  /** Raw values per channel. */
  readonly raws: number[][];
  readonly headers: StreamHeader[];
  /** Sample count (of the current stream) at which each header arrived. */
  readonly headerAtSample: number[];
  readonly idents: DeviceIdent[];
  readonly events: DeviceEvent[];
  /** Feeds lines to the decoder (and records them). */
  feed(lines: string[]): void;
  /** Advances the sensor clock in `stepMs` steps from `fromMs` to `toMs` inclusive, feeding everything. */
  run(sensor: SimulatedSensor, fromMs: number, toMs: number, stepMs?: number): void;
  rejected(): number;
}

export function capture(channels = 2): Capture {
  const values: number[][] = Array.from({ length: channels }, () => []);
  const raws: number[][] = Array.from({ length: channels }, () => []);
  const headers: StreamHeader[] = [];
  const headerAtSample: number[] = [];
  const idents: DeviceIdent[] = [];
  const events: DeviceEvent[] = [];
  const lines: string[] = [];
  const decoder = new Ll1Decoder({
    onBatch: (b) => {
      for (let c = 0; c < b.channels.length; c++) {
        const scale = b.header.channels[c]!.scale;
        const ch = b.channels[c]!;
        for (let i = 0; i < b.count; i++) { values[c]!.push(ch[i]! * scale); raws[c]!.push(ch[i]!); }
      }
    },
    onHeader: (h) => { headers.push(h); headerAtSample.push(decoder.sampleIndex); },
    onIdent: (id) => idents.push(id),
    onEvent: (e) => events.push(e),
  }, { maxBatchSamples: 1 });
  const feed = (ls: string[]): void => {
    for (const l of ls) {
      lines.push(l);
      const b = Buffer.from(l, 'latin1');
      decoder.pushLine(b, b.length, 0);
    }
  };
  return {
    decoder, lines, values, raws, headers, headerAtSample, idents, events, feed,
    run(sensor, fromMs, toMs, stepMs = 5) {
      for (let t = fromMs; t <= toMs + 1e-9; t += stepMs) feed(sensor.advance(t));
    },
    rejected: () => totalRejected(decoder.counters),
  };
}

/** Root mean square of xs[from, to). */
export function rms(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i]! * xs[i]!;
  return Math.sqrt(s / (to - from));
}

/** Power spectrum |X[k]|² for k = 0..N/2 of xs[0, N) by a plain DFT (N a few thousand at most). */
export function powerSpectrum(xs: ArrayLike<number>, n: number): Float64Array {
  const p = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    let re = 0;
    let im = 0;
    const w = (2 * Math.PI * k) / n;
    for (let i = 0; i < n; i++) {
      re += xs[i]! * Math.cos(w * i);
      im -= xs[i]! * Math.sin(w * i);
    }
    p[k] = re * re + im * im;
  }
  return p;
}

/** Goertzel power of xs[0, n) at frequency fHz for sample rate rateHz. */
export function goertzel(xs: ArrayLike<number>, n: number, fHz: number, rateHz: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * fHz) / rateHz);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = xs[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}
