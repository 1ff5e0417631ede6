// The therapist's day queue on disk: one JSON file per local day in `queue/<YYYY-MM-DD>.json`, repaired, never crashing.
import { errorDetail } from '../api/error-detail.ts';
import { join } from 'node:path';
import type { CommandRequest, Result } from '../api/contract.ts';
import { QUEUE_VERSION, repairQueue, type QueueFile, type QueueReply } from '../api/queue.ts';
import type { ProfilesService } from './profiles-service.ts';
import { readPrivateJson, rewriteRepaired, writePrivateJson } from './private-json.ts';

/** Largest queue file read, bytes; anything bigger is treated as damaged. */
const MAX_FILE_BYTES = 512 * 1024;

export class QueueService {
  private readonly dir: string;

  constructor(dataDir: string, private readonly profiles: ProfilesService) {
    this.dir = join(dataDir, 'queue');
  }

  pathOf(day: string): string { return join(this.dir, `${day}.json`); }

  /** The stored queue of `day`; a damaged file is kept aside as `<day>.json.bad-<time>`, a repaired one rewritten. */
  private load(day: string): { value: QueueFile; repaired: string[]; readError?: string } {
    const path = this.pathOf(day);
    const r = readPrivateJson(path, MAX_FILE_BYTES);
    if (r.raw === undefined) return { value: { version: QUEUE_VERSION, day, entries: [] }, repaired: r.repaired, ...(r.readError ? { readError: r.readError } : {}) };
    const fixed = repairQueue(r.raw, day);
    if (fixed.repaired.length > 0) rewriteRepaired(path, fixed.value, fixed.repaired);
    return fixed;
  }

  get(req: CommandRequest<'getQueue'>): Result<QueueReply> {
    const q = this.load(req.day);
    return { ok: true, value: { day: req.day, entries: q.value.entries, repaired: q.repaired } };
  }

  save(req: CommandRequest<'saveQueue'>): Result<QueueReply> {
    const cur = this.load(req.day);
    // The day's file exists but could not be read (EACCES, EIO…): saving would replace entries we never saw.
    if (cur.readError) return { ok: false, error: { kind: 'file-error', problem: 'read', path: this.pathOf(req.day), detail: cur.readError } };
    const stored = new Set(cur.value.entries.map((e) => e.id));
    const ids = new Set<string>();
    const patients = this.profiles.list({ includeArchived: true });
    const known = new Map((patients.ok ? patients.value : []).map((p) => [p.id, p]));
    let active = 0;
    for (const e of req.entries) {
      if (ids.has(e.id)) return this.refuse(`duplicate entry ${e.id}`);
      ids.add(e.id);
      if (e.state === 'active') active++;
      if (stored.has(e.id)) continue;
      const p = known.get(e.profileId);
      if (!p) return { ok: false, error: { kind: 'bad-id', id: e.profileId } };
      if (p.archived) return this.refuse(`patient ${e.profileId} is archived`);
    }
    if (active > 1) return this.refuse('more than one active entry');
    try {
      writePrivateJson(this.pathOf(req.day), { version: QUEUE_VERSION, day: req.day, entries: req.entries });
    } catch (e) {
      return { ok: false, error: { kind: 'file-error', problem: 'write', path: this.dir, detail: errorDetail(e, 'error') } };
    }
    return { ok: true, value: { day: req.day, entries: req.entries, repaired: [] } };
  }

  private refuse(detail: string): Result<never> {
    return { ok: false, error: { kind: 'invalid-request', command: 'saveQueue', detail } };
  }
}
