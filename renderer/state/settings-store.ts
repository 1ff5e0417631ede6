// Settings as the renderer sees them (zustand), synced with the core: loads at start, saves each change, applies look.
import { create } from 'zustand';
import type { AppSettings, ProfileSettings, SettingsReply } from '../../api/settings.ts';
import { DEFAULT_APP_SETTINGS, defaultProfileSettings } from '../../api/settings.ts';
import { getApi } from '../api/index.ts';
import { setProfilePersister, useFeedback } from './feedback-store.ts';
import { forgetLegacyData, readLegacyData, type KeyValueStorage } from '../settings/browser-migration.ts';
import { useUi } from './ui-store.ts';
import { languageFromLocale } from '../i18n/translate.ts';

type AppPatch = Partial<Omit<AppSettings, 'version'>>;
type ProfilePatch = Partial<Omit<ProfileSettings, 'version'>>;

export interface SettingsState {
  /** False until the core answered (the first-run and safety screens wait for it). */
  loaded: boolean;
  app: AppSettings;
  profileId: string;
  profile: ProfileSettings;
  dataDir: string;
  /** What the core had to repair in the stored files (shown once, then dismissed). */
  repaired: readonly string[];
  load(): Promise<void>;
  saveApp(patch: AppPatch): Promise<boolean>;
  saveProfile(patch: ProfilePatch): Promise<boolean>;
  /** Switches the active profile (therapist mode: a patient). */
  useProfile(profileId: string): Promise<boolean>;
  dismissRepaired(): void;
}

/** Applies theme, motion and text size to the document (CSS reads the data attributes). */
export function applyLook(app: AppSettings): void {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  root.dataset.theme = app.theme;
  root.dataset.motion = app.reducedMotion ? 'reduced' : 'full';
  root.style.fontSize = `${app.textScalePct}%`;
}

/**
 * Pushes a profile's stored values into the live stores (processing, pacer, sound, calibration, targets). With
 * `only`, just those fields (a saved sound setting must not reset a breathing guide the user is trying out).
 */
function applyProfile(p: ProfileSettings, only?: readonly string[]): void {
  const fb = useFeedback.getState();
  const want = (k: keyof ProfileSettings) => !only || only.includes(k);
  const proc = fb.processing;
  if (want('mainsHz') || want('pressureUnit')) {
    fb.setProcessing({ ...proc, emg: { ...proc.emg, notchHz: proc.emg.notchHz === 0 ? 0 : p.mainsHz }, pressure: { ...proc.pressure, outputUnit: p.pressureUnit } });
  }
  if (want('pacer')) fb.setPacer({ ...p.pacer, ratio: [p.pacer.ratio[0], p.pacer.ratio[1]] });
  if (want('audio')) fb.setAudio({ enabled: p.audio.enabled, volume01: p.audio.volume01, cues: p.audio.cues });
  if (!only) fb.loadProfileData(p.calibration, p.targets);
}

function browserStorage(): KeyValueStorage | null {
  return (globalThis.localStorage as KeyValueStorage | undefined) ?? null;
}

/**
 * Moves what an older version kept in the browser (calibration, targets, custom exercises) into the core's profile
 * settings, once: a profile that already has its own values keeps them; the old keys are removed afterwards.
 */
async function migrateBrowserData(activeProfileId: string): Promise<void> {
  const storage = browserStorage();
  const legacy = readLegacyData(storage, 'home');
  if (!legacy) return;
  let allSaved = true;
  for (const [profileId, d] of legacy.profiles) {
    const cur = await getApi().getSettings({ profileId });
    if (!cur.ok) { allSaved = false; continue; }
    const patch: Partial<ProfileSettings> = {};
    if (Object.keys(cur.value.settings.calibration).length === 0 && Object.keys(d.calibration).length > 0) patch.calibration = d.calibration;
    if (Object.keys(cur.value.settings.targets).length === 0 && Object.keys(d.targets).length > 0) patch.targets = d.targets;
    if (Object.keys(patch).length > 0 && !(await getApi().saveSettings({ profileId, settings: patch })).ok) allSaved = false;
  }
  if (legacy.protocols.length > 0) {
    const cur = await getApi().getSettings({ profileId: activeProfileId });
    if (cur.ok) {
      const ids = new Set(legacy.protocols.map((p) => p.id));
      const customProtocols = [...cur.value.settings.customProtocols.filter((p) => !ids.has(p.id)), ...legacy.protocols].slice(-50);
      if (!(await getApi().saveSettings({ profileId: activeProfileId, settings: { customProtocols } })).ok) allSaved = false;
    } else allSaved = false;
  }
  if (allSaved) forgetLegacyData(storage);
}

function accept(set: (s: Partial<SettingsState>) => void, v: SettingsReply, keepRepaired: readonly string[] = []): void {
  const lang = v.app.language ?? languageFromLocale(globalThis.navigator?.language);
  if (useUi.getState().lang !== lang) useUi.getState().setLang(lang);
  applyLook(v.app);
  set({ loaded: true, app: v.app, profileId: v.profileId, profile: v.settings, dataDir: v.dataDir, repaired: [...keepRepaired, ...v.repaired] });
}

export const useSettings = create<SettingsState>((set, get) => ({
  loaded: false,
  app: DEFAULT_APP_SETTINGS,
  profileId: DEFAULT_APP_SETTINGS.activeProfileId,
  profile: defaultProfileSettings(),
  dataDir: '',
  repaired: [],
  async load() {
    const first = await getApi().getSettings({});
    if (first.ok) await migrateBrowserData(first.value.profileId);
    const r = first.ok ? await getApi().getSettings({}) : first;
    if (!r.ok) { set({ loaded: true }); return; }
    accept(set, r.value, first.ok ? first.value.repaired : []);
    applyProfile(r.value.settings);
  },
  async saveApp(patch) {
    set({ app: { ...get().app, ...patch } }); // optimistic: the UI answers at once
    applyLook(get().app);
    if (patch.language) useUi.getState().setLang(patch.language);
    const r = await getApi().saveSettings({ profileId: get().profileId, app: patch });
    if (r.ok) accept(set, r.value, get().repaired);
    return r.ok;
  },
  async saveProfile(patch) {
    set({ profile: { ...get().profile, ...patch } });
    const r = await getApi().saveSettings({ profileId: get().profileId, settings: patch });
    if (r.ok) { accept(set, r.value, get().repaired); applyProfile(r.value.settings, Object.keys(patch)); }
    return r.ok;
  },
  async useProfile(profileId) {
    const r = await getApi().saveSettings({ profileId, app: { activeProfileId: profileId } });
    if (!r.ok) return false;
    accept(set, r.value, get().repaired);
    applyProfile(r.value.settings);
    return true;
  },
  dismissRepaired: () => set({ repaired: [] }),
}));

// Calibration and targets changed in the live view are saved into the current profile.
setProfilePersister((patch) => { void useSettings.getState().saveProfile(patch); });

/**
 * Whether contraction (Kegel-type) exercises are allowed for the active profile. Off until a therapist enables it.
 * For the protocol picker: `const allowed = useContractionAllowed();` and label/disable contraction protocols.
 */
export function useContractionAllowed(): boolean {
  return useSettings((s) => s.profile.contractionExercisesAllowed);
}

/** Non-React read of the same flag. */
export function contractionAllowed(): boolean {
  return useSettings.getState().profile.contractionExercisesAllowed;
}

/** The preferred protocol id for the active profile ('' = none). */
export function useDefaultProtocolId(): string {
  return useSettings((s) => s.profile.defaultProtocolId);
}

/** A protocol asks for squeezing when any phase has a contraction target (quick flicks, holds, drop practice, Glazer). */
export function isContractionProtocol(p: { readonly phases: readonly { readonly target: string }[] }): boolean {
  return p.phases.some((ph) => ph.target === 'contract');
}
