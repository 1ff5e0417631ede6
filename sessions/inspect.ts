// Summary of a recording for `inspect` and the library: header, channels, duration, annotations, sidecar metrics.
import type { Result } from '../api/contract.ts';
import * as fs from 'node:fs';
import { parseStart } from './edf-header.ts';
import { openEdf } from './edf-reader.ts';
import type { Annotation } from './edf-tal.ts';
import type { EdfError } from './errors.ts';
import { existingSidecarPath, readSidecar, type Sidecar } from './sidecar.ts';

export interface ChannelInfo {
  readonly label: string;
  readonly unit: string;
  readonly rateHz: number;
  readonly physicalMin: number;
  readonly physicalMax: number;
  readonly digitalMin: number;
  readonly digitalMax: number;
  readonly prefiltering: string;
  readonly transducer: string;
}

export interface InspectInfo {
  readonly path: string;
  /** `EDF`, `EDF+C`, `EDF+D`, `BDF`, `BDF+C`, `BDF+D`. */
  readonly type: string;
  readonly patient: string;
  readonly recording: string;
  /** Local start as stored (`dd.mm.yy hh.mm.ss`) and as ISO (local time interpreted by this machine). */
  readonly start: string;
  readonly startIso: string | null;
  readonly records: number;
  readonly recordDurationS: number;
  /** Seconds of data (records × duration). */
  readonly durationS: number;
  /** From the first record start to the end of the last record, gaps included. */
  readonly spanS: number;
  readonly channels: ChannelInfo[];
  readonly annotations: Annotation[];
  /** The sidecar next to the file, when present and valid. */
  readonly sidecar: Sidecar | null;
}

/** Reads and validates a file completely (header, sizes, annotations) and describes it. */
export function inspectEdf(path: string): Result<InspectInfo, EdfError> {
  const o = openEdf(path);
  if (!o.ok) return o;
  const r = o.value;
  try {
    const h = r.header;
    const a = r.readAnnotations();
    if (!a.ok) return a;
    const on = a.value.recordOnsetsS;
    const spanS = r.records > 0 ? on[r.records - 1]! + h.recordDurationS - on[0]! : 0;
    const sc = existingSidecarPath(path);
    const sidecar = sc !== null && sc !== path ? readSidecar(sc) : null;
    const start = parseStart(h.startDate, h.startTime);
    return {
      ok: true,
      value: {
        path, type: h.plus ? `${h.format}+${h.discontinuous ? 'D' : 'C'}` : h.format, patient: h.patient, recording: h.recording,
        start: `${h.startDate} ${h.startTime}`, startIso: start ? start.toISOString() : null,
        records: r.records, recordDurationS: h.recordDurationS, durationS: r.records * h.recordDurationS, spanS,
        channels: r.dataSignals.map((i) => {
          const s = h.signals[i]!;
          return {
            label: s.label, unit: s.physicalDimension, rateHz: r.rateHz(i), physicalMin: s.physicalMin, physicalMax: s.physicalMax,
            digitalMin: s.digitalMin, digitalMax: s.digitalMax, prefiltering: s.prefiltering, transducer: s.transducer,
          };
        }),
        annotations: a.value.annotations,
        sidecar: sidecar && sidecar.ok ? sidecar.value : null,
      },
    };
  } finally {
    r.close();
  }
}

/** Human-readable multi-line description. */
export function formatInspect(i: InspectInfo): string {
  const lines = [
    `file        ${i.path}`,
    `type        ${i.type}`,
    `start       ${i.start}`,
    `patient     ${i.patient}`,
    `recording   ${i.recording}`,
    `duration    ${i.durationS} s in ${i.records} records of ${i.recordDurationS} s${i.spanS > i.durationS + 1e-9 ? ` (span ${i.spanS} s with gaps)` : ''}`,
    `channels    ${i.channels.length}`,
    ...i.channels.map((c) => `  ${c.label.padEnd(16)} ${c.unit.padEnd(6)} ${c.rateHz} Hz  ${c.physicalMin}..${c.physicalMax} (digital ${c.digitalMin}..${c.digitalMax})${c.transducer ? `  [${c.transducer}]` : ''}${c.prefiltering ? `  ${c.prefiltering}` : ''}`),
    `annotations ${i.annotations.length}`,
    ...i.annotations.map((a) => `  ${a.onsetS.toFixed(3).padStart(10)} s${a.durationS !== null ? ` +${a.durationS} s` : ''}  ${a.text}`),
  ];
  const s = i.sidecar;
  if (s) {
    const rej = Object.entries(s.recording.rejected).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || '0';
    lines.push(
      `session     ${s.title || s.id}  status ${s.recording.status}${s.protocol ? `  protocol ${s.protocol.name}` : ''}`,
      `counters    lost ${s.recording.lost}, interpolated ${s.recording.interpolated}, rejected ${rej}, discontinuities ${s.recording.discontinuities}`,
      `device      ${s.device.ident ? `${s.device.ident.vendor} ${s.device.ident.model} ${s.device.ident.serial} fw ${s.device.ident.firmware}` : 'unknown'}`,
      `sha256      ${s.recording.sha256 ?? '-'}`,
      `metrics     ${s.phaseMetrics.length ? JSON.stringify(s.phaseMetrics) : '-'}`,
      ...s.notes.map((n) => `note        ${n.at}  ${n.text}`),
    );
  }
  return lines.join('\n');
}
