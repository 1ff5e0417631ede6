// Patients (therapist mode): one JSON record per profile in `patients/<id>.json` — create, list, search, archive, notes.
import { errorDetail } from '../api/error-detail.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandRequest, Result } from '../api/contract.ts';
import { patientRecordSchema, type PatientRecord } from '../api/settings.ts';
import { writePrivateJson } from './private-json.ts';

export class ProfilesService {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'patients');
  }

  private path(id: string): string { return join(this.dir, `${id}.json`); }

  private read(id: string): PatientRecord | null {
    try {
      const r = patientRecordSchema.safeParse(JSON.parse(readFileSync(this.path(id), 'utf8')));
      if (!r.success) return null;
      const { version: _v, ...rec } = r.data;
      return rec;
    } catch { return null; }
  }

  private write(rec: PatientRecord): void {
    writePrivateJson(this.path(rec.id), { version: 1, ...rec });
  }

  /** Patients sorted by name; archived ones only when asked. Unreadable records are skipped. */
  list(req: CommandRequest<'listPatients'>): Result<readonly PatientRecord[]> {
    if (!existsSync(this.dir)) return { ok: true, value: [] };
    const out: PatientRecord[] = [];
    for (const f of readdirSync(this.dir)) {
      if (!f.endsWith('.json')) continue;
      const rec = this.read(f.slice(0, -5));
      if (rec && (req.includeArchived || !rec.archived)) out.push(rec);
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
