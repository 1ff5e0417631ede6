// Test helpers for the sessions suite: synthetic stream headers, batches on the sample clock, temp dirs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';
import type { SampleBatch } from '../../firmware-protocol/decoder.ts';

export const EMG2: StreamHeader = {
  rateHz: 1000,
  channels: [
    { label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
    { label: 'ABD', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
  ],
};

export const WIDE: StreamHeader = {
  rateHz: 500,
  channels: [{ label: 'PF', kind: 'emg', unit: 'uV', scale: 0.02235, rawMin: -8388608, rawMax: 8388607 }],
};

/** Deterministic raw value of channel c at sample index i (fits int16 for c < 2). */
export function rawAt(c: number, i: number, amp = 20000): number {
  return Math.round(amp * Math.sin(i * 0.0123 * (c + 1)) + ((i * 7919 + c * 104729) % 97) - 48);
}

/** A batch of `count` samples starting at sample index `first` (values from rawAt unless `value` given). */
export function batch(h: StreamHeader, first: number, count: number, opts: { streamId?: number; lostBefore?: number; hostTimeMs?: number; amp?: number; value?: (c: number, i: number) => number } = {}): SampleBatch {
  const value = opts.value ?? ((c: number, i: number) => rawAt(c, i, opts.amp));
  const channels = h.channels.map((_, c) => Int32Array.from({ length: count }, (_x, k) => value(c, first + k)));
  return {
    streamId: opts.streamId ?? 1, header: h, firstSampleIndex: first, firstSeq: first & 0xffff, lostBefore: opts.lostBefore ?? 0,
    count, channels, hostTimeMs: opts.hostTimeMs ?? 1_700_000_000_000 + ((first + count - 1) / h.rateHz) * 1000,
  };
}

export function tmpDir(prefix = 'loslaten-sessions-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** µV per count of an OpenBCI Cyton channel at gain 24: 4.5 V / 24 / (2^23 − 1). */
export const CYTON_UV_PER_COUNT = (4.5 / 24 / (2 ** 23 - 1)) * 1e6;

/** An OpenBCI Cyton's stream: 8 channels of 24-bit counts at 250 Hz. */
export const CYTON8: StreamHeader = {
  rateHz: 250,
  channels: Array.from({ length: 8 }, (_, c) => ({
    label: c === 0 ? 'PF' : c === 1 ? 'ABD' : `N${c + 1}`, kind: 'emg' as const, unit: 'uV' as const,
    scale: CYTON_UV_PER_COUNT, rawMin: -8388608, rawMax: 8388607,
  })),
};

/** A BITalino's stream (A1, A2): 10-bit counts around mid-scale (ADC − 512) at 1000 Hz, µV = count × 3.3 / 1009 / 1024 × 10⁶. */
export const BITALINO2: StreamHeader = {
  rateHz: 1000,
  channels: ['PF', 'ABD'].map((label) => ({ label, kind: 'emg' as const, unit: 'uV' as const, scale: (3.3 / 1009 / 1024) * 1e6, rawMin: -512, rawMax: 511 })),
};
