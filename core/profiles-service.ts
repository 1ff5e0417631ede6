// Patients (therapist mode): one JSON record per profile in `patients/<id>.json` — create, list, search, archive, notes.
import { errorDetail } from '../api/error-detail.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandRequest, Result } from '../api/contract.ts';
import { patientRecordSchema, type PatientRecord } from '../api/settings.ts';
import { writePrivateJson } from './private-json.ts';
import { isSafeId } from '../api/id-schema.ts';

export class ProfilesService {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'patients');
  }

  private path(id: string): string { return join(this.dir, `${id}.json`); }

  /** The patient's name as people know it (for recordings and reports), or null for a profile that is no patient. */
  nameOf(id: string): string | null { return this.read(id)?.name ?? null; }

  private read(id: string): PatientRecord | null {
    const r = this.readChecked(id);
    return r.ok ? r.rec : null;
  }

  /** The record, or why its file cannot be used (`truncated or not JSON`, `schema: …`, an I/O code). */
  private readChecked(id: string): { ok: true; rec: PatientRecord } | { ok: false; why: string } {
    let text: string;
    try { text = readFileSync(this.path(id), 'utf8'); } catch (e) { return { ok: false, why: (e as NodeJS.ErrnoException).code ?? 'EIO' }; }
    let json: unknown;
    try { json = JSON.parse(text); } catch { return { ok: false, why: 'truncated or not JSON' }; }
    const r = patientRecordSchema.safeParse(json);
    if (!r.success) return { ok: false, why: `schema: ${r.error.issues[0]?.path.join('.') ?? '?'}` };
    const { version: _v, ...rec } = r.data;
    return { ok: true, rec };
  }

  private write(rec: PatientRecord): void {
    writePrivateJson(this.path(rec.id), { version: 1, ...rec });
  }

  /** Patients sorted by name; archived ones only when asked. Unreadable records are listed, marked `damaged`. */
  list(req: CommandRequest<'listPatients'>): Result<readonly PatientRecord[]> {
    if (!existsSync(this.dir)) return { ok: true, value: [] };
    const out: PatientRecord[] = [];
    for (const f of readdirSync(this.dir)) {
      if (!f.endsWith('.json')) continue;
      const id = f.slice(0, -5);
      if (!isSafeId(id)) continue;
      const r = this.readChecked(id);
      if (!r.ok) { out.push({ id, name: id, createdAt: '', archived: false, notes: '', damaged: r.why }); continue; }
      if (req.includeArchived || !r.rec.archived) out.push(r.rec);
    }
    out.sort((a, b) => a.name.localeCompare(b.name));
    return { ok: true, value: out };
  }

  create(req: CommandRequest<'createPatient'>): Result<PatientRecord> {
    if (existsSync(this.path(req.id))) return { ok: false, error: { kind: 'bad-id', id: req.id } };
    const rec: PatientRecord = { id: req.id, name: req.name, createdAt: new Date().toISOString(), archived: false, notes: '' };
    return this.guard(() => { this.write(rec); return rec; });
  }

  archive(req: CommandRequest<'archivePatient'>): Result<PatientRecord> {
    const rec = this.read(req.id);
    if (!rec) return { ok: false, error: { kind: 'bad-id', id: req.id } };
    const next = { ...rec, archived: req.archived };
    return this.guard(() => { this.write(next); return next; });
  }

  saveNotes(req: CommandRequest<'savePatientNotes'>): Result<PatientRecord> {
    const rec = this.read(req.id);
    if (!rec) return { ok: false, error: { kind: 'bad-id', id: req.id } };
    const next = { ...rec, notes: req.notes };
    return this.guard(() => { this.write(next); return next; });
  }

  private guard<T>(f: () => T): Result<T> {
    try { return { ok: true, value: f() }; } catch (e) {
      return { ok: false, error: { kind: 'file-error', problem: 'write', path: this.dir, detail: errorDetail(e, 'error') } };
    }
  }
}
