// Which main view is shown (live, sessions, trends) and which session is open in review (zustand, low-rate UI state).
import { create } from 'zustand';

export const VIEWS = ['live', 'sessions', 'trends'] as const;
export type View = (typeof VIEWS)[number];

export interface OpenRef { readonly profileId: string; readonly sessionId: string }

export interface ViewState {
  view: View;
  /** Session open in review (within the sessions view); null = the library list. */
  open: OpenRef | null;
  /** Profile filter of the library and trends; '' = all (library) / first (trends). */
  profileId: string;
  setView(v: View): void;
  openSession(r: OpenRef | null): void;
  setProfile(id: string): void;
}

export const useView = create<ViewState>((set) => ({
  view: 'live',
  open: null,
  profileId: '',
  setView: (view) => set({ view }),
  openSession: (open) => set({ open }),
  setProfile: (profileId) => set({ profileId }),
}));

/** Opens a session in review (the Sessions view): after an import, a drop, or a recording opened from the OS. */
export function openInReview(ref: OpenRef): void {
  useView.getState().openSession(ref);
  useView.getState().setView('sessions');
}
