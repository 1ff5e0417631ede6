// The intake's processing: raw frames → EMG RMS envelope (µV) / smoothed, tared pressure in the chosen unit, on the same sample clock.
import { describe, expect, it } from 'vitest';
import { encodeBatchFrame } from '../../api/batch-frame.ts';
import type { LinkStatus } from '../../api/contract.ts';
import type { ChannelSpec, StreamHeader } from '../../firmware-protocol/codec.ts';
import { allocStats, Intake, IntakeStats, type RingSet } from '../../renderer/live/intake.ts';
import { DEFAULT_PROCESSING, processedUnit, type ProcessingError } from '../../renderer/live/processing.ts';

const EMG: ChannelSpec[] = [
  { label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
  { label: 'ABD', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
];
const PRESSURE: ChannelSpec[] = [{ label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: -5000, rawMax: 30000 }];

function setup(header: StreamHeader) {
  const sets: RingSet[] = [];
  const errors: ProcessingError[] = [];
  const intake = new Intake(new IntakeStats(allocStats(false)), false, (s) => sets.push(s), (e) => errors.push(e));
  intake.setProcessing(DEFAULT_PROCESSING);
  intake.status({ state: 'streaming', streamId: 1, header } as unknown as LinkStatus);
  let next = 0;
  /** Sends `seconds` of signal f(channel, sampleIndex) → raw counts, in 20 ms frames; `skip` leaves a gap first. */
  const send = (seconds: number, f: (ch: number, i: number) => number, skip = 0) => {
    next += skip;
    const per = Math.round(header.rateHz / 50);
    for (let done = 0; done < seconds * header.rateHz; done += per) {
      const channels = header.channels.map((_, ch) => Int32Array.from({ length: per }, (_, k) => Math.round(f(ch, next + k))));
      intake.frame(encodeBatchFrame({ streamId: 1, header, firstSampleIndex: next, firstSeq: next & 0xffff, lostBefore: skip, count: per, channels, hostTimeMs: 0 }, 0));
      next += per;
      skip = 0;
    }
  };
  return { intake, sets, errors, send };
}

describe('intake processing', () => {
  it('EMG: a 100 Hz sine of 20 µV peak gives a 14.14 µV RMS envelope on the raw ring\'s clock; 50 Hz hum is notched', () => {
    const { intake, sets, send } = setup({ rateHz: 2000, channels: EMG });
    expect(sets.at(-1)!.processed).toHaveLength(2);
    send(2, (ch, i) => (ch === 0 ? 200 * Math.sin((2 * Math.PI * 100 * i) / 2000) : 200 * Math.sin((2 * Math.PI * 50 * i) / 2000)));
    const [pf, abd] = intake.processed;
    expect(pf!.end).toBe(intake.rings[0]!.end);
    expect(pf!.rateHz).toBe(2000);
    expect(pf!.at(pf!.end - 1)).toBeCloseTo(20 / Math.SQRT2, 0);
    expect(Math.abs(pf!.at(pf!.end - 1) - 20 / Math.SQRT2) / (20 / Math.SQRT2)).toBeLessThan(0.02);
    expect(abd!.at(abd!.end - 1)).toBeLessThan(20 / Math.SQRT2 / 30); // ≥ 30 dB down
    // Notch off: the hum comes through.
    intake.setProcessing({ ...DEFAULT_PROCESSING, emg: { ...DEFAULT_PROCESSING.emg, notchHz: 0 } });
    send(1, (ch, i) => (ch === 0 ? 0 : 200 * Math.sin((2 * Math.PI * 50 * i) / 2000)));
    expect(abd!.at(abd!.end - 1)).toBeGreaterThan(13);
  });

  it('EMG: a gap in the sample clock is NaN in the processed ring, and the chain restarts after it', () => {
    const { intake, send } = setup({ rateHz: 2000, channels: EMG });
    send(1, () => 100);
    const before = intake.processed[0]!.end;
    send(0.5, (_, i) => 200 * Math.sin((2 * Math.PI * 100 * i) / 2000), 400);
    const p = intake.processed[0]!;
    expect(Number.isNaN(p.at(before + 10))).toBe(true);
    expect(Number.isNaN(p.at(before + 399))).toBe(true);
    expect(p.at(p.end - 1)).toBeCloseTo(14.14, 0);
  });

  it('EMG: a band that does not fit the rate is reported and the standard band is used', () => {
    const { intake, errors, send } = setup({ rateHz: 250, channels: EMG.slice(0, 1) });
    intake.setProcessing({ ...DEFAULT_PROCESSING, emg: { ...DEFAULT_PROCESSING.emg, bandHz: [100, 500] } });
    expect(errors[0]).toMatchObject({ kind: 'emg-settings', channel: 'PF', error: { kind: 'empty-band' } });
    send(1, (_, i) => 200 * Math.sin((2 * Math.PI * 35 * i) / 250));
    expect(intake.processed[0]!.at(intake.processed[0]!.end - 1)).toBeGreaterThan(10);
  });

  it('pressure: low-passed, converted exactly (25 mmHg = 33.99 cmH2O), tared to 0, unit change clears the old history', () => {
    const { intake, send } = setup({ rateHz: 100, channels: PRESSURE });
    send(2, () => 2500);
    const p = intake.processed[0]!;
    expect(p.at(p.end - 1)).toBeCloseTo(25 * 1.359509806, 3);
    intake.tare();
    send(1, () => 2500);
    expect(Math.abs(p.at(p.end - 1))).toBeLessThan(1e-3);
    send(1, () => 3500); // +10 mmHg
    expect(p.at(p.end - 1)).toBeCloseTo(13.595, 2);
    const endBefore = p.end;
    intake.setProcessing({ ...DEFAULT_PROCESSING, pressure: { lowPassHz: 10, outputUnit: 'mmHg' } });
    expect(Number.isNaN(p.at(endBefore - 1))).toBe(true);
    send(1, () => 3500);
    expect(p.at(p.end - 1)).toBeCloseTo(10, 2); // tare kept across the rebuild
  });

  it('envelope: a device envelope (MyoWare ENV) is shown as is in µV, never band-passed; a 250 Hz EMG gets the clamped band', () => {
    const ENV: ChannelSpec[] = [{ label: 'ENV', kind: 'envelope', unit: 'uV', scale: 2.5, rawMin: 0, rawMax: 1023 }, EMG[0]!];
    const { intake, sets, errors, send } = setup({ rateHz: 500, channels: ENV });
    expect(sets.at(-1)!.processed).toHaveLength(2);
    // A slow ramp with a constant offset: a band-pass would remove the offset and the ramp; the envelope keeps both.
    send(2, (ch, i) => (ch === 0 ? 100 + (i % 500) / 5 : 200 * Math.sin((2 * Math.PI * 100 * i) / 500)));
    const env = intake.processed[0]!;
    for (const i of [env.end - 1, env.end - 250, env.end - 499]) expect(env.at(i)).toBe(Math.round(100 + (i % 500) / 5) * 2.5);
    // The EMG beside it at 500 Hz: 100 Hz sits inside the clamped 20–225 Hz band.
    const emg = intake.processed[1]!;
    expect(Math.abs(emg.at(emg.end - 1) - 20 / Math.SQRT2) / (20 / Math.SQRT2)).toBeLessThan(0.05);
    expect(errors).toEqual([]);
    expect(processedUnit(ENV[0]!, DEFAULT_PROCESSING)).toBe('uV');
    expect(processedUnit(PRESSURE[0]!, DEFAULT_PROCESSING)).toBe('cmH2O');
  });
});
