// Transducer and prefiltering texts per channel kind and rate, the kind read back from a header, and the session's
// EMG settings as stored by the live view.
import { describe, expect, it } from 'vitest';
import { bandLimitedByRate, DEFAULT_EMG_SETTINGS, effectiveEmgFilter } from '../../dsp/emg-chain.ts';
import {
  ENVELOPE_PREFILTERING, NO_BAND_PREFILTERING, emgSettingsFrom, prefilteringText, recordedKind, transducerText,
} from '../../sessions/channel-fields.ts';

describe('channel fields', () => {
  it('prefiltering names the band the chain really uses at the device rate', () => {
    expect(prefilteringText('emg', 2000)).toBe('HP:20Hz LP:500Hz N:50Hz');
    expect(prefilteringText('emg', 1000)).toBe('HP:20Hz LP:450Hz N:50Hz');
    expect(prefilteringText('emg', 500)).toBe('HP:20Hz LP:225Hz N:50Hz');
    expect(prefilteringText('emg', 250)).toBe('HP:20Hz LP:112.5Hz N:50Hz');
    // 100–500 Hz leaves no octave at 250 Hz: the chain (live and analysis) falls back to the default band, and says so.
    expect(prefilteringText('emg', 250, { bandHz: [100, 500], notchHz: 60, rmsWindowMs: 200 })).toBe('HP:20Hz LP:112.5Hz N:50Hz');
    expect(prefilteringText('emg', 1000, { bandHz: [100, 500], notchHz: 60, rmsWindowMs: 200 })).toBe('HP:100Hz LP:450Hz N:60Hz');
    // A 100 Hz stream: the notch at 50 Hz is above the usable band and dropped; 20 Hz cannot carry EMG at all.
    expect(prefilteringText('emg', 100)).toBe('HP:20Hz LP:45Hz');
    expect(prefilteringText('emg', 20)).toBe(NO_BAND_PREFILTERING);
    expect(prefilteringText('envelope', 20)).toBe(ENVELOPE_PREFILTERING);
    expect(prefilteringText('pressure', 50)).toBe('');
    expect(prefilteringText('emg', 1000, DEFAULT_EMG_SETTINGS, 'HP:10Hz')).toBe('HP:10Hz HP:20Hz LP:450Hz N:50Hz');
  });

  it('says when the rate limited the band', () => {
    const at = (rate: number) => { const f = effectiveEmgFilter(rate); if (!f) throw new Error('no filter'); return bandLimitedByRate(f, DEFAULT_EMG_SETTINGS); };
    expect(at(2000)).toBe(false);
    expect(at(1000)).toBe(true);
    expect(at(250)).toBe(true);
    expect(effectiveEmgFilter(20)).toBeNull();
  });

  it('transducer per kind, and the kind read back from a header', () => {
    expect(transducerText('emg', 'OpenBCI Cyton')).toBe('sEMG OpenBCI Cyton');
    expect(transducerText('envelope', 'Text stream')).toBe('EMG envelope Text stream');
    expect(transducerText('pressure')).toBe('pressure');
    expect(recordedKind({ transducer: 'EMG envelope MyoWare', physicalDimension: 'uV' })).toBe('envelope');
    expect(recordedKind({ transducer: 'sEMG', physicalDimension: 'uV' })).toBe('emg');
    expect(recordedKind({ transducer: '', physicalDimension: 'mV' })).toBe('emg');
    expect(recordedKind({ transducer: 'AgAgCl electrode', physicalDimension: 'µV' })).toBe('emg');
    expect(recordedKind({ transducer: 'pressure', physicalDimension: 'cmH2O' })).toBe('pressure');
    expect(recordedKind({ transducer: 'thermistor', physicalDimension: 'degC' })).toBeNull();
  });

  it('reads the EMG settings the live view stores with a session (nested or bare), defaults for the rest', () => {
    expect(emgSettingsFrom({ emg: { bandHz: [100, 500], notchHz: 60, rmsWindowMs: 300 }, pressure: { lowPassHz: 10 } }))
      .toEqual({ bandHz: [100, 500], notchHz: 60, rmsWindowMs: 300 });
    expect(emgSettingsFrom({ bandHz: [30, 400], notchHz: 0 })).toEqual({ bandHz: [30, 400], notchHz: 0, rmsWindowMs: 200 });
    expect(emgSettingsFrom({ emg: { bandHz: ['x', 5], notchHz: 55 } })).toEqual(DEFAULT_EMG_SETTINGS);
    expect(emgSettingsFrom(null)).toEqual(DEFAULT_EMG_SETTINGS);
  });
});
