// Settings on disk: app-wide `settings/app.json` and per profile `settings/profiles/<id>.json`, repaired, never crashing.
import { errorDetail } from '../api/error-detail.ts';
import { join } from 'node:path';
import type { CommandRequest, Result } from '../api/contract.ts';
import {
  appSettingsSchema, defaultProfileSettings, profileSettingsSchema, repairAppSettings, repairProfileSettings,
  type AppSettings, type ProfileSettings, type SettingsReply,
} from '../api/settings.ts';
import { readPrivateJson, rewriteRepaired, writePrivateJson, type PrivateJsonRead } from './private-json.ts';

/** Largest settings file read, bytes; anything bigger is treated as damaged. */
const MAX_FILE_BYTES = 256 * 1024;

/** `readError`: the file exists but could not be read; `value` is then the last good one (or the defaults). */
type Loaded<T> = { value: T; repaired: string[]; readError?: string };

export class SettingsService {
  private readonly dir: string;
  /**
   * Last value read or written per file: a transient read error (EACCES, EIO, EMFILE) answers with it instead of the
   * defaults, so the active profile never silently switches and recordings never go to the wrong patient.
   */
  private readonly lastGood = new Map<string, unknown>();

  /** `mainsHz`: the default for new profiles (from the system locale; 50 when unknown). */
  constructor(private readonly dataDir: string, private readonly defaultMainsHz: 50 | 60 = 50) {
    this.dir = join(dataDir, 'settings');
  }

  appPath(): string { return join(this.dir, 'app.json'); }
  profilePath(profileId: string): string { return join(this.dir, 'profiles', `${profileId}.json`); }

  /** Reads JSON; a damaged file is kept aside as `<name>.bad-<time>` and reported, prefixed with `label`. */
  private readJson(path: string, label: string): PrivateJsonRead {
    const r = readPrivateJson(path, MAX_FILE_BYTES);
    return { ...r, repaired: r.repaired.map((x) => `${label}:${x}`) };
  }


  loadApp(): Loaded<AppSettings> {
    const r = this.readJson(this.appPath(), 'app');
    if (r.readError) return { value: (this.lastGood.get(this.appPath()) as AppSettings | undefined) ?? repairAppSettings({ version: 2 }).value, repaired: r.repaired, readError: r.readError };
    if (r.missing || r.raw === undefined) return { value: repairAppSettings({ version: 2 }).value, repaired: r.repaired };
    const fixed = repairAppSettings(r.raw);
    const repaired = [...r.repaired, ...fixed.repaired.map((x) => `app:${x}`)];
    if (fixed.repaired.length > 0) rewriteRepaired(this.appPath(), fixed.value, repaired);
    this.lastGood.set(this.appPath(), fixed.value);
    return { value: fixed.value, repaired };
  }

  loadProfile(profileId: string): Loaded<ProfileSettings> {
    const defaults = defaultProfileSettings(this.defaultMainsHz);
    const r = this.readJson(this.profilePath(profileId), 'profile');
    if (r.readError) return { value: (this.lastGood.get(this.profilePath(profileId)) as ProfileSettings | undefined) ?? defaults, repaired: r.repaired, readError: r.readError };
    if (r.missing || r.raw === undefined) return { value: defaults, repaired: r.repaired };
    const fixed = repairProfileSettings(r.raw, defaults);
    const repaired = [...r.repaired, ...fixed.repaired.map((x) => `profile:${x}`)];
    if (fixed.repaired.length > 0) rewriteRepaired(this.profilePath(profileId), fixed.value, repaired);
    this.lastGood.set(this.profilePath(profileId), fixed.value);
    return { value: fixed.value, repaired };
  }


  private reply(profileId: string | undefined, extra: string[] = []): SettingsReply {
    const app = this.loadApp();
    const id = profileId ?? app.value.activeProfileId;
    const prof = this.loadProfile(id);
    return { app: app.value, profileId: id, settings: prof.value, repaired: [...extra, ...app.repaired, ...prof.repaired], dataDir: this.dataDir };
  }

  get(req: CommandRequest<'getSettings'>): Result<SettingsReply> {
    return { ok: true, value: this.reply(req.profileId) };
  }

  save(req: CommandRequest<'saveSettings'>): Result<SettingsReply> {
    const app = this.loadApp();
    const id = req.profileId ?? req.app?.activeProfileId ?? app.value.activeProfileId;
    // A file that could not be read is never overwritten with what we merely guess it held.
    const unreadable = (path: string, l: Loaded<unknown>) => (l.readError && !this.lastGood.has(path)
      ? { ok: false as const, error: { kind: 'file-error' as const, problem: 'read', path, detail: l.readError } } : null);
    if (req.app) { const u = unreadable(this.appPath(), app); if (u) return u; }
    if (req.settings) { const u = unreadable(this.profilePath(id), this.loadProfile(id)); if (u) return u; }
    try {
      if (req.app) {
        const next = appSettingsSchema.safeParse({ ...app.value, ...req.app });
        if (!next.success) return { ok: false, error: { kind: 'invalid-request', command: 'saveSettings', detail: next.error.issues[0]?.message ?? 'app' } };
        writePrivateJson(this.appPath(), next.data);
        this.lastGood.set(this.appPath(), next.data);
      }
      if (req.settings) {
        const cur = this.loadProfile(id).value;
        const next = profileSettingsSchema.safeParse({ ...cur, ...req.settings });
        if (!next.success) return { ok: false, error: { kind: 'invalid-request', command: 'saveSettings', detail: next.error.issues[0]?.message ?? 'settings' } };
        writePrivateJson(this.profilePath(id), next.data);
        this.lastGood.set(this.profilePath(id), next.data);
      }
    } catch (e) {
      return { ok: false, error: { kind: 'file-error', problem: 'write', path: this.dir, detail: errorDetail(e, 'error') } };
    }
    return { ok: true, value: this.reply(id) };
  }
}
