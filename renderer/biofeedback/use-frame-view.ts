// React hook: registers a frame view with the engine for the component's lifetime (the view reads refs, never state).
import { useEffect, useRef } from 'react';
import { engine, type FrameView } from './engine.ts';

/** `make` runs once on mount; the view it returns is driven by the engine until unmount. */
export function useFrameView(make: () => FrameView & { dispose?: () => void }, deps: readonly unknown[] = []): void {
  const makeRef = useRef(make);
  makeRef.current = make;
  useEffect(() => {
    const v = makeRef.current();
    const off = engine.add(v);
    return () => { off(); v.dispose?.(); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}
