// Calibration, targets and custom exercises used to live in the browser's localStorage; the core's profile settings
// hold them now. This reads what an older version left there (validated with the api/ schemas) so it can be moved once.
import { z } from 'zod';
import { calibrationSchema, kindCalibrationSchema, targetsSchema, type Calibration, type Targets } from '../../api/profile-data.ts';
import { parseProtocol } from '../../training/protocol-schema.ts';
import type { Protocol } from '../../training/protocols.ts';

/** The keys older versions wrote (calibration + targets per profile; user protocols; the recording bar's profile). */
export const LEGACY_KEYS = { calibration: 'loslaten.calibration.v1', protocols: 'loslaten.protocols.v1', profile: 'loslaten.profile' } as const;
/** The profile id older versions used for calibration in home mode; it is the home profile now. */
const LEGACY_DEFAULT_PROFILE = 'default';

/** The part of the Web Storage API this module uses (injectable for tests). */
export interface KeyValueStorage { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void }

const legacyProfile = z.object({ emg: kindCalibrationSchema.optional(), pressure: kindCalibrationSchema.optional(), targets: targetsSchema.optional() }).strict();
const legacyFile = z.object({ version: z.literal(1), profiles: z.record(z.string().min(1).max(64), legacyProfile) }).strict();

export interface LegacyData {
  /** Per profile id (the old `default` already mapped to `homeProfileId`). */
  readonly profiles: ReadonlyMap<string, { readonly calibration: Calibration; readonly targets: Targets }>;
  readonly protocols: readonly Protocol[];
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try { return JSON.parse(text); } catch { return undefined; }
}

/** What an older version left in `storage`, or null when there is nothing to move. Invalid parts are skipped. */
export function readLegacyData(storage: KeyValueStorage | null | undefined, homeProfileId: string): LegacyData | null {
  if (!storage) return null;
  const calText = storage.getItem(LEGACY_KEYS.calibration);
  const protoText = storage.getItem(LEGACY_KEYS.protocols);
  if (calText === null && protoText === null) return null;
  const profiles = new Map<string, { calibration: Calibration; targets: Targets }>();
  const cal = legacyFile.safeParse(parseJson(calText));
  if (cal.success) {
    for (const [id, p] of Object.entries(cal.data.profiles)) {
      const calibration = calibrationSchema.parse({ ...(p.emg ? { emg: p.emg } : {}), ...(p.pressure ? { pressure: p.pressure } : {}) });
      profiles.set(id === LEGACY_DEFAULT_PROFILE ? homeProfileId : id, { calibration, targets: p.targets ?? {} });
    }
  }
  const protocols: Protocol[] = [];
  const arr = parseJson(protoText);
  if (Array.isArray(arr)) for (const v of arr.slice(0, 50)) { const r = parseProtocol(v); if (r.ok) protocols.push(r.value); }
  return { profiles, protocols };
}

/** Forgets the old keys once their content is in the core. */
export function forgetLegacyData(storage: KeyValueStorage | null | undefined): void {
  for (const k of Object.values(LEGACY_KEYS)) storage?.removeItem(k);
}
