// Replay clock for review: a cursor that runs through the recording at 1×/2×/4× (rAF, wall-clock based).
import { useEffect, useRef, useState } from 'react';

export const REPLAY_SPEEDS = [1, 2, 4] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface Replay {
  readonly playing: boolean;
  readonly speed: ReplaySpeed;
  /** Cursor position, s (NaN before the first play). */
  readonly cursorS: number;
  play(fromS: number): void;
  pause(): void;
  setSpeed(s: ReplaySpeed): void;
  seek(tS: number): void;
}

/** `onTick` gets the cursor every animation frame while playing (keep it cheap: no React state there). */
export function useReplay(durationS: number, onTick: (tS: number) => void): Replay {
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<ReplaySpeed>(1);
  const [cursorS, setCursor] = useState(NaN);
  const pos = useRef(NaN);
  const tick = useRef(onTick);
  tick.current = onTick;
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let raf = 0;
    let frames = 0;
    const step = (now: number) => {
      pos.current = Math.min(durationS, pos.current + ((now - last) / 1000) * speed);
      last = now;
      tick.current(pos.current);
      if (++frames % 15 === 0) setCursor(pos.current); // the readout, 4 times a second
      if (pos.current >= durationS) { setPlaying(false); setCursor(pos.current); return; }
      raf = requestAnimationFrame(step);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  }, [playing, speed, durationS]);
  return {
    playing, speed, cursorS,
    play: (fromS) => { pos.current = Number.isFinite(pos.current) && pos.current < durationS ? pos.current : fromS; setCursor(pos.current); setPlaying(true); },
    pause: () => { setPlaying(false); setCursor(pos.current); },
    setSpeed,
    seek: (t) => { pos.current = Math.max(0, Math.min(durationS, t)); setCursor(pos.current); tick.current(pos.current); },
  };
}
