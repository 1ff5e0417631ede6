// Pacer phases for replay: from `pacer …` annotations, else recomputed from pacer settings stored with the session.
import type { SessionAnnotation } from '../../api/contract.ts';
import { pacerSegments, validatePacerSettings, type PacerSettings } from '../../training/pacer.ts';
import { pacerIntervals, type Interval } from './phases.ts';

/** Pacer settings found in a sidecar (`protocol.settings.pacer` or `dsp.pacer`), validated; null when absent. */
export function pacerSettingsOf(sidecar: unknown): PacerSettings | null {
  const o = (x: unknown): Record<string, unknown> | null => (x && typeof x === 'object' ? (x as Record<string, unknown>) : null);
  const sc = o(sidecar);
  const cand = o(o(o(sc?.['protocol'])?.['settings'])?.['pacer']) ?? o(o(sc?.['dsp'])?.['pacer']);
  if (!cand) return null;
  const v = validatePacerSettings(cand as unknown as PacerSettings);
  return v.ok ? v.value : null;
}

/**
 * Pacer intervals for the whole session. Recorded `pacer` annotations win; otherwise, with stored settings, the
 * pacer is recomputed for every paced phase (pacer time 0 = the phase start).
 */
export function replayPacer(anns: readonly SessionAnnotation[], phases: readonly Interval[], sidecar: unknown, durationS: number): Interval[] {
  const recorded = pacerIntervals(anns, durationS);
  if (recorded.length) return recorded;
  const s = pacerSettingsOf(sidecar);
  if (!s) return [];
  const out: Interval[] = [];
  for (const ph of phases) {
    if (!/downtrain|relax|breath/.test(ph.name)) continue;
    for (const seg of pacerSegments(s, 0, ph.endS - ph.startS)) out.push({ name: seg.phase, startS: ph.startS + seg.start, endS: ph.startS + seg.end });
  }
  return out;
}
