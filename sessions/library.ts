// Session library on disk: <dataDir>/profiles/<profile>/<session>/{recording.edf|bdf, recording.json}; list, edit, import.
import type { Result } from '../api/contract.ts';
import { isSafeId } from '../api/id-schema.ts';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseStart } from './edf-header.ts';
import { openEdf } from './edf-reader.ts';
import { errCode, errDetail, type LibraryError } from './errors.ts';
import { findUnfinished, recoverEdf, type RecoverResult } from './recover.ts';
import type { SessionSummary } from '../api/contract.ts';
import {
  editSidecarFile, newSidecar, readSidecarChecked, sha256File, sidecarNameIn, sidecarPathFor, withEdit, withNote, writeSidecar,
  type Sidecar,
} from './sidecar.ts';

/** Folder mode (owner only). */
export const DIR_MODE = 0o700;
/** File base name of every session's recording inside its folder. */
export const RECORDING_BASE = 'recording';

/** A session in the list: what the renderer sees (the API's summary) plus where its files are. */
export interface SessionListItem extends SessionSummary {
  readonly status: Sidecar['recording']['status'];
  readonly edfPath: string;
  readonly sidecarPath: string;
  /** Set when the sidecar was oversized or damaged and was repaired while listing (history dropped, or rebuilt). */
  readonly repaired?: string;
}

export interface SessionPaths { readonly id: string; readonly dir: string; readonly edfPath: string; readonly sidecarPath: string }

function ioErr(p: string, e: unknown): { ok: false; error: LibraryError } {
  return { ok: false, error: { kind: 'io', path: p, code: errCode(e), detail: errDetail(e) } };
}

/** Creates a folder (and parents) with mode 0700. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  fs.chmodSync(dir, DIR_MODE);
}

/** Folder of one profile/patient (validated id). */
export function profileDir(dataDir: string, profileId: string): Result<string, LibraryError> {
  if (!isSafeId(profileId)) return { ok: false, error: { kind: 'bad-id', id: profileId } };
  return { ok: true, value: path.join(dataDir, 'profiles', profileId) };
}

function sessionDir(dataDir: string, profileId: string, id: string): Result<string, LibraryError> {
  const p = profileDir(dataDir, profileId);
  if (!p.ok) return p;
  if (!isSafeId(id)) return { ok: false, error: { kind: 'bad-id', id } };
  const d = path.join(p.value, id);
  if (!fs.existsSync(d)) return { ok: false, error: { kind: 'not-found', id } };
  return { ok: true, value: d };
}

/** A new session folder `YYYYMMDD-HHMMSS-xxxx` (local time) with paths for the recording and its sidecar. */
export function newSessionPaths(dataDir: string, profileId: string, at = new Date()): Result<SessionPaths, LibraryError> {
  const p = profileDir(dataDir, profileId);
  if (!p.ok) return p;
  const z = (n: number): string => String(n).padStart(2, '0');
  const id = `${at.getFullYear()}${z(at.getMonth() + 1)}${z(at.getDate())}-${z(at.getHours())}${z(at.getMinutes())}${z(at.getSeconds())}-${randomBytes(2).toString('hex')}`;
  const dir = path.join(p.value, id);
  try {
    ensurePrivateDir(dataDir);
    ensurePrivateDir(path.join(dataDir, 'profiles'));
    ensurePrivateDir(p.value);
    ensurePrivateDir(dir);
  } catch (e) { return ioErr(dir, e); }
  const edfPath = path.join(dir, `${RECORDING_BASE}.edf`);
  return { ok: true, value: { id, dir, edfPath, sidecarPath: sidecarPathFor(edfPath) } };
}

/** Profile ids present in the library. */
export function listProfiles(dataDir: string): string[] {
  try { return fs.readdirSync(path.join(dataDir, 'profiles')).filter(isSafeId).sort(); } catch { return []; }
}

/**
 * Sessions of one profile (or all), newest first. Folders whose sidecar cannot be read are reported in `problems`.
 */
export function listSessions(dataDir: string, profileId?: string): { sessions: SessionListItem[]; problems: LibraryError[] } {
  const sessions: SessionListItem[] = [];
  const problems: LibraryError[] = [];
  for (const pid of profileId === undefined ? listProfiles(dataDir) : [profileId]) {
    const pd = profileDir(dataDir, pid);
    if (!pd.ok) { problems.push(pd.error); continue; }
    let ids: string[] = [];
    try { ids = fs.readdirSync(pd.value).filter(isSafeId); } catch { continue; }
    for (const id of ids) {
      const dir = path.join(pd.value, id);
      let names: string[];
      try { names = fs.readdirSync(dir); } catch { continue; } // not a folder
      const scName = sidecarNameIn(names);
      const edfName = names.find((n) => /\.(edf|bdf)$/i.test(n));
      if (!scName && !edfName) { problems.push({ kind: 'bad-sidecar', path: dir, detail: 'no sidecar JSON' }); continue; }
      let sp = scName ? path.join(dir, scName) : sidecarPathFor(path.join(dir, edfName!));
      const r = scName ? readSidecarChecked(sp) : null;
      let s: Sidecar;
      let repaired: string | undefined;
      if (r?.ok) {
        s = r.value.sidecar;
        if (r.value.repaired) { repaired = r.value.repaired; writeSidecar(sp, s); }
      } else {
        // A recording must never become unreachable because of its metadata: rebuild the sidecar from the file.
        const rebuilt = edfName ? rebuildSidecar(dir, id, pid, edfName, scName ?? null, r ? r.error : null) : null;
        if (!rebuilt) { if (r) problems.push(r.error); continue; }
        if (r) problems.push(r.error);
        s = rebuilt.sidecar;
        sp = rebuilt.path;
        repaired = 'rebuilt';
      }
      // A repair stays visible: the history keeps the entry that says the sidecar was rebuilt or its history dropped.
      if (!repaired && s.history.some((h) => h.field === 'sidecar')) repaired = 'rebuilt';
      else if (!repaired) { const h = s.history.find((x) => x.field === 'history'); if (h) repaired = String((h.previous as { reason?: unknown } | null)?.reason ?? 'history dropped'); }
      let rejected = 0;
      for (const v of Object.values(s.recording.rejected)) rejected += v;
      sessions.push({
        id, profileId: pid, title: s.title, startedAt: s.recording.startedAt ?? s.createdAt, durationS: s.recording.durationS,
        protocol: s.protocol?.name ?? null, status: s.recording.status, lost: s.recording.lost, rejected, notes: s.notes.length,
        edfPath: recordingPathIn(dir, s.recording.file, edfName), sidecarPath: sp, ...(repaired ? { repaired } : {}),
      });
    }
  }
  sessions.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  return { sessions, problems };
}

/**
 * The recording a sidecar names, inside its own folder: only a plain file name is accepted (a crafted `../x` or an
 * absolute path would reach outside the session folder); anything else falls back to the folder's own recording.
 */
export function recordingPathIn(dir: string, file: string, fallbackName?: string): string {
  const plain = file === path.basename(file) && !file.includes('/') && !file.includes('\\') && file !== '.' && file !== '..' && /\.(edf|bdf)$/i.test(file);
  return path.join(dir, plain ? file : fallbackName ?? `${RECORDING_BASE}.edf`);
}

/**
 * A new sidecar for a session folder whose sidecar is missing or unreadable, from the recording's header; the bad
 * file is kept aside as `<name>.damaged` and the history says so. Null when the recording cannot be read either.
 */
function rebuildSidecar(dir: string, id: string, profileId: string, edfName: string, badName: string | null, why: LibraryError | null): { sidecar: Sidecar; path: string } | null {
  const edfPath = path.join(dir, edfName);
  const o = openEdf(edfPath);
  if (!o.ok) return null;
  const h = o.value.header;
  const records = o.value.records;
  const samples = o.value.dataSignals.length > 0 ? records * h.signals[o.value.dataSignals[0]!]!.samplesPerRecord : 0;
  // The file's wall-clock span (an EDF+D gap included), the one duration shown everywhere.
  const ann = records > 0 ? o.value.readAnnotations() : null;
  const spanS = ann?.ok ? ann.value.recordOnsetsS[records - 1]! + h.recordDurationS : records * h.recordDurationS;
  o.value.close();
  let sc: Sidecar;
  try {
    sc = newSidecar({
      id, title: '', profile: { id: profileId, name: null },
      recording: { file: edfName, format: h.format, status: 'recovered', startedAt: parseStart(h.startDate, h.startTime)?.toISOString() ?? null, durationS: spanS, records, samples },
    });
  } catch { return null; }
  sc = { ...sc, history: [{ at: new Date().toISOString(), field: 'sidecar', previous: { rebuilt: why ? ('detail' in why ? String(why.detail) : why.kind) : 'missing' } }] };
  if (badName) { try { fs.renameSync(path.join(dir, badName), path.join(dir, `${badName}.damaged`)); } catch { /* keep going */ } }
  const p = sidecarPathFor(edfPath);
  return writeSidecar(p, sc).ok ? { sidecar: sc, path: p } : { sidecar: sc, path: p };
}

function sidecarOf(dataDir: string, profileId: string, id: string): Result<string, LibraryError> {
  const d = sessionDir(dataDir, profileId, id);
  if (!d.ok) return d;
  let n: string | undefined;
  try { n = sidecarNameIn(fs.readdirSync(d.value)); } catch (e) { return ioErr(d.value, e); }
  return n ? { ok: true, value: path.join(d.value, n) } : { ok: false, error: { kind: 'not-found', id } };
}

/** Sets the session title (the previous one stays in the audit history). */
export function renameSession(dataDir: string, profileId: string, id: string, title: string): Result<Sidecar, LibraryError> {
  const p = sidecarOf(dataDir, profileId, id);
  return p.ok ? editSidecarFile(p.value, (s) => withEdit(s, 'title', title.slice(0, 200))) : p;
}

/** Appends a note to the sidecar; the recording is never modified. */
export function addSessionNote(dataDir: string, profileId: string, id: string, text: string): Result<Sidecar, LibraryError> {
  const p = sidecarOf(dataDir, profileId, id);
  return p.ok ? editSidecarFile(p.value, (s) => withNote(s, text.slice(0, 10_000))) : p;
}

/** Deletes a session folder. `confirmId` must repeat the id (the UI asks the user first). */
export function deleteSession(dataDir: string, profileId: string, id: string, confirmId: string): Result<null, LibraryError> {
  if (confirmId !== id) return { ok: false, error: { kind: 'bad-id', id: confirmId } };
  const d = sessionDir(dataDir, profileId, id);
  if (!d.ok) return d;
  try { fs.rmSync(d.value, { recursive: true }); } catch (e) { return ioErr(d.value, e); }
  return { ok: true, value: null };
}

/**
 * Imports an EDF/EDF+/BDF/BDF+ file (e.g. recorded at home) into a profile after full validation (header, sizes,
 * every record's annotations). The copy gets mode 0600 and a sidecar with status `imported`.
 */
export async function importEdf(dataDir: string, profileId: string, srcPath: string, title = ''): Promise<Result<SessionListItem, LibraryError>> {
  const o = openEdf(srcPath);
  if (!o.ok) return { ok: false, error: { kind: 'import-failed', path: srcPath, error: o.error } };
  const r = o.value;
  const a = r.readAnnotations();
  const h = r.header;
  const samples = r.dataSignals.length > 0 ? r.records * h.signals[r.dataSignals[0]!]!.samplesPerRecord : 0;
  r.close();
  if (!a.ok) return { ok: false, error: { kind: 'import-failed', path: srcPath, error: a.error } };
  const sp = newSessionPaths(dataDir, profileId);
  if (!sp.ok) return sp;
  const dest = path.join(sp.value.dir, `${RECORDING_BASE}.${h.format === 'BDF' ? 'bdf' : 'edf'}`);
  try {
    fs.copyFileSync(srcPath, dest, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(dest, 0o600);
  } catch (e) { fs.rmSync(sp.value.dir, { recursive: true, force: true }); return ioErr(dest, e); }
  const sha = await sha256File(dest);
  const sc = newSidecar({
    id: sp.value.id, title: title || path.basename(srcPath), profile: { id: profileId, name: null },
    recording: {
      file: path.basename(dest), format: h.format, status: 'imported', startedAt: parseStart(h.startDate, h.startTime)?.toISOString() ?? null, durationS: r.records > 0 ? a.value.recordOnsetsS[r.records - 1]! + h.recordDurationS : 0, records: r.records,
      samples, sha256: sha, discontinuities: countBreaks(a.value.recordOnsetsS, h.recordDurationS),
    },
  });
  const scPath = sidecarPathFor(dest);
  const w = writeSidecar(scPath, sc, { exclusive: true });
  if (!w.ok) return w;
  const item = listSessions(dataDir, profileId).sessions.find((s) => s.id === sp.value.id);
  return item ? { ok: true, value: item } : { ok: false, error: { kind: 'not-found', id: sp.value.id } };
}

/** Number of places where a record starts later than the previous one ends. */
function countBreaks(onsets: Float64Array, durS: number): number {
  let n = 0;
  for (let i = 1; i < onsets.length; i++) if (onsets[i]! > onsets[i - 1]! + durS + 1e-6) n++;
  return n;
}

/** Recovers every unfinished recording in the library (run at app start). */
export async function recoverLibrary(dataDir: string): Promise<RecoverResult[]> {
  const out: RecoverResult[] = [];
  for (const pid of listProfiles(dataDir)) {
    const pd = path.join(dataDir, 'profiles', pid);
    let ids: string[] = [];
    try { ids = fs.readdirSync(pd); } catch { continue; }
    for (const id of ids) {
      for (const f of findUnfinished(path.join(pd, id))) {
        const r = await recoverEdf(f);
        if (r.ok) out.push(r.value);
      }
    }
  }
  return out;
}
