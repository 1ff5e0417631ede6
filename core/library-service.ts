// Session library commands for the renderer: list, open (overview + annotations), read a window, edit, delete, export.
import * as path from 'node:path';
import type { CommandRequest, Result, SessionOverview, SessionSummary, SessionWindow } from '../api/contract.ts';
import { classifyAnnotation } from '../sessions/annotations.ts';
import { annotationsCsvPath, exportCsv } from '../sessions/csv-export.ts';
import { openEdf, type EdfReader } from '../sessions/edf-reader.ts';
import { addSessionNote, deleteSession, listProfiles, listSessions, renameSession, type SessionListItem } from '../sessions/library.ts';
import { readSidecar } from '../sessions/sidecar.ts';
import { emgSettingsFrom, recordedKind } from '../sessions/channel-fields.ts';
import { EmgChain, effectiveEmgFilter } from '../dsp/emg-chain.ts';
import { filledMaskOfRecords } from '../sessions/analysis.ts';
import { sessionsErrorToApp } from './recording.ts';

/** The list item without its file paths: the renderer names sessions by id, never by path. */
function summary({ edfPath: _e, sidecarPath: _s, ...rest }: SessionListItem): SessionSummary {
  return rest;
}

/** NaN (an empty column) travels as null in JSON. */
function plain(a: Float32Array | Float64Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]!;
  return out;
}

export class LibraryService {
  constructor(private readonly dataDir: string) {}

  profiles(): Result<readonly string[]> {
    return { ok: true, value: listProfiles(this.dataDir) };
  }

  sessions(req: CommandRequest<'listSessions'>): Result<readonly SessionSummary[]> {
    return { ok: true, value: listSessions(this.dataDir, req.profileId).sessions.map(summary) };
  }

  private find(profileId: string, sessionId: string): Result<SessionListItem> {
    const s = listSessions(this.dataDir, profileId).sessions.find((x) => x.id === sessionId);
    return s ? { ok: true, value: s } : { ok: false, error: { kind: 'session-not-found', id: sessionId } };
  }

  private withReader<T>(item: SessionListItem, use: (r: EdfReader) => Result<T>): Result<T> {
    const r = openEdf(item.edfPath);
    if (!r.ok) return { ok: false, error: sessionsErrorToApp(r.error) };
    try { return use(r.value); } finally { r.value.close(); }
  }

  open(req: CommandRequest<'openSession'>): Result<SessionOverview> {
    const item = this.find(req.profileId, req.sessionId);
    if (!item.ok) return item;
    const sc = readSidecar(item.value.sidecarPath);
    return this.withReader(item.value, (r) => {
      const rev = r.review(req.columns);
      if (!rev.ok) return { ok: false, error: sessionsErrorToApp(rev.error) };
      const onsets = rev.value.annotations.recordOnsetsS;
      const durationS = r.records === 0 ? 0 : onsets[r.records - 1]! + r.header.recordDurationS;
      const cols = rev.value.overview.columns;
      return {
        ok: true,
        value: {
          session: summary(item.value),
          sidecar: sc.ok ? sc.value : null,
          channels: r.dataSignals.map((i) => ({ label: r.header.signals[i]!.label, unit: r.header.signals[i]!.physicalDimension, rateHz: r.rateHz(i) })),
          durationS,
          columnStartS: Array.from({ length: cols }, (_, i) => (i * durationS) / cols),
          min: rev.value.overview.signals.map((s) => plain(s.min)),
          max: rev.value.overview.signals.map((s) => plain(s.max)),
          annotations: rev.value.annotations.annotations.map((a) => ({ onsetS: a.onsetS, durationS: a.durationS, text: a.text, kind: classifyAnnotation(a.text).kind })),
        },
      };
    });
  }

  window(req: CommandRequest<'readSessionWindow'>): Result<SessionWindow> {
    const item = this.find(req.profileId, req.sessionId);
    if (!item.ok) return item;
    const sc = req.signal === 'envelope' ? readSidecar(item.value.sidecarPath) : null;
    const sidecarDsp = sc?.ok ? sc.value.dsp : undefined;
    return this.withReader(item.value, (r) => {
      const ann = r.readAnnotations();
      if (!ann.ok) return { ok: false, error: sessionsErrorToApp(ann.error) };
      const onsets = ann.value.recordOnsetsS;
      const recS = r.header.recordDurationS;
      const endS = Math.max(req.startS, req.endS);
      let first = 0;
      while (first < r.records && onsets[first]! + recS <= req.startS) first++;
      let last = first;
      while (last < r.records && onsets[last]! < endS) last++;
      const count = last - first;
      // At most ~10 minutes per request: the detail view asks for what it shows.
      if (count > Math.ceil(600 / recS)) return { ok: false, error: { kind: 'invalid-request', command: 'readSessionWindow', detail: 'window longer than 10 minutes' } };
      const t: number[] = [];
      const min: number[][] = r.dataSignals.map(() => []);
      const max: number[][] = r.dataSignals.map(() => []);
      if (count === 0) return { ok: true, value: { startS: req.startS, endS, t, min, max } };
      const sig0 = r.dataSignals[0]!;
      const spr = r.header.signals[sig0]!.samplesPerRecord;
      const total = count * spr;
      const per = Math.max(1, Math.ceil(total / req.maxPoints));
      const data = r.dataSignals.map((s) => (req.signal === 'envelope' ? this.envelopeOf(r, s, first, count, sidecarDsp, onsets, ann.value.annotations) : null) ?? r.readPhysical(s, first, count));
      let prevRec = -1;
      for (let i = 0; i < total; i += per) {
        const rec = first + Math.floor(i / spr);
        // A gap between two parts of the file (an unplug) is drawn as a gap, never as a line across it.
        for (let k = prevRec >= 0 ? prevRec + 1 : rec; k <= rec && k > first; k++) {
          if (onsets[k]! - (onsets[k - 1]! + recS) <= 1e-6) continue;
          t.push(onsets[k - 1]! + recS);
          for (let c = 0; c < data.length; c++) { min[c]!.push(NaN); max[c]!.push(NaN); }
        }
        prevRec = rec;
        const ts = onsets[rec]! + ((i % spr) / spr) * recS;
        if (ts < req.startS || ts > endS) continue;
        t.push(ts);
        data.forEach((d, c) => {
          let mn = Infinity; let mx = -Infinity;
          for (let k = i; k < Math.min(i + per, total); k++) { const v = d[k]!; if (v < mn) mn = v; if (v > mx) mx = v; }
          // A column with nothing but samples that are not signal (NaN) is a gap.
          min[c]!.push(mn === Infinity ? NaN : mn);
          max[c]!.push(mx === -Infinity ? NaN : mx);
        });
      }
      return { ok: true, value: { startS: req.startS, endS, t, min, max } };
    });
  }

  /**
   * RMS envelope (µV RMS) of an EMG signal over records [first, first + count), with the same filter chain and settings
   * as the session's analysis; 2 s of pre-roll settle the filters. Null for signals that are not raw EMG.
   */
  private envelopeOf(r: EdfReader, sig: number, first: number, count: number, dsp: unknown, onsets: Float64Array, anns: readonly { onsetS: number; durationS: number | null; text: string }[]): Float32Array | null {
    if (recordedKind(r.header.signals[sig]!) !== 'emg') return null;
    const f = effectiveEmgFilter(r.rateHz(sig), emgSettingsFrom(dsp));
    if (!f) return null;
    const spr = r.header.signals[sig]!.samplesPerRecord;
    const recS = r.header.recordDurationS;
    const gapBefore = (k: number) => k > 0 && onsets[k]! - (onsets[k - 1]! + recS) > 1e-6;
    // Pre-roll within the same part of the file only; each part after a gap starts with fresh filters.
    let pre = 0;
    while (pre < Math.ceil(2 / recS) && first - pre > 0 && !gapBefore(first - pre)) pre++;
    const phys = Float32Array.from(r.readPhysical(sig, first - pre, count + pre));
    const filt = new Float32Array(phys.length), env = new Float32Array(phys.length);
    let from = 0;
    for (let k = 1; k <= count + pre; k++) {
      if (k < count + pre && !gapBefore(first - pre + k)) continue;
      const a = from * spr, b = k * spr;
      new EmgChain(f).process(phys.subarray(a, b), 1, b - a, filt.subarray(a, b), env.subarray(a, b));
      from = k;
    }
    // Samples the recorder filled in (and the start-up after them) are gaps, never 0 µV "relaxed" (as in the analysis).
    const chain = new EmgChain(f);
    const mask = filledMaskOfRecords(anns, onsets, recS, spr, r.rateHz(sig), first - pre, count + pre, chain.startupSamples);
    for (let i = 0; i < mask.length; i++) if (mask[i]) env[i] = NaN;
    return env.subarray(pre * spr);
  }

  rename(req: CommandRequest<'renameSession'>): Result<null> {
    const r = renameSession(this.dataDir, req.profileId, req.sessionId, req.title);
    return r.ok ? { ok: true, value: null } : { ok: false, error: sessionsErrorToApp(r.error) };
  }

  note(req: CommandRequest<'addSessionNote'>): Result<null> {
    const r = addSessionNote(this.dataDir, req.profileId, req.sessionId, req.text);
    return r.ok ? { ok: true, value: null } : { ok: false, error: sessionsErrorToApp(r.error) };
  }

  remove(req: CommandRequest<'deleteSession'>): Result<null> {
    const r = deleteSession(this.dataDir, req.profileId, req.sessionId, req.confirmSessionId);
    return r.ok ? { ok: true, value: null } : { ok: false, error: sessionsErrorToApp(r.error) };
  }

  exportCsv(req: CommandRequest<'exportSessionCsv'>): Result<{ csvPath: string; annotationsPath: string }> {
    const item = this.find(req.profileId, req.sessionId);
    if (!item.ok) return item;
    const csvPath = path.join(path.dirname(item.value.edfPath), `${req.sessionId}.csv`);
    const r = exportCsv(item.value.edfPath, csvPath);
    return r.ok ? { ok: true, value: { csvPath, annotationsPath: annotationsCsvPath(csvPath) } } : { ok: false, error: sessionsErrorToApp(r.error) };
  }
}
