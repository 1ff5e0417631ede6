// Session sidecar JSON (zod schema, versioned): metadata, counters, notes, metrics, SHA-256, audit history of edits.
import type { Result } from '../api/contract.ts';
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { z } from 'zod';
import { errCode, errDetail, type LibraryError } from './errors.ts';
import { STREAM_CHANNEL_KINDS } from '../firmware-protocol/codec.ts';

export const SIDECAR_SCHEMA = 'loslaten.session';
export const SIDECAR_VERSION = 1;
/** Most audit entries kept; older ones are dropped first. */
export const MAX_HISTORY = 100;
/** Largest sidecar written or read as is, bytes. A larger one is read without its history (see {@link readSidecarChecked}). */
export const MAX_SIDECAR_BYTES = 4 * 1024 * 1024;
/** Largest sidecar read at all, bytes (beyond this the library rebuilds it from the recording). */
const MAX_SALVAGE_BYTES = 64 * 1024 * 1024;
/** Largest `previous` of one audit entry, bytes of JSON; a larger one is replaced by its size. */
export const MAX_HISTORY_ENTRY_BYTES = 16 * 1024;
/** File-name ending of a sidecar: `x.edf` → `x.loslaten.json` (cannot collide with a user's `x.json`). */
export const SIDECAR_SUFFIX = '.loslaten.json';

const identSchema = z.object({ vendor: z.string(), model: z.string(), serial: z.string(), firmware: z.string() });
const channelSchema = z.object({
  label: z.string(), kind: z.enum(STREAM_CHANNEL_KINDS), unit: z.enum(['uV', 'mmHg', 'cmH2O', 'hPa']),
  scale: z.number().positive(), rawMin: z.number().int(), rawMax: z.number().int(),
});
const headerSchema = z.object({ rateHz: z.number().positive(), channels: z.array(channelSchema).min(1).max(16) });
const count = z.number().int().nonnegative();

export const sidecarSchema = z.object({
  schema: z.literal(SIDECAR_SCHEMA),
  version: z.literal(SIDECAR_VERSION),
  /** Session id (folder name in the library). */
  id: z.string().min(1).max(128),
  title: z.string().max(200),
  /** ISO 8601 creation time. */
  createdAt: z.string(),
  profile: z.object({ id: z.string().min(1).max(64), name: z.string().max(200).nullable() }),
  patient: z.object({
    code: z.string().max(80).nullable(), sex: z.enum(['F', 'M', 'X']), birthdate: z.string().nullable(), name: z.string().max(200).nullable(),
  }).nullable(),
  protocol: z.object({ name: z.string().max(200), settings: z.unknown().optional() }).nullable(),
  targets: z.unknown(),
  calibration: z.unknown(),
  dsp: z.unknown(),
  device: z.object({ deviceId: z.string().nullable(), ident: identSchema.nullable(), header: headerSchema.nullable() }),
  appVersion: z.string(),
  recording: z.object({
    /** EDF/BDF file name, relative to the sidecar's folder. */
    file: z.string().min(1),
    format: z.enum(['EDF', 'BDF']),
    status: z.enum(['recording', 'complete', 'recovered', 'failed', 'imported']),
    /** ISO time of the first sample. */
    startedAt: z.string().nullable(),
    durationS: z.number().nonnegative(),
    records: count,
    samples: count, lost: count, interpolated: count, padded: count, discontinuities: count, clipped: count,
    /** Annotations not written because the recorder's queue was full (device-event floods); absent in older files. */
    annotationsDropped: count.optional(),
    /** Decoder rejections by reason during the recording. */
    rejected: z.record(z.string(), count),
    error: z.string().nullable(),
    /** SHA-256 (hex) of the EDF/BDF file once closed. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  }),
  notes: z.array(z.object({ id: z.string(), at: z.string(), text: z.string().max(10_000) })),
  /** Per-phase metrics, opaque to this module. */
  phaseMetrics: z.array(z.unknown()),
  history: z.array(z.object({ at: z.string(), field: z.string(), previous: z.unknown() })).max(MAX_HISTORY),
});

export type Sidecar = z.infer<typeof sidecarSchema>;
export type SidecarRecording = Sidecar['recording'];

/** `x.edf`/`x.bdf` → `x.loslaten.json`: the name a new sidecar gets. */
export function sidecarPathFor(edfPath: string): string {
  return (/\.(edf|bdf)$/i.test(edfPath) ? edfPath.slice(0, -4) : edfPath) + SIDECAR_SUFFIX;
}

/** `x.edf` → `x.json`: where sidecars were written before (still read, never created). */
export function legacySidecarPathFor(edfPath: string): string {
  return /\.(edf|bdf)$/i.test(edfPath) ? edfPath.slice(0, -4) + '.json' : edfPath + '.json';
}

/**
 * The sidecar of a recording as it is on disk: the current name, else the old `x.json` when that is a Loslaten
 * sidecar (a user's own `x.json` is not one: its schema field differs). Null when there is none.
 */
export function existingSidecarPath(edfPath: string): string | null {
  const p = sidecarPathFor(edfPath);
  if (fs.existsSync(p)) return p;
  const old = legacySidecarPathFor(edfPath);
  if (old !== edfPath && fs.existsSync(old) && looksLikeSidecar(old)) return old;
  return null;
}

/** Whether a file starts like a Loslaten sidecar (its `schema` field), without reading all of it. */
function looksLikeSidecar(p: string): boolean {
  try {
    const fd = fs.openSync(p, 'r');
    try {
      const b = Buffer.alloc(256);
      const n = fs.readSync(fd, b, 0, 256, 0);
      return b.toString('utf8', 0, n).includes(`"schema": "${SIDECAR_SCHEMA}"`) || b.toString('utf8', 0, n).includes(`"schema":"${SIDECAR_SCHEMA}"`);
    } finally { fs.closeSync(fd); }
  } catch { return false; }
}

/** The sidecar among a session folder's file names: the current name first, then an old-style one. */
export function sidecarNameIn(names: readonly string[]): string | undefined {
  return names.find((n) => n.endsWith(SIDECAR_SUFFIX)) ?? names.find((n) => n.endsWith('.json') && !n.includes('.tmp-') && !n.includes('.damaged'));
}

/** A new sidecar with defaults (status `recording`, zero counters). */
export function newSidecar(init: Partial<Omit<Sidecar, 'schema' | 'version' | 'recording'>> & { recording: Pick<SidecarRecording, 'file' | 'format'> & Partial<SidecarRecording> }): Sidecar {
  const now = new Date().toISOString();
  return sidecarSchema.parse({
    schema: SIDECAR_SCHEMA, version: SIDECAR_VERSION, id: init.id ?? randomUUID(), title: init.title ?? '', createdAt: init.createdAt ?? now,
    profile: init.profile ?? { id: 'default', name: null }, patient: init.patient ?? null, protocol: init.protocol ?? null,
    targets: init.targets ?? null, calibration: init.calibration ?? null, dsp: init.dsp ?? null,
    device: init.device ?? { deviceId: null, ident: null, header: null }, appVersion: init.appVersion ?? '0.0.0',
    recording: {
      status: 'recording', startedAt: null, durationS: 0, records: 0, samples: 0, lost: 0, interpolated: 0, padded: 0,
      discontinuities: 0, clipped: 0, rejected: {}, error: null, sha256: null, ...init.recording,
    },
    notes: init.notes ?? [], phaseMetrics: init.phaseMetrics ?? [], history: [],
  });
}

/** The sidecar as written: within {@link MAX_SIDECAR_BYTES}, oldest history entries dropped first when needed. */
function serialize(path: string, s: Sidecar): Result<string, LibraryError> {
  let text = JSON.stringify(s, null, 2) + '\n';
  let h = s.history;
  while (Buffer.byteLength(text) > MAX_SIDECAR_BYTES && h.length > 0) {
    h = h.slice(Math.max(1, Math.ceil(h.length / 4)));
    text = JSON.stringify({ ...s, history: h }, null, 2) + '\n';
  }
  if (Buffer.byteLength(text) > MAX_SIDECAR_BYTES) return { ok: false, error: { kind: 'bad-sidecar', path, detail: 'would be larger than 4 MiB' } };
  return { ok: true, value: text };
}

/**
 * Writes atomically (temp file, fsync, rename), mode 0600, at most {@link MAX_SIDECAR_BYTES}. `exclusive`: fails
 * (EEXIST) rather than replace a file already at `path` — for a new recording's sidecar.
 */
export function writeSidecar(path: string, s: Sidecar, opts: { readonly exclusive?: boolean } = {}): Result<null, LibraryError> {
  const text = serialize(path, s);
  if (!text.ok) return text;
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = fs.openSync(tmp, 'w', 0o600);
    try { fs.writeSync(fd, text.value); fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
    if (opts.exclusive) { fs.linkSync(tmp, path); fs.unlinkSync(tmp); } else fs.renameSync(tmp, path);
    return { ok: true, value: null };
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* not created */ }
    return { ok: false, error: { kind: 'io', path, code: errCode(e), detail: errDetail(e) } };
  }
}

export function readSidecar(path: string): Result<Sidecar, LibraryError> {
  const r = readSidecarChecked(path);
  return r.ok ? { ok: true, value: r.value.sidecar } : r;
}

/**
 * Reads a sidecar. One that is larger than {@link MAX_SIDECAR_BYTES} or whose history is damaged is read without
 * its history (`repaired` says why; one history entry records it), so the session stays reachable.
 */
export function readSidecarChecked(path: string): Result<{ sidecar: Sidecar; repaired: string | null }, LibraryError> {
  let text: string;
  let size: number;
  try {
    size = fs.statSync(path).size;
    if (size > MAX_SALVAGE_BYTES) return { ok: false, error: { kind: 'bad-sidecar', path, detail: 'larger than 64 MiB' } };
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, error: { kind: 'io', path, code: errCode(e), detail: errDetail(e) } };
  }
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) { return { ok: false, error: { kind: 'bad-sidecar', path, detail: errDetail(e) } }; }
  const p = sidecarSchema.safeParse(json);
  if (p.success && size <= MAX_SIDECAR_BYTES) return { ok: true, value: { sidecar: p.data, repaired: null } };
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const old = (json as { history?: unknown }).history;
    const dropped = Array.isArray(old) ? old.length : 0;
    const reason = size > MAX_SIDECAR_BYTES ? 'larger than 4 MiB' : 'history damaged';
    const q = sidecarSchema.safeParse({ ...json, history: [{ at: new Date().toISOString(), field: 'history', previous: { dropped, reason } }] });
    if (q.success && (size > MAX_SIDECAR_BYTES || !p.success)) return { ok: true, value: { sidecar: q.data, repaired: reason } };
  }
  const i = p.success ? undefined : p.error.issues[0];
  return { ok: false, error: { kind: 'bad-sidecar', path, detail: i ? `${i.path.join('.')}: ${i.message}` : 'invalid' } };
}

type EditableField = 'title' | 'profile' | 'patient' | 'protocol' | 'targets' | 'calibration' | 'dsp' | 'phaseMetrics' | 'recording' | 'notes';

/**
 * What an edit changed, for the audit history: for notes only the notes added, edited (with their previous text) or
 * removed — never a copy of all of them (that grew the file quadratically); the analysis cache (derived, can be
 * recomputed) only by its size; other fields by their previous value. At most {@link MAX_HISTORY_ENTRY_BYTES}.
 */
function changeOf<K extends EditableField>(field: K, prev: Sidecar[K], next: Sidecar[K]): unknown {
  let change: unknown = prev;
  if (field === 'notes') {
    const before = new Map((prev as Sidecar['notes']).map((n) => [n.id, n]));
    const after = new Set((next as Sidecar['notes']).map((n) => n.id));
    change = {
      added: (next as Sidecar['notes']).filter((n) => !before.has(n.id)).map((n) => n.id),
      edited: (next as Sidecar['notes']).filter((n) => before.has(n.id) && before.get(n.id)!.text !== n.text).map((n) => ({ id: n.id, text: before.get(n.id)!.text })),
      removed: (prev as Sidecar['notes']).filter((n) => !after.has(n.id)),
    };
  } else if (field === 'phaseMetrics') change = { entries: (prev as unknown[]).length };
  const bytes = JSON.stringify(change ?? null).length;
  return bytes > MAX_HISTORY_ENTRY_BYTES ? { omitted: true, bytes } : change;
}

/** Returns a copy with `field` replaced; what changed goes to the audit history (bounded). Throws a ZodError
 * on an invalid value (use {@link editSidecarFile} for an error value). */
export function withEdit<K extends EditableField>(s: Sidecar, field: K, value: Sidecar[K], at = new Date()): Sidecar {
  const history = [...s.history, { at: at.toISOString(), field, previous: changeOf(field, s[field], value) }].slice(-MAX_HISTORY);
  return sidecarSchema.parse({ ...s, [field]: value, history });
}

/** Appends a note (never touches the recording). */
export function withNote(s: Sidecar, text: string, at = new Date()): Sidecar {
  return withEdit(s, 'notes', [...s.notes, { id: randomUUID(), at: at.toISOString(), text }], at);
}

/** Replaces a note's text; the previous notes stay in the history. Returns null for an unknown note id. */
export function withNoteEdited(s: Sidecar, noteId: string, text: string, at = new Date()): Sidecar | null {
  if (!s.notes.some((n) => n.id === noteId)) return null;
  return withEdit(s, 'notes', s.notes.map((n) => (n.id === noteId ? { ...n, text } : n)), at);
}

/** Reads, edits and atomically rewrites a sidecar file. */
export function editSidecarFile(path: string, edit: (s: Sidecar) => Sidecar | null): Result<Sidecar, LibraryError> {
  const r = readSidecar(path);
  if (!r.ok) return r;
  let next: Sidecar | null;
  try { next = edit(r.value); } catch (e) { return { ok: false, error: { kind: 'bad-sidecar', path, detail: errDetail(e) } }; }
  if (!next) return { ok: false, error: { kind: 'not-found', id: path } };
  const w = writeSidecar(path, next);
  return w.ok ? { ok: true, value: next } : w;
}

/** SHA-256 (hex) of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}
