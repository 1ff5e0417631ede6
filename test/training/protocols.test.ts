// Built-in protocols as data and validation of user protocol files with readable errors.
import { describe, expect, it } from 'vitest';
import {
  builtInProtocols, downtrainingProtocol, dropPracticeProtocol, glazerAssessmentProtocol, holdsProtocol, protocolDurationS, quickFlicksProtocol,
} from '../../training/protocols.ts';
import { formatProtocolError, parseProtocol, parseProtocolText } from '../../training/protocol-schema.ts';

describe('built-in protocols', () => {
  it('Glazer assessment: 60 s rest, 5 × (2 s flick + 10 s rest), 5 × (10 s hold + 10 s rest), 60 s endurance, 60 s rest', () => {
    const g = glazerAssessmentProtocol();
    expect(g.phases.length).toBe(1 + 10 + 10 + 2);
    expect(g.phases.map((p) => p.kind).join(',')).toBe(
      ['rest', ...Array(5).fill('flick,recovery'), ...Array(5).fill('hold,recovery'), 'endurance', 'rest'].join(','));
    expect(g.phases.filter((p) => p.kind === 'flick').every((p) => p.durationS === 2)).toBe(true);
    expect(g.phases.filter((p) => p.kind === 'hold').every((p) => p.durationS === 10)).toBe(true);
    expect(protocolDurationS(g)).toBe(60 + 5 * 12 + 5 * 20 + 60 + 60);
    expect(protocolDurationS(glazerAssessmentProtocol(2))).toBe(60 + 5 * 4 + 5 * 20 + 60 + 60);
  });

  it('downtraining is 5–20 min of paced breathing with a relaxation target (default 10)', () => {
    const d = downtrainingProtocol();
    const main = d.phases.find((p) => p.kind === 'downtrain')!;
    expect(main.durationS).toBe(600);
    expect(main.pacer).toBe(true);
    expect(main.target).toBe('relax');
    expect(downtrainingProtocol(30).phases.at(-1)!.durationS).toBe(20 * 60);
    expect(downtrainingProtocol(1).phases.at(-1)!.durationS).toBe(5 * 60);
  });

  it('quick flicks, holds 10 s/10 s × 10 and drop practice have the advertised structure', () => {
    expect(quickFlicksProtocol().phases.filter((p) => p.kind === 'flick').length).toBe(10);
    const h = holdsProtocol();
    expect(h.phases.filter((p) => p.kind === 'hold').map((p) => p.durationS)).toEqual(Array(10).fill(10));
    expect(h.phases.filter((p) => p.id.endsWith('-rest')).map((p) => p.durationS)).toEqual(Array(10).fill(10));
    const drop = dropPracticeProtocol();
    expect(drop.phases.filter((p) => p.kind === 'drop').every((p) => p.target === 'relax')).toBe(true);
  });

  it('every built-in passes the file schema, has unique ids and Dutch + English texts', () => {
    for (const p of builtInProtocols()) {
      const r = parseProtocol(JSON.parse(JSON.stringify(p)));
      expect(r.ok, p.id).toBe(true);
      expect(new Set(p.phases.map((ph) => ph.id)).size).toBe(p.phases.length);
      for (const ph of p.phases) expect(ph.instruction.nl).not.toBe(ph.instruction.en);
    }
  });
});

describe('protocol file validation', () => {
  const good = {
    id: 'my-routine',
    name: { nl: 'Mijn routine', en: 'My routine' },
    phases: [{ id: 'rest', name: { nl: 'Rust', en: 'Rest' }, durationS: 30, instruction: { nl: 'Rustig.', en: 'Calm.' }, target: 'relax', pacer: true, kind: 'rest' }],
  };

  it('accepts a valid file', () => {
    const r = parseProtocolText(JSON.stringify(good));
    expect(r.ok && r.value.phases[0]!.durationS).toBe(30);
  });

  it('names the phase and field of each problem in plain words', () => {
    const bad = structuredClone(good) as { phases: Record<string, unknown>[] };
    bad.phases.push({ ...good.phases[0]!, durationS: 5000, kind: 'squat' });
    bad.phases.push({ ...good.phases[0]!, instruction: { nl: 'x'.repeat(501), en: 'ok' } });
    const r = parseProtocol(bad);
    expect(r.ok).toBe(false);
    if (r.ok || r.error.kind !== 'invalid-protocol') throw new Error('expected invalid-protocol');
    const text = formatProtocolError(r.error);
    expect(text).toContain('phase 2 › durationS: must be at most 3600 seconds');
    expect(text).toContain('phase 2 › kind: must be one of rest, recovery, flick, hold, endurance, downtrain, drop');
    expect(text).toContain('phase 3 › instruction › nl: must be at most 500 characters');
    const dup = parseProtocol({ ...good, phases: [good.phases[0], good.phases[0]] });
    expect(!dup.ok && formatProtocolError(dup.error)).toBe('phase 2 › id: "rest" is used by an earlier phase; phase ids must be unique');
  });

  it('rejects too many phases, unknown fields, bad JSON and huge files', () => {
    const many = { ...good, phases: Array.from({ length: 201 }, (_, i) => ({ ...good.phases[0]!, id: `p${i}` })) };
    const r1 = parseProtocol(many);
    expect(!r1.ok && formatProtocolError(r1.error)).toContain('may have at most 200 phases');
    const r2 = parseProtocol({ ...good, phases: [{ ...good.phases[0]!, durationSec: 3 }] });
    expect(!r2.ok && formatProtocolError(r2.error)).toContain('unknown field(s): durationSec');
    const r3 = parseProtocolText('{ "id": ');
    expect(!r3.ok && r3.error.kind).toBe('not-json');
    const r4 = parseProtocolText(' '.repeat(1_000_001));
    expect(!r4.ok && r4.error.kind).toBe('too-large');
    const r5 = parseProtocol({ ...good, phases: [{ ...good.phases[0]!, durationS: 0.5 }] });
    expect(!r5.ok && formatProtocolError(r5.error)).toContain('must be at least 1 second');
    const r6 = parseProtocol({ ...good, name: { nl: 'Alleen Nederlands' } });
    expect(!r6.ok && formatProtocolError(r6.error)).toContain('name › en: must be text');
  });
});
