// Low-rate biofeedback settings and session state (zustand): processing, targets, pacer, audio, calibration, protocol status.
import { create } from 'zustand';
import { pressureFactor } from '../../dsp/pressure.ts';
import { DEFAULT_PACER, validatePacerSettings, type PacerSettings } from '../../training/pacer.ts';
import type { RunnerStatus } from '../../training/runner.ts';
import { DEFAULT_EMG_TARGETS, DEFAULT_ENVELOPE_TARGETS, DEFAULT_PRESSURE_TARGETS, type TargetConfig, type TargetKind } from '../biofeedback/targets.ts';
import type { Calibration, KindCalibration, Targets } from '../../api/profile-data.ts';
import type { AudioMode } from '../audio/tone-map.ts';
import { DEFAULT_PROCESSING, type ProcessingSettings } from '../live/processing.ts';
import { defaultNotchHz } from '../settings/mains.ts';

/** What the primary channel carries: raw EMG (µV RMS), a device's envelope (µV as sent) or pressure. */
export type SignalKind = 'emg' | 'envelope' | 'pressure';

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
  /** Raw signal panels: chosen by the user (remembered), or null = the mode's default (off at home, on for a therapist). */
  showRaw: boolean | null;
  /** The current profile's calibration (the core's profile settings own it; see settings/settings-store.ts). */
  profile: Calibration;
  protocol: ProtocolUi;
  setProcessing(p: ProcessingSettings): void;
  setTargets(kind: SignalKind, t: TargetConfig): void;
  setManualTarget(k: TargetKind): void;
  setPacer(p: PacerSettings): boolean;
  setPacerManual(on: boolean): void;
  setAudio(a: Partial<AudioSettings>): void;
  setShowRaw(on: boolean): void;
  /** Takes a profile's stored calibration and targets (from the core). */
  loadProfileData(calibration: Calibration, targets: Targets): void;
  /** Stores a new calibration of one signal kind in the current profile. */
  saveCalibration(kind: SignalKind, c: KindCalibration): void;
  setProtocol(p: ProtocolUi): void;
}

function initialProcessing(): ProcessingSettings {
  return { ...DEFAULT_PROCESSING, emg: { ...DEFAULT_PROCESSING.emg, notchHz: defaultNotchHz(globalThis.navigator?.language) } };
}

function targetsOf(t: Targets): Record<SignalKind, TargetConfig> {
  return { emg: t.emg ?? DEFAULT_EMG_TARGETS, envelope: t.envelope ?? DEFAULT_ENVELOPE_TARGETS, pressure: t.pressure ?? DEFAULT_PRESSURE_TARGETS };
}

/** Where calibration and targets are saved: the settings store registers the core's profile settings here. */
export type ProfilePersister = (patch: { calibration?: Calibration; targets?: Targets }) => void;
let persist: ProfilePersister = () => {};
export function setProfilePersister(fn: ProfilePersister): void { persist = fn; }

const SHOW_RAW_KEY = 'loslaten.showRaw';

export const useFeedback = create<FeedbackState>((set, get) => ({
  processing: initialProcessing(),
  targets: targetsOf({}),
  manualTarget: 'relax',
  pacer: DEFAULT_PACER,
  pacerManual: false,
  audio: { enabled: false, mode: 'pitch', volume01: 0.5, cues: true },
    showRaw: ((v) => (v === 'on' ? true : v === 'off' ? false : null))(globalThis.localStorage?.getItem(SHOW_RAW_KEY)),
  profile: {},
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
    const targets = { ...get().targets, [kind]: t };
    set({ targets });
    persist({ targets });
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
  loadProfileData: (profile, targets) => set({ profile, targets: targetsOf(targets) }),
  saveCalibration: (kind, c) => {
    const profile = { ...get().profile, [kind]: c };
    set({ profile });
    persist({ calibration: profile });
  },
  setProtocol: (protocol) => set({ protocol }),
}));
