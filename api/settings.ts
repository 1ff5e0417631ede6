// The settings seam: versioned zod schemas, defaults, migration of old files and field-by-field repair (pure TS).
import { z } from 'zod';
import { idSchema } from './id-schema.ts';
import { calibrationSchema, customProtocolsSchema, targetsSchema } from './profile-data.ts';
import { DRIVER_IDS } from '../devices/driver.ts';
import { deviceSettingsSchema } from '../devices/registry.ts';

/** Current version of the app-wide settings file (`settings/app.json`). */
export const APP_SETTINGS_VERSION = 2;
/** Current version of a profile's settings file (`settings/profiles/<id>.json`). */
export const PROFILE_SETTINGS_VERSION = 3;

export const THEMES = ['system', 'light', 'dark', 'high-contrast'] as const;
export type Theme = (typeof THEMES)[number];
export const MODES = ['home', 'therapist'] as const;
export type AppMode = (typeof MODES)[number];
/** Pressure units offered in settings (kPa stays available in the processing panel). */
export const SETTINGS_PRESSURE_UNITS = ['mmHg', 'cmH2O', 'hPa'] as const;
export type SettingsPressureUnit = (typeof SETTINGS_PRESSURE_UNITS)[number];
/** Text size, % of the default 16 px; 100–200. */
export const TEXT_SCALE_RANGE = { min: 100, max: 200, default: 100 } as const;


/** App-wide settings: who sits at this computer and how the app looks. */
export const appSettingsSchema = z.object({
  version: z.literal(APP_SETTINGS_VERSION),
  /** UI language; null = follow the system locale (first run). */
  language: z.enum(['nl', 'en']).nullable(),
  /** Home (one person, calm) or therapist (patient list); default home. */
  mode: z.enum(MODES),
  /** The profile in use (home: `home`). */
  activeProfileId: idSchema,
  /** The first-run guide was finished or skipped. */
  firstRunDone: z.boolean(),
  /** Version of the safety text the user last confirmed (0 = never). */
  safetyAcknowledged: z.number().int().min(0).max(1000),
  theme: z.enum(THEMES),
  /** A pacer that does not pulse, no animations. */
  reducedMotion: z.boolean(),
  /** Text size in % (100–200). */
  textScalePct: z.number().int().min(TEXT_SCALE_RANGE.min).max(TEXT_SCALE_RANGE.max),
}).strict();
export type AppSettings = z.infer<typeof appSettingsSchema>;

/** Per-profile settings: signal, protocol, pacer and sound defaults, and the therapist's permissions. */
export const profileSettingsSchema = z.object({
  version: z.literal(PROFILE_SETTINGS_VERSION),
  /** Mains frequency for the notch filter, Hz. */
  mainsHz: z.union([z.literal(50), z.literal(60)]),
  /** EMG is always µV; pressure is shown in this unit. */
  pressureUnit: z.enum(SETTINGS_PRESSURE_UNITS),
  /** Protocol preselected in the exercise picker (empty = none). */
  defaultProtocolId: z.string().max(64),
  pacer: z.object({
    /** Breaths per minute, 3–12, default 6. */
    breathsPerMin: z.number().min(3).max(12),
    /** Inhale : exhale, each part 1–4, default [1, 1.5]. */
    ratio: z.tuple([z.number().min(1).max(4), z.number().min(1).max(4)]),
    /** Pause after breathing in / out, s, 0–10. */
    holdAfterInhaleS: z.number().min(0).max(10),
    holdAfterExhaleS: z.number().min(0).max(10),
    letGoPhase: z.enum(['inhale', 'exhale']),
  }).strict(),
  audio: z.object({
    enabled: z.boolean(),
    /** 0–1. */
    volume01: z.number().min(0).max(1),
    /** Soft breathing cues. */
    cues: z.boolean(),
  }).strict(),
  /**
   * Contraction (Kegel-type) exercises allowed for this profile. Off by default: squeezing is unsuitable while the
   * pelvic floor is overactive; a therapist switches it on in therapist mode.
   */
  contractionExercisesAllowed: z.boolean(),
  /** Rest and MVC calibration per signal kind (version 3; kept in the browser's storage before). */
  calibration: calibrationSchema,
  /** Feedback targets per signal kind (version 3). */
  targets: targetsSchema,
  /** Exercises imported from files for this profile (version 3). */
  customProtocols: customProtocolsSchema,
  /**
   * The device last connected for this profile: its driver, and each driver's last settings (Cyton roles and names,
   * BITalino rate and inputs, text columns), offered again next time. Absent until a device was first connected.
   */
  devices: z.object({
    driver: z.enum(DRIVER_IDS),
    byDriver: z.array(deviceSettingsSchema).max(DRIVER_IDS.length).readonly(),
  }).strict().optional(),
}).strict();
export type ProfileSettings = z.infer<typeof profileSettingsSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = {
  version: APP_SETTINGS_VERSION, language: null, mode: 'home', activeProfileId: 'home', firstRunDone: false,
  safetyAcknowledged: 0, theme: 'system', reducedMotion: false, textScalePct: TEXT_SCALE_RANGE.default,
};

/** Defaults for a new profile; `mainsHz` is filled from the locale by the caller when known. */
export function defaultProfileSettings(mainsHz: 50 | 60 = 50): ProfileSettings {
  return {
    version: PROFILE_SETTINGS_VERSION, mainsHz, pressureUnit: 'cmH2O', defaultProtocolId: '',
    pacer: { breathsPerMin: 6, ratio: [1, 1.5], holdAfterInhaleS: 0, holdAfterExhaleS: 0, letGoPhase: 'exhale' },
    audio: { enabled: false, volume01: 0.5, cues: true },
    contractionExercisesAllowed: false,
    calibration: {}, targets: {}, customProtocols: [],
  };
}

/** Version of the safety text; bump it when the text changes materially so users see it again. */
export const SAFETY_TEXT_VERSION = 1;

export interface Repaired<T> { readonly value: T; readonly repaired: readonly string[] }

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Keeps every valid field of `raw`, replaces each invalid or missing one with its default and names it in
 * `repaired` (`field:<name>`); unknown fields are dropped (`unknown:<name>`). Nested objects are repaired per field.
 */
function repairObject(schema: z.ZodObject, raw: Record<string, unknown>, defaults: Record<string, unknown>, prefix: string, repaired: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    const def = defaults[key];
    const has = Object.hasOwn(raw, key);
    const v = raw[key];
    if (fieldSchema instanceof z.ZodObject && isRecord(def)) {
      if (!has) { repaired.push(`missing:${prefix}${key}`); out[key] = def; continue; }
      out[key] = repairObject(fieldSchema, isRecord(v) ? v : {}, def, `${prefix}${key}.`, isRecord(v) ? repaired : (repaired.push(`field:${prefix}${key}`), []));
      continue;
    }
    if (!has && (fieldSchema as z.ZodType).safeParse(undefined).success) continue; // an optional field left out
    if (!has) { repaired.push(`missing:${prefix}${key}`); out[key] = def; continue; }
    if ((fieldSchema as z.ZodType).safeParse(v).success) out[key] = v;
    else { repaired.push(`field:${prefix}${key}`); out[key] = def; }
  }
  for (const key of Object.keys(raw)) if (!Object.hasOwn(schema.shape, key)) repaired.push(`unknown:${prefix}${key}`);
  return out;
}

/**
 * Version 1 (the first release kept one flat file): `{ version: 1, lang, mains, unit, theme: 'hc' | …, motion }`.
 * Returns a version-2 shaped object for the repairer.
 */
export function migrateV1(raw: Record<string, unknown>): { app: Record<string, unknown>; profile: Record<string, unknown> } {
  const theme = raw.theme === 'hc' ? 'high-contrast' : raw.theme;
  return {
    app: {
      version: APP_SETTINGS_VERSION, language: raw.lang ?? null, mode: 'home', activeProfileId: 'home', firstRunDone: true,
      safetyAcknowledged: 0, theme: theme ?? 'system', reducedMotion: raw.motion === 'reduced', textScalePct: TEXT_SCALE_RANGE.default,
    },
    profile: { ...defaultProfileSettings(), mainsHz: raw.mains ?? 50, pressureUnit: raw.unit ?? 'cmH2O' },
  };
}

/** Reads app settings of any known version; never throws. `repaired` lists what was changed (empty: file was fine). */
export function repairAppSettings(raw: unknown): Repaired<AppSettings> {
  const repaired: string[] = [];
  if (!isRecord(raw)) return { value: DEFAULT_APP_SETTINGS, repaired: ['not-an-object'] };
  let src = raw;
  if (raw.version === 1) { src = migrateV1(raw).app; repaired.push('migrated:1→2'); }
  else if (raw.version !== APP_SETTINGS_VERSION) repaired.push(`version:${String(raw.version).slice(0, 10)}`);
  const out = repairObject(appSettingsSchema, { ...src, version: APP_SETTINGS_VERSION }, DEFAULT_APP_SETTINGS as unknown as Record<string, unknown>, '', repaired);
  const parsed = appSettingsSchema.safeParse(out);
  return parsed.success ? { value: parsed.data, repaired } : { value: DEFAULT_APP_SETTINGS, repaired: [...repaired, 'reset'] };
}

/** Reads profile settings of any known version; never throws. */
export function repairProfileSettings(raw: unknown, defaults: ProfileSettings = defaultProfileSettings()): Repaired<ProfileSettings> {
  const repaired: string[] = [];
  if (!isRecord(raw)) return { value: defaults, repaired: ['not-an-object'] };
  let src = raw;
  if (raw.version === 1) { src = migrateV1(raw).profile; repaired.push('migrated:1→3'); }
  else if (raw.version === 2) { src = { ...raw, calibration: {}, targets: {}, customProtocols: [] }; repaired.push('migrated:2→3'); }
  else if (raw.version !== PROFILE_SETTINGS_VERSION) repaired.push(`version:${String(raw.version).slice(0, 10)}`);
  const out = repairObject(profileSettingsSchema, { ...src, version: PROFILE_SETTINGS_VERSION }, defaults as unknown as Record<string, unknown>, '', repaired);
  const parsed = profileSettingsSchema.safeParse(out);
  return parsed.success ? { value: parsed.data, repaired } : { value: defaults, repaired: [...repaired, 'reset'] };
}

/** A patient (therapist mode) or the home user: one profile. */
export interface PatientRecord {
  readonly id: string;
  readonly name: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly archived: boolean;
  /** Free-text therapist notes (at most 20 000 characters). */
  readonly notes: string;
  /**
   * Set (only in lists) when the patient's file exists but cannot be read — truncated, not JSON, wrong schema, or an
   * I/O error: the patient is shown, marked, instead of silently missing. The file is left untouched.
   */
  readonly damaged?: string;
}

export const patientRecordSchema = z.object({
  version: z.literal(1),
  id: idSchema,
  name: z.string().min(1).max(200),
  createdAt: z.string().max(40),
  archived: z.boolean(),
  notes: z.string().max(20_000),
}).strict();

/** Request shapes of the settings and patient commands (used in api/contract.ts). */
export const settingsCommandSchemas = {
  /** App-wide settings and the profile's settings; repaired files are rewritten and named in `repaired`. */
  getSettings: z.object({ profileId: idSchema.optional() }).strict(),
  /** Saves a partial change; the result carries the merged settings. Invalid values are refused, never stored. */
  saveSettings: z.object({
    profileId: idSchema.optional(),
    app: appSettingsSchema.partial().omit({ version: true }).strict().optional(),
    settings: profileSettingsSchema.partial().omit({ version: true }).strict().optional(),
  }).strict(),
  listPatients: z.object({ includeArchived: z.boolean().optional() }).strict(),
  createPatient: z.object({ id: idSchema, name: z.string().trim().min(1).max(200) }).strict(),
  archivePatient: z.object({ id: idSchema, archived: z.boolean().default(true) }).strict(),
  savePatientNotes: z.object({ id: idSchema, notes: z.string().max(20_000) }).strict(),
} as const;

export interface SettingsReply {
  readonly app: AppSettings;
  readonly profileId: string;
  readonly settings: ProfileSettings;
  /** What was wrong with the stored files and has been repaired (empty when all was fine). */
  readonly repaired: readonly string[];
  /** The data folder on this computer (for display). */
  readonly dataDir: string;
}
