// Exercise protocols as data: the types and the built-in protocols (downtraining, Glazer assessment, flicks, holds, drop).

/** A text in both app languages. */
export interface LocalText { readonly nl: string; readonly en: string }

/**
 * rest: a baseline rest (resting tone and variability come from these and from downtrain phases) · recovery: the
 * let-go between contractions (carries the contraction's tail; never a baseline) · flick, hold, endurance:
 * contractions · downtrain: paced relaxation · drop: let-go after a squeeze.
 */
export const PHASE_KINDS = ['rest', 'recovery', 'flick', 'hold', 'endurance', 'downtrain', 'drop'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];
export const PHASE_TARGETS = ['relax', 'contract', 'none'] as const;
/** relax: stay below the relaxation line · contract: stay inside the contraction band · none: just watch. */
export type PhaseTarget = (typeof PHASE_TARGETS)[number];

export interface ProtocolPhase {
  /** Unique within the protocol; used in annotations (e.g. `phase:flick-3`). */
  readonly id: string;
  readonly name: LocalText;
  /** Length in seconds on the sample clock, 1–3600. */
  readonly durationS: number;
  readonly instruction: LocalText;
  readonly target: PhaseTarget;
  /** Whether the breathing pacer runs in this phase. */
  readonly pacer: boolean;
  readonly kind: PhaseKind;
}

export interface Protocol {
  readonly id: string;
  readonly name: LocalText;
  readonly description?: LocalText;
  readonly phases: readonly ProtocolPhase[];
}

/** Total length of a protocol in seconds. */
export function protocolDurationS(p: Protocol): number {
  return p.phases.reduce((s, ph) => s + ph.durationS, 0);
}

const T = {
  settle: {
    nl: 'Ga gemakkelijk zitten of liggen en adem een paar keer rustig laag in je buik. We meten eerst je rustniveau.',
    en: 'Settle in, sitting or lying down, and take a few slow, low breaths into your belly. First we measure your resting level.',
  },
  rest: {
    nl: 'Lig of zit gemakkelijk. Laat je bekkenbodem zwaar en zacht worden en adem rustig door.',
    en: 'Lie or sit comfortably. Let your pelvic floor feel heavy and soft, and keep breathing calmly.',
  },
  restAfter: {
    nl: 'Je bent bijna klaar. Laat alles los en adem rustig door; we meten nog één keer je rustniveau.',
    en: 'Nearly done. Let everything go and keep breathing calmly; we measure your resting level once more.',
  },
  flick: {
    nl: 'Span je bekkenbodem kort en stevig aan, en laat meteen weer los.',
    en: 'Squeeze your pelvic floor quickly and firmly, then let go straight away.',
  },
  letGo: {
    nl: 'Laat helemaal los. Adem rustig uit en wacht op de volgende.',
    en: 'Let go completely. Breathe out calmly and wait for the next one.',
  },
  hold: {
    nl: 'Span je bekkenbodem rustig aan en houd dit vast. Blijf gewoon doorademen.',
    en: 'Gently tighten your pelvic floor and hold it. Keep breathing normally.',
  },
  holdRest: {
    nl: 'Laat los en laat de spanning helemaal wegzakken.',
    en: 'Let go and let the tension drain away completely.',
  },
  endurance: {
    nl: 'Span aan op ongeveer de helft van je kracht en houd dit een minuut vast. Blijf doorademen; het mag zwaarder worden.',
    en: 'Tighten to about half your strength and hold it for a minute. Keep breathing; it is fine if it gets harder.',
  },
  downtrain: {
    nl: 'Volg de ademhalingsgids. Laat bij elk loslaat-moment je bekkenbodem zacht worden en iets zakken. Blijf onder de lijn, zonder te forceren.',
    en: 'Follow the breathing guide. At every let-go moment, let your pelvic floor soften and sink a little. Stay below the line, without forcing.',
  },
  dropSqueeze: {
    nl: 'Span je bekkenbodem aan en houd even vast.',
    en: 'Tighten your pelvic floor and hold for a moment.',
  },
  drop: {
    nl: 'Laat nu in één keer los. Kijk hoe snel de lijn terugzakt naar je rustniveau.',
    en: 'Now let go all at once. Watch how quickly the line drops back to your resting level.',
  },
} as const satisfies Record<string, LocalText>;

function phase(id: string, nl: string, en: string, durationS: number, instruction: LocalText, kind: PhaseKind, target: PhaseTarget, pacer = false): ProtocolPhase {
  return { id, name: { nl, en }, durationS, instruction, target, pacer, kind };
}

const settle = (s = 30): ProtocolPhase => phase('settle', 'Tot rust komen', 'Settle in', s, T.settle, 'rest', 'none');

/** Downtraining length range in minutes. */
export const DOWNTRAINING_MINUTES = { min: 5, max: 20, default: 10 } as const;

/**
 * Downtraining: 30 s settling (resting level) then `minutes` (5–20, default 10; clamped and rounded) of paced
 * breathing with a relaxation target.
 */
export function downtrainingProtocol(minutes: number = DOWNTRAINING_MINUTES.default): Protocol {
  const m = Math.round(Math.min(DOWNTRAINING_MINUTES.max, Math.max(DOWNTRAINING_MINUTES.min, Number.isFinite(minutes) ? minutes : 10)));
  return {
    id: `downtraining-${m}`,
    name: { nl: `Ontspanningstraining (${m} min)`, en: `Downtraining (${m} min)` },
    description: {
      nl: 'Rustig ademen met de ademhalingsgids terwijl je leert je bekkenbodem los te laten.',
      en: 'Calm breathing with the breathing guide while you learn to let your pelvic floor go.',
    },
    phases: [settle(), phase('downtrain', 'Loslaten met de adem', 'Letting go with the breath', m * 60, T.downtrain, 'downtrain', 'relax', true)],
  };
}

/** Glazer-style assessment; `flickRestS` = rest after each flick (default 10 s; some sources use 2 s). */
export function glazerAssessmentProtocol(flickRestS = 10): Protocol {
  const rest = Math.min(60, Math.max(1, flickRestS));
  const phases: ProtocolPhase[] = [phase('rest-before', 'Rust vooraf', 'Rest before', 60, T.rest, 'rest', 'relax')];
  for (let i = 1; i <= 5; i++) {
    phases.push(phase(`flick-${i}`, `Snelle aanspanning ${i}`, `Quick flick ${i}`, 2, T.flick, 'flick', 'contract'));
    phases.push(phase(`flick-${i}-rest`, 'Loslaten', 'Let go', rest, T.letGo, 'recovery', 'relax'));
  }
  for (let i = 1; i <= 5; i++) {
    phases.push(phase(`hold-${i}`, `Vasthouden ${i}`, `Hold ${i}`, 10, T.hold, 'hold', 'contract'));
    phases.push(phase(`hold-${i}-rest`, 'Loslaten', 'Let go', 10, T.holdRest, 'recovery', 'relax'));
  }
  phases.push(phase('endurance', 'Uithoudingsvermogen', 'Endurance hold', 60, T.endurance, 'endurance', 'contract'));
  phases.push(phase('rest-after', 'Rust achteraf', 'Rest after', 60, T.restAfter, 'rest', 'relax'));
  return {
    id: 'glazer-assessment',
    name: { nl: 'Meting (Glazer-protocol)', en: 'Assessment (Glazer protocol)' },
    description: {
      nl: 'Rust, vijf snelle aanspanningen, vijf keer vasthouden, één lange aanspanning en weer rust. Duurt ongeveer zes minuten.',
      en: 'Rest, five quick squeezes, five holds, one long hold and rest again. Takes about six minutes.',
    },
    phases,
  };
}

/** Quick flicks: settling, then `count` (default 10) × (2 s flick, 10 s let go). */
export function quickFlicksProtocol(count = 10): Protocol {
  const phases: ProtocolPhase[] = [settle()];
  for (let i = 1; i <= count; i++) {
    phases.push(phase(`flick-${i}`, `Snelle aanspanning ${i}`, `Quick flick ${i}`, 2, T.flick, 'flick', 'contract'));
    phases.push(phase(`flick-${i}-rest`, 'Loslaten', 'Let go', 10, T.letGo, 'recovery', 'relax'));
  }
  return { id: 'quick-flicks', name: { nl: 'Snelle aanspanningen', en: 'Quick flicks' }, phases };
}

/** Holds: settling, then 10 × (10 s hold, 10 s let go). */
export function holdsProtocol(count = 10, holdS = 10, restS = 10): Protocol {
  const phases: ProtocolPhase[] = [settle()];
  for (let i = 1; i <= count; i++) {
    phases.push(phase(`hold-${i}`, `Vasthouden ${i}`, `Hold ${i}`, holdS, T.hold, 'hold', 'contract'));
    phases.push(phase(`hold-${i}-rest`, 'Loslaten', 'Let go', restS, T.holdRest, 'recovery', 'relax'));
  }
  return { id: 'holds-10x10', name: { nl: 'Vasthouden 10 s / 10 s', en: 'Holds 10 s / 10 s' }, phases };
}

/** "Drop" practice: settling, then `count` (default 5) × (5 s squeeze, 15 s drop): time to return to rest. */
export function dropPracticeProtocol(count = 5): Protocol {
  const phases: ProtocolPhase[] = [settle()];
  for (let i = 1; i <= count; i++) {
    phases.push(phase(`squeeze-${i}`, `Aanspannen ${i}`, `Squeeze ${i}`, 5, T.dropSqueeze, 'hold', 'contract'));
    phases.push(phase(`drop-${i}`, `Loslaten ${i}`, `Drop ${i}`, 15, T.drop, 'drop', 'relax'));
  }
  return {
    id: 'drop-practice',
    name: { nl: 'Loslaten oefenen', en: 'Drop practice' },
    description: {
      nl: 'Aanspannen en dan in één keer loslaten. Je ziet hoe lang het duurt voor je spier weer in rust is.',
      en: 'Tighten, then let go all at once. You see how long it takes for the muscle to settle again.',
    },
    phases,
  };
}

/** The built-in protocols with their default settings. */
export function builtInProtocols(): Protocol[] {
  return [downtrainingProtocol(), glazerAssessmentProtocol(), quickFlicksProtocol(), holdsProtocol(), dropPracticeProtocol()];
}
