// Maps an LL1 stream header to an EDF+/BDF+ file layout: format, record duration, signal headers, header fields.
import type { DeviceIdent, StreamHeader } from '../firmware-protocol/codec.ts';
import type { EmgSettings } from '../dsp/emg-chain.ts';
import { prefilteringText, transducerText } from './channel-fields.ts';
import {
  DIGITAL_LIMITS, FIXED_HEADER_BYTES, MAX_RECORD_BYTES_RECOMMENDED, SIGNAL_HEADER_BYTES, numberField, startFields,
  type EdfFormat, type EdfHeader, type EdfSignalHeader,
} from './edf-header.ts';

/** Patient identification for the EDF+ patient field; every part defaults to `X` (unknown). */
export interface PatientField {
  readonly code?: string;
  readonly sex?: 'F' | 'M' | 'X';
  readonly birthdate?: Date | null;
  readonly name?: string;
}

export interface LayoutOptions {
  readonly ident?: DeviceIdent | null;
  readonly patient?: PatientField;
  readonly technician?: string;
  readonly adminCode?: string;
  readonly appVersion?: string;
  /** Driver that decoded the stream (`ll1`, `cyton`, `bitalino`, `text`); written into the equipment subfield. */
  readonly driver?: string;
  /**
   * Prefiltering field; one string for all channels or one per channel. Default: per channel, the band the app's EMG
   * chain really uses at the stream's rate with `emg` settings (clamped below Nyquist), "not band-passed" for an
   * envelope, empty for pressure.
   */
  readonly prefiltering?: string | readonly string[];
  /** EMG settings of the session (band, notch) for the default prefiltering text. Default: the app's defaults. */
  readonly emg?: EmgSettings;
  /** Annotation bytes per data record (sized for the busiest record). Default 512, minimum 256. */
  readonly annotationBytesPerRecord?: number;
}

export interface EdfLayout {
  readonly format: EdfFormat;
  readonly header: EdfHeader;
  /** Samples per channel per record. */
  readonly samplesPerRecord: number;
  readonly recordDurationS: number;
  /** Bytes of the annotation signal per record. */
  readonly annotationBytes: number;
  readonly digitalMin: Int32Array;
  readonly digitalMax: Int32Array;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Record durations tried, in records per second (durations with a short exact decimal). */
const RECORDS_PER_S = [1, 2, 4, 5, 10, 20, 25, 50, 100];

function subfield(s: string | undefined): string {
  const t = (s ?? '').trim().replace(/\s+/g, '_').replace(/[^\x21-\x7e]/g, '_');
  return t.length > 0 ? t : 'X';
}

/** `dd-MMM-yyyy` as used in EDF+ patient and recording fields. */
export function edfPlusDate(d: Date): string {
  return `${String(d.getDate()).padStart(2, '0')}-${MONTHS[d.getMonth()]}-${d.getFullYear()}`;
}

/** EDF+ patient field `code sex birthdate name`, `X` for unknown parts. */
export function patientField(p: PatientField = {}): string {
  const birth = p.birthdate ? edfPlusDate(p.birthdate) : 'X';
  return `${subfield(p.code)} ${p.sex ?? 'X'} ${birth} ${subfield(p.name)}`;
}

/** EDF+ recording field `Startdate dd-MMM-yyyy admincode technician equipment`. */
export function recordingField(start: Date, o: LayoutOptions): string {
  const id = o.ident;
  const equipment = ['Loslaten', o.appVersion, o.driver && `driver-${o.driver}`, id?.vendor, id?.model, id?.firmware].filter((x) => x).join('_');
  return `Startdate ${edfPlusDate(start)} ${subfield(o.adminCode)} ${subfield(o.technician)} ${subfield(equipment)}`;
}

/** True when every channel's raw range fits 16-bit EDF samples. */
export function fitsEdf(h: StreamHeader): boolean {
  return h.channels.every((c) => c.rawMin >= DIGITAL_LIMITS.EDF.min && c.rawMax <= DIGITAL_LIMITS.EDF.max);
}

/** True when the header's physical and digital extremes give back `scale` (and offset 0) to double precision. */
function exactScale(pmin: number, pmax: number, dmin: number, dmax: number, scale: number): boolean {
  if (!Number.isFinite(pmin) || !Number.isFinite(pmax)) return false;
  const gain = (pmax - pmin) / (dmax - dmin);
  const offset = pmin - dmin * gain;
  return Math.abs(gain - scale) <= 1e-12 * scale && Math.abs(offset) <= 1e-9 * Math.abs(pmax);
}

/**
 * Builds the layout. Physical value = digital × scale exactly as far as the 8-character header fields allow.
 * Returns a detail string when the stream cannot be described (e.g. a physical range too wide for the header).
 */
export function layoutFor(h: StreamHeader, start: Date, o: LayoutOptions = {}): EdfLayout | string {
  const format: EdfFormat = fitsEdf(h) ? 'EDF' : 'BDF';
  const lim = DIGITAL_LIMITS[format];
  const n = h.channels.length;
  if (n < 1) return 'no channels';
  const annUnits = Math.ceil(Math.max(256, o.annotationBytesPerRecord ?? 512) / lim.bytes);
  let perS = 1;
  for (const k of RECORDS_PER_S) {
    if (h.rateHz % k !== 0) continue;
    perS = k;
    if (((h.rateHz / k) * n + annUnits) * lim.bytes <= MAX_RECORD_BYTES_RECOMMENDED) break;
  }
  if (((h.rateHz / perS) * n + annUnits) * lim.bytes > MAX_RECORD_BYTES_RECOMMENDED) perS = 1; // no fit: 1-s records
  const spr = h.rateHz / perS;
  const digitalMin = new Int32Array(n);
  const digitalMax = new Int32Array(n);
  const signals: EdfSignalHeader[] = [];
  const pre = o.prefiltering ?? h.channels.map((ch) => prefilteringText(ch.kind, h.rateHz, o.emg));
  for (let c = 0; c < n; c++) {
    const ch = h.channels[c]!;
    let dmin = Math.max(ch.rawMin, lim.min);
    let dmax = Math.min(ch.rawMax, lim.max);
    if (dmin >= dmax) { if (dmax < lim.max) dmax = dmin + 1; else dmin = dmax - 1; }
    let pmin = Number(numberField(dmin * ch.scale) ?? NaN);
    let pmax = Number(numberField(dmax * ch.scale) ?? NaN);
    // A two's-complement range (−2ⁿ⁻¹ … 2ⁿ⁻¹ − 1) times a scale such as the Cyton's 4.5/24/(2²³ − 1) µV rarely fits the
    // 8-character physical fields exactly, and readers then scale every sample slightly wrong (1 count at full scale).
    // The symmetric range ±(2ⁿ⁻¹ − 1) often does: use it then (the one rail value −2ⁿ⁻¹ is clipped and counted).
    if (dmin === -dmax - 1 && !exactScale(pmin, pmax, dmin, dmax, ch.scale)) {
      const smin = -dmax;
      const spmin = Number(numberField(smin * ch.scale) ?? NaN);
      if (exactScale(spmin, pmax, smin, dmax, ch.scale)) { dmin = smin; pmin = spmin; }
    }
    digitalMin[c] = dmin;
    digitalMax[c] = dmax;
    if (!Number.isFinite(pmin) || !Number.isFinite(pmax) || pmin === pmax) return `channel ${ch.label}: physical range ${dmin * ch.scale}..${dmax * ch.scale} ${ch.unit} does not fit the 8-character header fields`;
    signals.push({
      label: ch.label,
      transducer: transducerText(ch.kind, [o.ident?.vendor, o.ident?.model].filter((x) => x).join(' ')),
      physicalDimension: ch.unit,
      physicalMin: pmin, physicalMax: pmax, digitalMin: dmin, digitalMax: dmax,
      prefiltering: typeof pre === 'string' ? pre : (pre[c] ?? ''),
      samplesPerRecord: spr,
    });
  }
  signals.push({
    label: `${format} Annotations`, transducer: '', physicalDimension: '', physicalMin: -1, physicalMax: 1,
    digitalMin: lim.min, digitalMax: lim.max, prefiltering: '', samplesPerRecord: annUnits,
  });
  const header: EdfHeader = {
    format, plus: true, discontinuous: false, patient: patientField(o.patient), recording: recordingField(start, o),
    ...startFields(start), headerBytes: FIXED_HEADER_BYTES + SIGNAL_HEADER_BYTES * signals.length, records: -1,
    recordDurationS: 1 / perS, signals,
  };
  return { format, header, samplesPerRecord: spr, recordDurationS: 1 / perS, annotationBytes: annUnits * lim.bytes, digitalMin, digitalMax };
}
