// Low-rate UI state (zustand): language, devices, selection, link status, trace window. Never sample data.
import { create } from 'zustand';
import type { AppError, DeviceInfo, LinkStatus } from '../../api/contract.ts';
import type { Language } from '../i18n/messages.ts';
import { languageFromLocale } from '../i18n/translate.ts';

/** Trace window lengths offered, seconds. */
export const WINDOW_CHOICES_S = [10, 30, 60] as const;
export type WindowSeconds = (typeof WINDOW_CHOICES_S)[number];

/** Until the core's settings arrive (settings/settings-store.ts loads them at start): the system locale. */
function initialLanguage(): Language {
  return languageFromLocale(globalThis.navigator?.language);
}

export interface UiState {
  /** The language shown: a copy of the settings store's language (its only writer: settings-store accept/saveApp). */
  lang: Language;
  devices: readonly DeviceInfo[];
  selectedDeviceId: string;
  status: LinkStatus | null;
  /** Last command error to show the user (cleared on the next attempt). */
  lastError: AppError | null;
  busy: boolean;
  /** The page lost its connection to the app's core (the browser host stopped); it reconnects by itself. */
  hostLost: boolean;
  windowS: WindowSeconds;
  setLang(lang: Language): void;
  setDevices(d: readonly DeviceInfo[]): void;
  select(id: string): void;
  setStatus(s: LinkStatus): void;
  setError(e: AppError | null): void;
  setBusy(b: boolean): void;
  setHostLost(lost: boolean): void;
  setWindow(w: WindowSeconds): void;
}

export const useUi = create<UiState>((set) => ({
  lang: initialLanguage(),
  devices: [],
  selectedDeviceId: '',
  status: null,
  lastError: null,
  busy: false,
  hostLost: false,
  windowS: 10,
  setLang: (lang) => set({ lang }),
  setDevices: (devices) => set({ devices }),
  select: (selectedDeviceId) => set({ selectedDeviceId }),
  // Status arrives ~4×/s as a new object; an unchanged stream header keeps its identity so header-bound views do not re-render.
  setStatus: (status) => set((st) => {
    const prev = st.status?.header;
    if (prev && status.header && prev !== status.header && JSON.stringify(prev) === JSON.stringify(status.header)) return { status: { ...status, header: prev } };
    return { status };
  }),
  setError: (lastError) => set({ lastError }),
  setBusy: (busy) => set({ busy }),
  setHostLost: (hostLost) => set({ hostLost }),
  setWindow: (windowS) => set({ windowS }),
}));
