// Low-rate biofeedback settings and session state (zustand): processing, targets, pacer, audio, calibration, protocol status.
import { create } from 'zustand';
import { pressureFactor } from '../../dsp/pressure.ts';
import { DEFAULT_PACER, validatePacerSettings, type PacerSettings } from '../../training/pacer.ts';
import type { RunnerStatus } from '../../training/runner.ts';
import { DEFAULT_EMG_TARGETS, DEFAULT_PRESSURE_TARGETS, type TargetConfig, type TargetKind } from '../biofeedback/targets.ts';
import { DEFAULT_PROFILE, loadProfile, saveProfile, type ProfileData } from '../calibration/store.ts';
import type { AudioMode } from '../audio/tone-map.ts';
import { DEFAULT_PROCESSING, type ProcessingSettings } from '../live/processing.ts';
import { defaultNotchHz } from '../settings/mains.ts';

export type SignalKind = 'emg' | 'pressure';

export interface AudioSettings {
  /** Off by default. */
  readonly enabled: boolean;
  readonly mode: AudioMode;
  /** 0–1, default 0.5. */
  readonly volume01: number;
  /** Soft pacer cues, default on (only heard when audio is enabled). */
  readonly cues: boolean;
}

/** The protocol run as React sees it (changes at phase boundaries and on user actions only). */
export interface ProtocolUi {
  readonly protocolId: string;
  readonly status: RunnerStatus | 'none';
  readonly phaseIndex: number;
}

export interface FeedbackState {
  processing: ProcessingSettings;
  targets: Record<SignalKind, TargetConfig>;
  /** Target judged when no protocol phase sets one (default relax). */
  manualTarget: TargetKind;
  pacer: PacerSettings;
  /** Pacer switched on by hand (protocol phases switch it themselves). */
  pacerManual: boolean;
  audio: AudioSettings;
  showRaw: boolean;
  profileId: string;
  profile: ProfileData;
  protocol: ProtocolUi;
  setProcessing(p: ProcessingSettings): void;
  setTargets(kind: SignalKind, t: TargetConfig): void;
  setManualTarget(k: TargetKind): void;
  setPacer(p: PacerSettings): boolean;
  setPacerManual(on: boolean): void;
  setAudio(a: Partial<AudioSettings>): void;
  setShowRaw(on: boolean): void;
  setProfile(id: string): void;
  saveProfileData(patch: ProfileData): void;
  setProtocol(p: ProtocolUi): void;
}

function initialProcessing(): ProcessingSettings {
  return { ...DEFAULT_PROCESSING, emg: { ...DEFAULT_PROCESSING.emg, notchHz: defaultNotchHz(globalThis.navigator?.language) } };
}

function targetsOf(p: ProfileData): Record<SignalKind, TargetConfig> {
  return { emg: p.targets?.emg ?? DEFAULT_EMG_TARGETS, pressure: p.targets?.pressure ?? DEFAULT_PRESSURE_TARGETS };
}

const firstProfile = loadProfile(DEFAULT_PROFILE);
const SHOW_RAW_KEY = 'loslaten.showRaw';

export const useFeedback = create<FeedbackState>((set, get) => ({
  processing: initialProcessing(),
  targets: targetsOf(firstProfile),
  manualTarget: 'relax',
  pacer: DEFAULT_PACER,
  pacerManual: false,
  audio: { enabled: false, mode: 'pitch', volume01: 0.5, cues: true },
  // Shown unless the user turned it off (remembered); the feedback traces above it are the calm view.
  showRaw: globalThis.localStorage?.getItem(SHOW_RAW_KEY) !== 'off',
  profileId: DEFAULT_PROFILE,
  profile: firstProfile,
  protocol: { protocolId: '', status: 'none', phaseIndex: -1 },
  setProcessing: (processing) => {
    const prev = get().processing.pressure.outputUnit, next = processing.pressure.outputUnit;
    if (prev === next) { set({ processing }); return; }
    // Fixed pressure targets follow the unit so the line stays at the same pressure.
    const f = pressureFactor(prev, next);
    const pt = get().targets.pressure;
    const round = (x: number) => Math.round(x * f * 100) / 100;
    set({ processing, targets: { ...get().targets, pressure: { ...pt, relaxUpper: round(pt.relaxUpper), contractLo: round(pt.contractLo), contractHi: round(pt.contractHi) } } });
  },
  setTargets: (kind, t) => {
    set({ targets: { ...get().targets, [kind]: t } });
    get().saveProfileData({ targets: { [kind]: t } });
  },
  setManualTarget: (manualTarget) => set({ manualTarget }),
  setPacer: (p) => {
    if (!validatePacerSettings(p).ok) return false;
    set({ pacer: p });
    return true;
  },
  setPacerManual: (pacerManual) => set({ pacerManual }),
  setAudio: (a) => set({ audio: { ...get().audio, ...a } }),
  setShowRaw: (showRaw) => { globalThis.localStorage?.setItem(SHOW_RAW_KEY, showRaw ? 'on' : 'off'); set({ showRaw }); },
  setProfile: (profileId) => {
    const profile = loadProfile(profileId);
    set({ profileId, profile, targets: targetsOf(profile) });
  },
  saveProfileData: (patch) => {
    const id = get().profileId;
    saveProfile(id, patch);
    set({ profile: loadProfile(id) });
  },
  setProtocol: (protocol) => set({ protocol }),
}));
