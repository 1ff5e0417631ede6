// Calibration and targets per profile, kept in localStorage under a versioned key (zod-checked; the core's profile store will replace it).
import { z } from 'zod';
import type { TargetConfig } from '../biofeedback/targets.ts';

/** Storage key; bump the version when the shape changes incompatibly. */
export const CALIBRATION_KEY = 'loslaten.calibration.v1';
export const DEFAULT_PROFILE = 'default';

const num = z.number().finite();
const restSchema = z.object({ mean: num.nonnegative(), sd: num.nonnegative(), cvPercent: z.number().nullable(), durationS: num.positive(), at: z.string().max(40) }).strict();
const mvcSchema = z.object({ peaks: z.array(num.nonnegative()).min(1).max(10), mvc: num.nonnegative(), at: z.string().max(40) }).strict();
/** Calibration of one signal kind, in its processed unit (µV RMS, or the pressure unit named in `unit`). */
const kindSchema = z.object({ unit: z.string().min(1).max(10), rest: restSchema.optional(), mvc: mvcSchema.optional() }).strict();
const targetSchema = z.object({
  mode: z.enum(['absolute', 'relative']),
  relaxUpper: num.positive(), contractLo: num.positive(), contractHi: num.positive(),
  relaxPercentOfRest: num.min(1).max(200), contractLoPercentMvc: num.min(1).max(200), contractHiPercentMvc: num.min(1).max(200),
}).strict();
const profileSchema = z.object({
  emg: kindSchema.optional(),
  pressure: kindSchema.optional(),
  targets: z.object({ emg: targetSchema.optional(), pressure: targetSchema.optional() }).strict().optional(),
}).strict();
const fileSchema = z.object({ version: z.literal(1), profiles: z.record(z.string().min(1).max(64), profileSchema) }).strict();

export type KindCalibration = z.infer<typeof kindSchema>;
export type ProfileData = z.infer<typeof profileSchema>;
type StoreFile = z.infer<typeof fileSchema>;

/** The part of the Web Storage API this module uses (injectable for tests). */
export interface KeyValueStorage { getItem(key: string): string | null; setItem(key: string, value: string): void }

export type StoreError = { readonly kind: 'corrupt'; readonly detail: string } | { readonly kind: 'write-failed'; readonly detail: string };

function storage(s?: KeyValueStorage): KeyValueStorage | null {
  return s ?? (globalThis.localStorage as KeyValueStorage | undefined) ?? null;
}

/** Reads the whole store; a missing store is empty, a corrupt one is reported (and treated as empty). */
export function readStore(s?: KeyValueStorage): { file: StoreFile; error: StoreError | null } {
  const empty: StoreFile = { version: 1, profiles: {} };
  const st = storage(s);
  const text = st?.getItem(CALIBRATION_KEY) ?? null;
  if (text === null) return { file: empty, error: null };
  let value: unknown;
  try { value = JSON.parse(text); } catch (e) { return { file: empty, error: { kind: 'corrupt', detail: e instanceof Error ? e.message : 'bad JSON' } }; }
  const r = fileSchema.safeParse(value);
  if (!r.success) return { file: empty, error: { kind: 'corrupt', detail: r.error.issues[0]?.message ?? 'invalid' } };
  return { file: r.data, error: null };
}

/** Profile names stored, sorted, always including the default profile. */
export function listProfiles(s?: KeyValueStorage): string[] {
  return [...new Set([DEFAULT_PROFILE, ...Object.keys(readStore(s).file.profiles)])].sort();
}

export function loadProfile(id: string, s?: KeyValueStorage): ProfileData {
  return readStore(s).file.profiles[id] ?? {};
}

/** Merges `patch` into a profile and writes the store; validates before writing. */
export function saveProfile(id: string, patch: ProfileData, s?: KeyValueStorage): { ok: true } | { ok: false; error: StoreError } {
  const st = storage(s);
  if (!st) return { ok: false, error: { kind: 'write-failed', detail: 'no storage' } };
  const { file } = readStore(s);
  const prev = file.profiles[id] ?? {};
  const next: ProfileData = { ...prev, ...patch, targets: { ...prev.targets, ...patch.targets } };
  const candidate = { version: 1 as const, profiles: { ...file.profiles, [id]: next } };
  const r = fileSchema.safeParse(candidate);
  if (!r.success) return { ok: false, error: { kind: 'corrupt', detail: r.error.issues[0]?.message ?? 'invalid' } };
  try { st.setItem(CALIBRATION_KEY, JSON.stringify(r.data)); } catch (e) { return { ok: false, error: { kind: 'write-failed', detail: e instanceof Error ? e.message : 'write failed' } }; }
  return { ok: true };
}

/** Saved targets of a profile for a kind, if any. */
export function savedTargets(p: ProfileData, kind: 'emg' | 'pressure'): TargetConfig | null {
  return p.targets?.[kind] ?? null;
}
