// Session sidecar JSON (zod schema, versioned): metadata, counters, notes, metrics, SHA-256, audit history of edits.
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { z } from 'zod';
import { errCode, errDetail, type LibraryError, type Res } from './errors.ts';
import { STREAM_CHANNEL_KINDS } from '../firmware-protocol/codec.ts';

export const SIDECAR_SCHEMA = 'loslaten.session';
export const SIDECAR_VERSION = 1;
/** Most audit entries kept; older ones are dropped first. */
export const MAX_HISTORY = 100;

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

/** `x.edf`/`x.bdf` → `x.json`. */
export function sidecarPathFor(edfPath: string): string {
  return /\.(edf|bdf)$/i.test(edfPath) ? edfPath.slice(0, -4) + '.json' : edfPath + '.json';
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

/** Writes atomically (temp file, fsync, rename), mode 0600. */
export function writeSidecar(path: string, s: Sidecar): Res<null, LibraryError> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = fs.openSync(tmp, 'w', 0o600);
    try { fs.writeSync(fd, JSON.stringify(s, null, 2) + '\n'); fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
    fs.renameSync(tmp, path);
    return { ok: true, value: null };
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* not created */ }
    return { ok: false, error: { kind: 'io', path, code: errCode(e), detail: errDetail(e) } };
  }
}

export function readSidecar(path: string): Res<Sidecar, LibraryError> {
  let text: string;
  try {
    if (fs.statSync(path).size > 4 * 1024 * 1024) return { ok: false, error: { kind: 'bad-sidecar', path, detail: 'larger than 4 MiB' } };
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, error: { kind: 'io', path, code: errCode(e), detail: errDetail(e) } };
  }
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) { return { ok: false, error: { kind: 'bad-sidecar', path, detail: errDetail(e) } }; }
  const p = sidecarSchema.safeParse(json);
  if (!p.success) {
    const i = p.error.issues[0];
    return { ok: false, error: { kind: 'bad-sidecar', path, detail: i ? `${i.path.join('.')}: ${i.message}` : 'invalid' } };
  }
  return { ok: true, value: p.data };
}

type EditableField = 'title' | 'profile' | 'patient' | 'protocol' | 'targets' | 'calibration' | 'dsp' | 'phaseMetrics' | 'recording' | 'notes';

/** Returns a copy with `field` replaced; the previous value goes to the audit history (bounded). Throws a ZodError
 * on an invalid value (use {@link editSidecarFile} for an error value). */
export function withEdit<K extends EditableField>(s: Sidecar, field: K, value: Sidecar[K], at = new Date()): Sidecar {
  const history = [...s.history, { at: at.toISOString(), field, previous: s[field] }].slice(-MAX_HISTORY);
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
export function editSidecarFile(path: string, edit: (s: Sidecar) => Sidecar | null): Res<Sidecar, LibraryError> {
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
