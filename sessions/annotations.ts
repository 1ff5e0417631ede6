// Annotation text conventions (phases, pacer, markers, device events) and their classification for review.

/** What an annotation marks; `other` covers texts from foreign files. */
export type AnnotationKind = 'phase-start' | 'phase-end' | 'pacer' | 'marker' | 'device' | 'lost' | 'padding' | 'reconnect' | 'rejected' | 'protocol' | 'other';

export interface ClassifiedAnnotation {
  readonly kind: AnnotationKind;
  /** Phase name, pacer phase, marker text, device event name; null when not applicable. */
  readonly name: string | null;
  /** Lost/padding sample count, or rejected frames, when the text carries one. */
  readonly samples: number | null;
}

/** Device events the recorder annotates as device events (from LL1 `!name,args`). */
export const DEVICE_EVENT_NAMES = ['lead-off', 'lead-on', 'battery', 'error'] as const;
export const PACER_PHASES = ['inhale', 'hold-in', 'exhale', 'hold-out'] as const;
export type PacerPhase = (typeof PACER_PHASES)[number];

/** Annotation texts written by the app. Onsets are the caller's business (seconds on the sample clock). */
export const annotationText = {
  phaseStart: (phase: string): string => `phase start ${phase}`,
  phaseEnd: (phase: string): string => `phase end ${phase}`,
  pacer: (phase: PacerPhase): string => `pacer ${phase}`,
  /** A therapist marker (keyboard shortcut) with free text. */
  marker: (text: string): string => `marker: ${text}`,
  lost: (samples: number): string => `lost ${samples} samples`,
  reconnect: (): string => 'reconnect',
  /**
   * Frames (lines of a text stream, packets of a binary one) the driver threw away since the last note, by reason:
   * `rejected 3 lines (syntax 2, columns 1)`. A text stream has no sequence numbers, so this is the only trace of them.
   */
  rejected: (count: number, unit: 'lines' | 'frames', byReason: readonly (readonly [string, number])[]): string =>
    `rejected ${count} ${count === 1 ? unit.slice(0, -1) : unit} (${byReason.map(([r, n]) => `${r} ${n}`).join(', ')})`,
  /** The protocol the recording follows (its id), at the start: the phase kinds of a built-in protocol travel with the file. */
  protocol: (id: string): string => `protocol ${id}`,
} as const;

/** Classifies an annotation text (inverse of {@link annotationText}, plus device events and padding). */
export function classifyAnnotation(text: string): ClassifiedAnnotation {
  let m = /^phase (start|end) (.+)$/.exec(text);
  if (m) return { kind: m[1] === 'start' ? 'phase-start' : 'phase-end', name: m[2]!, samples: null };
  m = /^pacer (\S+)$/.exec(text);
  if (m) return { kind: 'pacer', name: m[1]!, samples: null };
  m = /^marker: ?(.*)$/s.exec(text);
  if (m) return { kind: 'marker', name: m[1]!, samples: null };
  m = /^lost (\d+) samples$/.exec(text);
  if (m) return { kind: 'lost', name: null, samples: Number(m[1]) };
  if (text === 'padding') return { kind: 'padding', name: null, samples: null };
  m = /^rejected (\d+) (?:lines?|frames?) \(/.exec(text);
  if (m) return { kind: 'rejected', name: null, samples: Number(m[1]) };
  if (text === 'reconnect') return { kind: 'reconnect', name: null, samples: null };
  m = /^protocol (\S+)$/.exec(text);
  if (m) return { kind: 'protocol', name: m[1]!, samples: null };
  const first = text.split(' ')[0]!;
  if ((DEVICE_EVENT_NAMES as readonly string[]).includes(first)) return { kind: 'device', name: first, samples: null };
  return { kind: 'other', name: null, samples: null };
}

/** Phase intervals (for shading in review) from matched start/end annotations, in file seconds. */
export function phaseIntervals(anns: readonly { onsetS: number; text: string }[]): { name: string; startS: number; endS: number }[] {
  const open = new Map<string, number>();
  const out: { name: string; startS: number; endS: number }[] = [];
  for (const a of anns) {
    const c = classifyAnnotation(a.text);
    if (c.kind === 'phase-start') open.set(c.name!, a.onsetS);
    else if (c.kind === 'phase-end' && open.has(c.name!)) {
      out.push({ name: c.name!, startS: open.get(c.name!)!, endS: a.onsetS });
      open.delete(c.name!);
    }
  }
  return out.sort((x, y) => x.startS - y.startS);
}

/**
 * Notes a driver's bad frames in the recording: the count by reason since the last note, at most once per `everyS`
 * seconds of sample clock (bounded annotation volume whatever the link does), and what is left at the end.
 */
export class RejectionNotes {
  private last: Record<string, number> = {};
  private lastNoteS = -Infinity;

  constructor(private readonly unit: 'lines' | 'frames', private readonly everyS = 1) {}

  /** Counters when the recording starts (what came before is not the recording's). */
  start(counters: Readonly<Record<string, number>>): void {
    this.last = { ...counters };
  }

  /** The note due at sample-clock time `tS` (null when nothing new, or too soon after the last note). */
  poll(counters: Readonly<Record<string, number>>, tS: number): string | null {
    if (tS - this.lastNoteS < this.everyS) return null;
    const t = this.take(counters);
    if (t !== null) this.lastNoteS = tS;
    return t;
  }

  /** Whatever was not noted yet (call when the recording ends). */
  flush(counters: Readonly<Record<string, number>>): string | null {
    return this.take(counters);
  }

  private take(counters: Readonly<Record<string, number>>): string | null {
    const by: [string, number][] = [];
    let n = 0;
    for (const [k, v] of Object.entries(counters)) {
      const d = v - (this.last[k] ?? 0);
      if (d > 0) { by.push([k, d]); n += d; }
    }
    if (n === 0) return null;
    this.last = { ...counters };
    return annotationText.rejected(n, this.unit, by);
  }
}
