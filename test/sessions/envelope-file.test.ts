// An `envelope` channel (MyoWare ENV on a text stream) through the file: labelled as an envelope in the header
// (transducer, prefiltering), read back as one, analysed as is (never band-passed) and named so in the report.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseRecording } from '../../core/analysis-service.ts';
import { buildReportInput, renderReportHtml } from '../../core/report.ts';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';
import { ENVELOPE_PREFILTERING, recordedKind } from '../../sessions/channel-fields.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { layoutFor } from '../../sessions/edf-layout.ts';
import { textHeader, textSettingsProblem } from '../../devices/text-stream.ts';
import { batch, tmpDir } from './helpers.ts';

/** A text stream at 500 Hz: MyoWare ENV (10-bit, 4882.8 µV per step at the output) and a raw EMG column. */
const TEXT2: StreamHeader = {
  rateHz: 500,
  channels: [
    { label: 'ENV', kind: 'envelope', unit: 'uV', scale: 4882.8, rawMin: 0, rawMax: 1023 },
    { label: 'PF', kind: 'emg', unit: 'uV', scale: 24.414, rawMin: -512, rawMax: 511 },
  ],
};
/** ENV: a slow ramp 100…199 steps (its mean over whole seconds is 149.5 steps); PF: a 100 Hz sine of 10 steps. */
const value = (c: number, i: number): number => (c === 0 ? 100 + Math.floor((i % 500) / 5) : Math.round(10 * Math.sin((2 * Math.PI * 100 * i) / 500)));

async function recordText(): Promise<string> {
  const r = new Recorder({ outPath: path.join(tmpDir('loslaten-env-'), 'myoware.edf'), header: TEXT2, driver: 'text', appVersion: '0.1.0' });
  for (let i = 0; i < 4000; i += 100) r.onBatch(batch(TEXT2, i, 100, { value }));
  const s = await r.close();
  if (s.error) throw new Error(JSON.stringify(s.error));
  return s.path;
}

describe('envelope channels in files', () => {
  it('are labelled in the header and read back as envelopes; the EMG beside them names its 500 Hz band', async () => {
    const p = await recordText();
    const o = openEdf(p);
    if (!o.ok) throw new Error(JSON.stringify(o.error));
    const [env, pf] = o.value.header.signals;
    expect(o.value.header.format).toBe('EDF');
    expect(env!.transducer).toBe('EMG envelope');
    expect(env!.prefiltering).toBe(ENVELOPE_PREFILTERING);
    expect(pf!.transducer).toBe('sEMG');
    expect(pf!.prefiltering).toBe('HP:20Hz LP:225Hz N:50Hz');
    expect(recordedKind(env!)).toBe('envelope');
    expect(recordedKind(pf!)).toBe('emg');
    expect(o.value.header.recording).toMatch(/Loslaten_0\.1\.0_driver-text$/);
    o.value.close();
  });

  it('is analysed as is: the session mean is the mean of the recorded values, no band, no RMS', async () => {
    const p = await recordText();
    const a = await analyseRecording(p, null);
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    expect(a.value.channel).toBe('ENV');
    expect(a.value.channelKind).toBe('envelope');
    expect(a.value.filter).toBeNull();
    const session = a.value.phases.find((r) => r.kind === 'session' && r.channel === 'ENV')!;
    // 149.5 steps × 4882.8 µV: a band-pass would have removed this slow ramp and its offset altogether.
    expect(session.meanUv).toBeCloseTo(149.5 * 4882.8, 0);
    expect(session.peakUv).toBeCloseTo(199 * 4882.8, 0);
    // The raw EMG column is analysed through the chain (RMS of a 10-step sine ≈ 172.6 µV, within the clamped band).
    const pfRow = a.value.phases.find((r) => r.kind === 'session' && r.channel === 'PF')!;
    expect(pfRow.meanUv!).toBeGreaterThan(150);
    expect(pfRow.meanUv!).toBeLessThan(180);

    const input = await buildReportInput(p, null, '0.1.0');
    if (!input.ok) throw new Error(JSON.stringify(input.error));
    const en = renderReportHtml(input.value, 'en');
    expect(en).toContain('ENV (device envelope, µV, 500 Hz)');
    expect(en).toContain('Metrics (µV, envelope from the device), ENV');
    expect(en).toContain('ENV is an envelope the device already rectified and smoothed: shown and analysed as is, without band-pass or RMS.');
    const nl = renderReportHtml(input.value, 'nl');
    expect(nl).toContain('ENV (omhullende van het apparaat, µV, 500 Hz)');
    expect(nl).toContain('ENV is een omhullende die het apparaat al gelijkgericht en afgevlakt heeft');
  });

  it('a text column at a large scale stays recordable: its default range is what the header can describe', () => {
    const settings = { rateHz: 500, columns: [{ label: 'ENV', kind: 'envelope' as const, unit: 'uV' as const, scale: 4882.8, offset: 0 }] };
    const h = textHeader(settings);
    expect([h.channels[0]!.rawMin, h.channels[0]!.rawMax]).toEqual([-2048, 20480]);
    const l = layoutFor(h, new Date());
    if (typeof l === 'string') throw new Error(l);
    expect(l.header.signals[0]!.physicalMax).toBe(99_999_744); // 20480 × 4882.8 µV, in 8 characters
    // An explicit range the header cannot describe is refused where the settings are checked, in words.
    expect(textSettingsProblem({ ...settings, columns: [{ ...settings.columns[0]!, max: 1_000_000 }] })).toMatch(/^column ENV: min\/max too wide for a recording at this scale/);
  });
});
