// Settings as the renderer sees them (zustand), synced with the core: loads at start, saves each change, applies look.
import { create } from 'zustand';
import type { AppSettings, ProfileSettings, SettingsReply } from '../../api/settings.ts';
import { DEFAULT_APP_SETTINGS, defaultProfileSettings } from '../../api/settings.ts';
import { getApi } from '../api/index.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';
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

/** Pushes a profile's defaults into the live stores (processing, pacer, sound). */
function applyProfile(p: ProfileSettings): void {
  const fb = useFeedback.getState();
  const proc = fb.processing;
  fb.setProcessing({ ...proc, emg: { ...proc.emg, notchHz: proc.emg.notchHz === 0 ? 0 : p.mainsHz }, pressure: { ...proc.pressure, outputUnit: p.pressureUnit } });
  fb.setPacer({ ...p.pacer, ratio: [p.pacer.ratio[0], p.pacer.ratio[1]] });
  fb.setAudio({ enabled: p.audio.enabled, volume01: p.audio.volume01, cues: p.audio.cues });
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
    const r = await getApi().getSettings({});
    if (!r.ok) { set({ loaded: true }); return; }
    accept(set, r.value);
    applyProfile(r.value.settings);
    // Home mode keeps the calibration store's own default profile; a therapist's patient brings its calibration along.
    if (r.value.app.mode === 'therapist' && useFeedback.getState().profileId !== r.value.profileId) useFeedback.getState().setProfile(r.value.profileId);
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
    if (r.ok) { accept(set, r.value, get().repaired); applyProfile(r.value.settings); }
    return r.ok;
  },
  async useProfile(profileId) {
    const r = await getApi().saveSettings({ profileId, app: { activeProfileId: profileId } });
    if (!r.ok) return false;
    accept(set, r.value, get().repaired);
    applyProfile(r.value.settings);
    useFeedback.getState().setProfile(profileId);
    globalThis.localStorage?.setItem('loslaten.profile', profileId); // the recording bar's profile field
    return true;
  },
  dismissRepaired: () => set({ repaired: [] }),
}));

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
