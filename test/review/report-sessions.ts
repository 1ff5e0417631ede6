// Test helper: the report HTML of three realistic sessions (full Glazer assessment, 10-min downtraining, pressure) with notes.
import * as path from 'node:path';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';
import type { ReportLanguage } from '../../api/report-messages.ts';
import { buildReportInput, renderReportHtml, type ReportInput } from '../../core/report.ts';
import { annotationText } from '../../sessions/annotations.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { newSidecar, withNote, type Sidecar } from '../../sessions/sidecar.ts';
import { downtrainingProtocol, glazerAssessmentProtocol } from '../../training/protocols.ts';
import { tmpDir, writeSyntheticSession } from './synthetic.ts';

/** A therapist's note of realistic length (~600 characters, with a line break). */
export const LONG_NOTE = 'Rust vooraf duidelijk verhoogd (patiënte gespannen bij aanvang, net van de fiets). Snelle aanspanningen goed, maar '
  + 'herstel na de derde en vierde aanspanning traag: de spier laat niet volledig los binnen tien seconden. Bij het vasthouden '
  + 'compenseert zij met de buikspieren (ABD stijgt mee), vooral bij hold 4 en 5.\nUithoudingsvermogen: daling na ongeveer 40 s. '
  + 'Rust achteraf hoger dan vooraf. Plan: twee weken ontspanningstraining met de ademhalingsgids (10 min per dag), daarna '
  + 'opnieuw meten. Huiswerk besproken; patiënte begrijpt het doel van loslaten. Volgende afspraak over 14 dagen, eerder bij pijnklachten.';

export interface ReportCase { readonly name: 'glazer' | 'downtraining' | 'pressure'; readonly lang: ReportLanguage; readonly input: ReportInput; readonly html: string; readonly notes: readonly string[] }

function sidecar(file: string, title: string, protocol: string, notes: readonly string[]): Sidecar {
  let sc = newSidecar({ id: 's', title, profile: { id: 'anna', name: 'Anna de Vries' }, patient: { code: 'P-0042', sex: 'F', birthdate: null, name: 'Anna de Vries' },
    protocol: { name: protocol }, recording: { file, format: 'EDF', status: 'complete', startedAt: '2026-11-24T09:05:01.000Z' } });
  for (const [i, n] of notes.entries()) sc = withNote(sc, n, new Date(Date.UTC(2026, 10, 24, 9, 20 + i)));
  return sc;
}

async function build(name: ReportCase['name'], edf: string, sc: Sidecar, notes: readonly string[], lang: ReportLanguage): Promise<ReportCase> {
  const r = await buildReportInput(edf, sc, '0.1.0');
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return { name, lang, input: r.value, html: renderReportHtml(r.value, lang), notes };
}

/** A full Glazer assessment (all 24 phases, real durations: 5:40), two EMG channels, a marker, a ~600-character note. */
export async function glazerCase(notes: readonly string[] = [LONG_NOTE], lang: ReportLanguage = 'en'): Promise<ReportCase> {
  const phases = glazerAssessmentProtocol().phases.map((p) => ({ name: p.id, seconds: p.durationS,
    amplitudeUv: p.kind === 'rest' || p.kind === 'recovery' ? 8 + (p.id.length % 4) : p.kind === 'flick' ? 90 : p.kind === 'hold' ? 60 : 40 }));
  const edf = await writeSyntheticSession(path.join(tmpDir('loslaten-report-glazer-'), 'glazer.edf'), phases, 'marker: coughed');
  return build('glazer', edf, sidecar('glazer.edf', 'Meting week 0', 'Assessment (Glazer protocol)', notes), notes, lang);
}

/** A 10-minute downtraining session (settle + 10 min downtrain), two EMG channels, two notes. */
export async function downtrainingCase(notes: readonly string[] = ['Goed gelukt; ademhaling rustig.', LONG_NOTE.slice(0, 300)], lang: ReportLanguage = 'en'): Promise<ReportCase> {
  const phases = downtrainingProtocol(10).phases.map((p) => ({ name: p.id, seconds: p.durationS, amplitudeUv: p.id === 'settle' ? 14 : 9 }));
  const edf = await writeSyntheticSession(path.join(tmpDir('loslaten-report-down-'), 'down.edf'), phases, 'marker: cough', 'downtraining-10');
  return build('downtraining', edf, sidecar('down.edf', 'Thuis, dag 3', 'Downtraining (10 min)', notes), notes, lang);
}

/** A pressure session: one probe channel (mmHg, 50 Hz), 10-minute downtraining, a note. */
export async function pressureCase(notes: readonly string[] = [LONG_NOTE.slice(0, 450)], lang: ReportLanguage = 'en'): Promise<ReportCase> {
  const h: StreamHeader = { rateHz: 50, channels: [{ label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: -5000, rawMax: 30000 }] };
  const file = path.join(tmpDir('loslaten-report-pressure-'), 'pressure.edf');
  const rec = new Recorder({ outPath: file, header: h, syncMode: 'async' });
  const phases = downtrainingProtocol(10).phases;
  rec.annotate(0, annotationText.protocol('downtraining-10'));
  let i = 0, t = 0;
  for (const ph of phases) {
    rec.annotate(t, annotationText.phaseStart(ph.id));
    const n = ph.durationS * 50;
    for (let k = 0; k < n; k += 50) {
      const ch = Int32Array.from({ length: 50 }, (_, j) => Math.round((25 + 3 * Math.sin((i + j) / 150) + (ph.id === 'settle' ? 5 : 0)) * 100));
      rec.onBatch({ streamId: 1, header: h, firstSampleIndex: i, firstSeq: i & 0xffff, lostBefore: 0, count: 50, channels: [ch], hostTimeMs: 1_700_000_000_000 + i * 20 });
      i += 50;
    }
    t += ph.durationS;
    rec.annotate(t, annotationText.phaseEnd(ph.id));
  }
  const s = await rec.close();
  if (s.error) throw new Error(`pressure recording failed: ${s.error.kind}`);
  return build('pressure', s.path, sidecar('pressure.edf', 'Drukmeting thuis', 'Downtraining (10 min)', notes), notes, lang);
}
