// One polite ARIA live region for connection, exercise phase and in-zone changes, rate-limited so speech stays calm.
import { useEffect, useRef } from 'react';
import { translate } from '../i18n/translate.ts';
import { useFrameView } from '../biofeedback/use-frame-view.ts';
import { zoneKey } from '../biofeedback/zone-text.ts';
import { useFeedback } from '../state/feedback-store.ts';
import { useUi } from '../state/ui-store.ts';

/** Shortest gap between two announcements, ms. */
export const ANNOUNCE_GAP_MS = 2000;
/** A zone must hold this long, and zone news comes at most this often, ms. */
export const ZONE_STABLE_MS = 1500;
export const ZONE_GAP_MS = 8000;
/** An announcement is cleared after this long, ms. */
export const CLEAR_AFTER_MS = 6000;

export function Announcer() {
  const region = useRef<HTMLDivElement>(null);
  const lastAt = useRef(0);
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  function say(text: string) {
    pending.current = text;
    const flush = () => {
      timer.current = null;
      if (!region.current || pending.current === null) return;
      region.current.textContent = pending.current;
      region.current.dataset.count = String(Number(region.current.dataset.count ?? 0) + 1);
      pending.current = null;
      lastAt.current = Date.now();
      const shown = region.current.textContent;
      setTimeout(() => { if (region.current && region.current.textContent === shown) region.current.textContent = ''; }, CLEAR_AFTER_MS);
    };
    if (timer.current) return; // the latest text goes out when the gap is over
    const wait = Math.max(0, lastAt.current + ANNOUNCE_GAP_MS - Date.now());
    timer.current = setTimeout(flush, wait);
  }

  useEffect(() => useUi.subscribe((s, prev) => {
    const a = s.status?.state ?? 'idle', b = prev.status?.state ?? 'idle';
    if (a !== b) say(translate(s.lang, `status.${a}`));
    // Old news in the old language must not linger for a screen reader's reading cursor.
    if (s.lang !== prev.lang && region.current) region.current.textContent = '';
  }), []);
  useEffect(() => useFeedback.subscribe((s, prev) => {
    if (s.protocol.phaseIndex === prev.protocol.phaseIndex || s.protocol.phaseIndex < 0) return;
    // The exercise panel renders the phase name; read it once it is on screen.
    setTimeout(() => {
      const name = document.querySelector('[data-testid=phase-name]')?.textContent;
      if (name) say(name);
    }, 50);
  }), []);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  useFrameView(() => {
    let seen = '', since = 0, told = '', toldAt = 0;
    return {
      slow(f) {
        const key = zoneKey(f.zone, f.activeTarget, f.primary !== null && f.endIndex > 0);
        const now = Date.now();
        if (key !== seen) { seen = key; since = now; return; }
        if (key === told || now - since < ZONE_STABLE_MS || now - toldAt < ZONE_GAP_MS || key === 'zone.wait') return;
        told = key; toldAt = now;
        say(translate(useUi.getState().lang, key));
      },
    };
  });

  return <div ref={region} className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer" />;
}
