// The therapist's queue for one day: versioned zod schema, commands and repair of bad or old files (pure TS).
import { z } from 'zod';
import { idSchema } from './id-schema.ts';

/** Current version of a day's queue file (`queue/<YYYY-MM-DD>.json`). */
export const QUEUE_VERSION = 1;
/** Most entries in one day's queue. */
export const QUEUE_MAX_ENTRIES = 200;
/** Longest note on an entry, characters. */
export const QUEUE_NOTE_MAX = 500;


/** A local calendar day, `YYYY-MM-DD` (the renderer's local date: the queue of "today"). */
export const queueDaySchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a day as YYYY-MM-DD');

export const QUEUE_STATES = ['waiting', 'active', 'done'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** One appointment: a patient, an optional time (`HH:MM`, local) and note, and whether it is waiting, running or done. */
export const queueEntrySchema = z.object({
  /** Stable id within the day (not the patient id: a patient may come twice). */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  profileId: idSchema,
  /** `HH:MM` (24 h) or empty. */
  time: z.union([z.literal(''), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)]),
  note: z.string().max(QUEUE_NOTE_MAX),
  state: z.enum(QUEUE_STATES),
}).strict();
export type QueueEntry = z.infer<typeof queueEntrySchema>;

export const queueFileSchema = z.object({
  version: z.literal(QUEUE_VERSION),
  day: queueDaySchema,
  entries: z.array(queueEntrySchema).max(QUEUE_MAX_ENTRIES),
}).strict();
export type QueueFile = z.infer<typeof queueFileSchema>;

/** Request shapes of the queue commands (spread into api/contract.ts). */
export const queueCommandSchemas = {
  /** The queue of `day` (empty when there is none); a damaged file is repaired and named in `repaired`. */
  getQueue: z.object({ day: queueDaySchema }).strict(),
  /**
   * Replaces the queue of `day` (order = list order). New entries must name an existing, not archived patient;
   * entries already stored may stay when their patient was archived since.
   */
  saveQueue: z.object({ day: queueDaySchema, entries: z.array(queueEntrySchema).max(QUEUE_MAX_ENTRIES) }).strict(),
} as const;

export interface QueueReply {
  readonly day: string;
  readonly entries: readonly QueueEntry[];
  /** What was wrong with the stored file and has been repaired (empty when it was fine). */
  readonly repaired: readonly string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a stored queue for `day`; never throws. Keeps every valid entry, drops invalid or duplicate ones
 * (`entry:<index>`), and returns an empty queue for another day's file (`day:<stored day>`: an old queue is not today's)
 * or a file that is not a queue (`not-an-object`). Unknown versions are read as far as they fit (`version:<v>`).
 * At most one entry stays `active`.
 */
export function repairQueue(raw: unknown, day: string): { value: QueueFile; repaired: string[] } {
  const empty: QueueFile = { version: QUEUE_VERSION, day, entries: [] };
  if (!isRecord(raw)) return { value: empty, repaired: ['not-an-object'] };
  const repaired: string[] = [];
  if (raw.version !== QUEUE_VERSION) repaired.push(`version:${String(raw.version).slice(0, 10)}`);
  if (raw.day !== day) return { value: empty, repaired: [...repaired, `day:${String(raw.day).slice(0, 10)}`] };
  if (!Array.isArray(raw.entries)) return { value: empty, repaired: [...repaired, 'entries'] };
  const entries: QueueEntry[] = [];
  const ids = new Set<string>();
  let active = false;
  for (const [i, e] of raw.entries.entries()) {
    const p = queueEntrySchema.safeParse(e);
    if (!p.success || ids.has(p.data.id) || entries.length >= QUEUE_MAX_ENTRIES) { repaired.push(`entry:${i}`); continue; }
    let entry = p.data;
    if (entry.state === 'active') {
      if (active) { entry = { ...entry, state: 'waiting' }; repaired.push(`entry:${i}:active`); }
      active = true;
    }
    ids.add(entry.id);
    entries.push(entry);
  }
  for (const key of Object.keys(raw)) if (!['version', 'day', 'entries'].includes(key)) repaired.push(`unknown:${key.slice(0, 40)}`);
  return { value: { version: QUEUE_VERSION, day, entries }, repaired };
}

/** The local calendar day of `ms` as `YYYY-MM-DD`. */
export function localDay(ms: number = Date.now()): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
