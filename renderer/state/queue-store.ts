// Today's queue as the renderer sees it (zustand): loaded for the local day, each change saved through the core.
import { create } from 'zustand';
import { localDay, type QueueEntry } from '../../api/queue.ts';
import { getApi } from '../api/index.ts';
import { useUi } from './ui-store.ts';
import { addEntry, finishActive, newEntryId, type Queue } from '../patients/queue-ops.ts';

/** What the panel says after an automatic change (polite live region). */
export type QueueNews =
  | { readonly kind: 'finished'; readonly entry: QueueEntry; readonly next: QueueEntry | null }
  | { readonly kind: 'moved'; readonly entry: QueueEntry; readonly position: number };

export interface QueueStoreState {
  /** The local day the entries belong to (`YYYY-MM-DD`); '' until loaded. */
  day: string;
  entries: Queue;
  /** What the core repaired in the stored file (shown once). */
  repaired: readonly string[];
  news: QueueNews | null;
  /** Bumped when the patient list changed (created, archived): the queue panel reloads names. */
  patientsRev: number;
  bumpPatients(): void;
  /** Loads today's queue; a new day (past midnight) starts from that day's own file. */
  load(): Promise<void>;
  /** Reloads when the local day changed since the last load. */
  ensureToday(): Promise<void>;
  /** Shows `next` at once and saves it; a refusal puts the stored queue back and shows the error. */
  apply(next: Queue, news?: QueueNews | null): Promise<boolean>;
  add(profileId: string, time?: string, note?: string): Promise<boolean>;
  /** A session of `profileId` ended: its entry in session is marked done, the next one comes up. */
  afterSession(profileId: string): Promise<void>;
  dismissRepaired(): void;
}

export const useQueue = create<QueueStoreState>((set, get) => ({
  day: '',
  entries: [],
  repaired: [],
  news: null,
  patientsRev: 0,
  bumpPatients: () => set({ patientsRev: get().patientsRev + 1 }),
  async load() {
    const day = localDay();
    const r = await getApi().getQueue({ day });
    if (!r.ok) { useUi.getState().setError(r.error); return; }
    set({ day, entries: r.value.entries, repaired: r.value.repaired, news: null });
  },
  async ensureToday() {
    if (get().day !== localDay()) await get().load();
  },
  async apply(next, news = null) {
    await get().ensureToday();
    const before = get().entries;
    set({ entries: next, news });
    const r = await getApi().saveQueue({ day: get().day, entries: [...next] });
    if (r.ok) return true;
    set({ entries: before, news: null });
    useUi.getState().setError(r.error);
    return false;
  },
  async add(profileId, time, note) {
    await get().ensureToday();
    const q = get().entries;
    return get().apply(addEntry(q, { id: newEntryId(q), profileId, time: time ?? '', note: note ?? '' }));
  },
  async afterSession(profileId) {
    await get().ensureToday();
    const { queue, finished } = finishActive(get().entries, profileId);
    if (!finished) return;
    const next = queue.find((e) => e.state === 'waiting') ?? null;
    await get().apply(queue, { kind: 'finished', entry: finished, next });
  },
  dismissRepaired: () => set({ repaired: [] }),
}));
