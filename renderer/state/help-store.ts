// Whether the help/safety screen is open outside the first run (Help button, F1, the desktop Help menu) (zustand).
import { create } from 'zustand';

export const useHelp = create<{ open: boolean; show(): void; hide(): void }>((set) => ({
  open: false,
  show: () => set({ open: true }),
  hide: () => set({ open: false }),
}));
