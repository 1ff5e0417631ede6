// Sessions benchmark: recording throughput with fsync each second, file size per hour, review open + overview time.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StreamHeader } from '../firmware-protocol/codec.ts';
import type { SampleBatch } from '../firmware-protocol/decoder.ts';
import { openEdf } from '../sessions/edf-reader.ts';
import { Recorder } from '../sessions/recorder.ts';

const HEADER: StreamHeader = {
  rateHz: 2000,
  channels: [
    { label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
    { label: 'ABD', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
  ],
};

/** Feeds `seconds` of 2 kHz × 2 ch data in decoder-sized batches (33 samples ≈ one 16 ms flush). */
async function recordSynthetic(out: string, seconds: number, syncMode: 'sync' | 'async'): Promise<{ ms: number; samples: number; path: string }> {
  const per = 33;
  const chans = [new Int32Array(per), new Int32Array(per)];
  const b = { streamId: 1, header: HEADER, firstSampleIndex: 0, firstSeq: 0, lostBefore: 0, count: per, channels: chans, hostTimeMs: Date.now() };
  const rec = new Recorder({ outPath: out, header: HEADER, syncMode });
  const total = seconds * HEADER.rateHz;
  const t0 = performance.now();
  for (let i = 0; i < total; i += per) {
    const n = Math.min(per, total - i);
    for (let k = 0; k < n; k++) {
      const x = i + k;
      chans[0]![k] = ((x * 7919) % 4001) - 2000 + Math.round(3000 * Math.sin(x / 300));
      chans[1]![k] = ((x * 104729) % 801) - 400;
    }
    b.firstSampleIndex = i;
    b.count = n;
    rec.onBatch(b as SampleBatch);
  }
  const s = await rec.close();
  if (s.error) throw new Error(`bench recording failed: ${s.error.kind}`);
  return { ms: performance.now() - t0, samples: total, path: s.path };
}

/** Returns `record_samples_per_s`, `file_mb_per_hour` and `review_open_ms` (median of 3). */
export async function benchSessions(): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loslaten-bench-sessions-'));
  try {
    const r = await recordSynthetic(path.join(dir, 'rate.edf'), 120, 'sync');
    const size = fs.statSync(r.path).size;
    const headerBytes = 256 * 4;
    const mbPerHour = ((size - headerBytes) / 120) * 3600 / 1e6;
    const long = await recordSynthetic(path.join(dir, 'two-hours.edf'), 7200, 'async');
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const o = openEdf(long.path);
      if (!o.ok) throw new Error(o.error.kind);
      const rv = o.value.review(2000);
      o.value.close();
      if (!rv.ok || rv.value.overview.signals.length !== 2 || !Number.isFinite(rv.value.overview.signals[0]!.max[1999]!)) throw new Error('overview failed');
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return {
      record_samples_per_s: Math.round(r.samples / (r.ms / 1000)),
      file_mb_per_hour: Math.round(mbPerHour * 100) / 100,
      review_open_ms: Math.round(times[1]! * 10) / 10,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
