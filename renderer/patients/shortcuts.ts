// Therapist keyboard shortcuts for phase control: Space pause/continue, N next step, Esc stop (M markers: RecordingBar).

const KEYS: Record<string, string> = { ' ': 'protocol-pause', n: 'protocol-skip', escape: 'protocol-stop' };

function typing(el: EventTarget | null): boolean {
  const e = el as HTMLElement | null;
  if (!e || !e.tagName) return false;
  return ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A'].includes(e.tagName) || e.isContentEditable;
}

/** Installs the shortcuts; they press the exercise panel's own buttons so the panel stays the one place that acts. */
export function installPhaseShortcuts(enabled: () => boolean): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (!enabled() || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    const id = KEYS[e.key.toLowerCase()];
    if (!id) return;
    const btn = document.querySelector<HTMLButtonElement>(`[data-testid=${id}]`);
    if (!btn || btn.disabled) return;
    e.preventDefault();
    btn.click();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
