// Test helper: a synthetic EMG session (EDF+ via the real recorder) with known sine amplitudes per protocol phase.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';
import type { SampleBatch } from '../../firmware-protocol/decoder.ts';
import { annotationText } from '../../sessions/annotations.ts';
import { Recorder } from '../../sessions/recorder.ts';

export const RATE_HZ = 1000;
export const HEADER: StreamHeader = {
  rateHz: RATE_HZ,
  channels: [
    { label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
    { label: 'ABD', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
  ],
};

/** A phase of the synthetic session: a 120 Hz sine of `amplitudeUv` (RMS = amplitude / √2). */
export interface SynthPhase { readonly name: string; readonly seconds: number; readonly amplitudeUv: number }

/** A short Glazer-like session: known levels per phase. */
export const GLAZER_LIKE: readonly SynthPhase[] = [
  { name: 'rest-before', seconds: 10, amplitudeUv: 10 },
  { name: 'flick-1', seconds: 2, amplitudeUv: 100 },
  { name: 'flick-1-rest', seconds: 6, amplitudeUv: 10 },
  { name: 'hold-1', seconds: 10, amplitudeUv: 60 },
  { name: 'hold-1-rest', seconds: 6, amplitudeUv: 10 },
  { name: 'endurance', seconds: 10, amplitudeUv: 30 },
  { name: 'rest-after', seconds: 10, amplitudeUv: 14 },
];

export function tmpDir(prefix = 'loslaten-review-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Records the phases into `outPath` with phase start/end annotations and one marker; returns the EDF path. The file
 * names the protocol (`protocol <id>` at 0 s, as the app writes it; null = none) whose phase kinds apply.
 */
export async function writeSyntheticSession(outPath: string, phases: readonly SynthPhase[] = GLAZER_LIKE, marker = 'marker: cough', protocolId: string | null = 'glazer-assessment'): Promise<string> {
  const rec = new Recorder({ outPath, header: HEADER, syncMode: 'async' });
  if (protocolId) rec.annotate(0, annotationText.protocol(protocolId));
  const per = 50;
  const chans = [new Int32Array(per), new Int32Array(per)];
  let i = 0;
  let t = 0;
  for (const ph of phases) {
    rec.annotate(t, annotationText.phaseStart(ph.name));
    const n = Math.round(ph.seconds * RATE_HZ);
    for (let k = 0; k < n; k += per) {
      const c = Math.min(per, n - k);
      for (let j = 0; j < c; j++) {
        const x = i + j;
        const v = ph.amplitudeUv * Math.sin((2 * Math.PI * 120 * x) / RATE_HZ);
        chans[0]![j] = Math.round(v / 0.1);
        chans[1]![j] = Math.round((v / 4) / 0.1);
      }
      const b: SampleBatch = { streamId: 1, header: HEADER, firstSampleIndex: i, firstSeq: i & 0xffff, lostBefore: 0, count: c, channels: chans, hostTimeMs: 1_700_000_000_000 + (i / RATE_HZ) * 1000 };
      rec.onBatch(b);
      i += c;
    }
    t += ph.seconds;
    rec.annotate(t, annotationText.phaseEnd(ph.name));
    if (ph.name === 'hold-1') rec.annotate(t - 5, marker);
  }
  const s = await rec.close();
  if (s.error) throw new Error(`synthetic recording failed: ${s.error.kind}`);
  return s.path;
}
