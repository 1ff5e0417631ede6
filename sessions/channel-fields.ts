// What a recording's signal headers say about each channel: transducer and prefiltering written, channel kind read back.
import { DEFAULT_EMG_SETTINGS, describeEmgFilter, effectiveEmgFilter, type EmgSettings } from '../dsp/emg-chain.ts';
import type { EdfSignalHeader } from './edf-header.ts';

/**
 * Channel kinds a recording can hold. `envelope` is an EMG the device already rectified and smoothed (e.g. a
 * MyoWare's ENV output): shown and analysed as is, never band-passed.
 */
export type RecordedKind = 'emg' | 'envelope' | 'pressure';

/** Start of the transducer field per kind; readers recognise the kind by it. */
export const TRANSDUCER_PREFIX: Readonly<Record<RecordedKind, string>> = {
  emg: 'sEMG',
  envelope: 'EMG envelope',
  pressure: 'pressure',
};

/** Prefiltering text of an envelope channel: the device did the rectifying and smoothing, the app filters nothing. */
export const ENVELOPE_PREFILTERING = 'envelope rectified+smoothed by device; no band-pass';
/** Prefiltering text of an EMG channel whose rate is too low for any EMG band (nothing is band-passed). */
export const NO_BAND_PREFILTERING = 'no band-pass: rate too low for EMG';

function asKind(kind: string): RecordedKind | null {
  return kind === 'emg' || kind === 'envelope' || kind === 'pressure' ? kind : null;
}

/** Transducer field: the kind's prefix, then the device model (e.g. `sEMG OpenBCI Cyton`). */
export function transducerText(kind: string, model?: string | null): string {
  const k = asKind(kind);
  return [k ? TRANSDUCER_PREFIX[k] : kind, model ?? ''].filter((x) => x).join(' ');
}

/**
 * Prefiltering field of a channel: for EMG the band, notch and rate the app's chain really uses at `rateHz`
 * (`HP:20Hz LP:112.5Hz N:50Hz` on a 250 Hz device, not the 500 Hz the settings ask for); for an envelope that it is
 * not band-passed; a device's own filter (`deviceFilter`) goes first when known. Empty for pressure.
 */
export function prefilteringText(kind: string, rateHz: number, emg: EmgSettings = DEFAULT_EMG_SETTINGS, deviceFilter = ''): string {
  let app = '';
  if (kind === 'emg') {
    const f = effectiveEmgFilter(rateHz, emg);
    app = f ? describeEmgFilter(f) : NO_BAND_PREFILTERING;
  } else if (kind === 'envelope') app = ENVELOPE_PREFILTERING;
  return [deviceFilter.trim(), app].filter((x) => x).join(' ');
}

/** Physical dimensions of EMG in a file (volt family). */
const VOLT_DIMENSIONS = /^(u|µ|μ|m|n)?V$/;
const PRESSURE_DIMENSIONS = new Set(['mmHg', 'cmH2O', 'hPa', 'kPa', 'Pa', 'mbar', 'psi']);

/**
 * Kind of a data signal read back from its header: `envelope` when the transducer says so, `emg` for other
 * volt-family signals, `pressure` for pressure units; null otherwise (an unknown signal, e.g. a temperature).
 */
export function recordedKind(s: Pick<EdfSignalHeader, 'transducer' | 'physicalDimension'>): RecordedKind | null {
  const t = s.transducer.trim();
  if (t.toLowerCase().startsWith(TRANSDUCER_PREFIX.envelope.toLowerCase())) return 'envelope';
  if (VOLT_DIMENSIONS.test(s.physicalDimension.trim())) return 'emg';
  if (PRESSURE_DIMENSIONS.has(s.physicalDimension.trim())) return 'pressure';
  return null;
}

/**
 * EMG settings stored with a session (the sidecar's `dsp`: the live view's processing settings `{ emg: {…} }`, or
 * the bare `{ bandHz, notchHz, rmsWindowMs }`); each missing or invalid field takes the default.
 */
export function emgSettingsFrom(dsp: unknown): EmgSettings {
  const obj = (o: unknown): Record<string, unknown> => (o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : {});
  const top = obj(dsp);
  const d = 'emg' in top ? obj(top['emg']) : top;
  const b = d['bandHz'];
  const band = Array.isArray(b) && b.length === 2 && b.every((x) => typeof x === 'number' && Number.isFinite(x)) ? [b[0], b[1]] as const : DEFAULT_EMG_SETTINGS.bandHz;
  const n = d['notchHz'];
  const notch = n === 0 || n === 50 || n === 60 ? n : DEFAULT_EMG_SETTINGS.notchHz;
  const w = d['rmsWindowMs'];
  return { bandHz: band, notchHz: notch, rmsWindowMs: typeof w === 'number' && Number.isFinite(w) ? w : DEFAULT_EMG_SETTINGS.rmsWindowMs };
}
