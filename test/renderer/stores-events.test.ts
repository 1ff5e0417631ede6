// Calibration runs and the per-profile calibration store, user protocol storage, and the session event emitter.
import { describe, expect, it } from 'vitest';
import { CalibrationRun, MVC } from '../../renderer/calibration/calibration-run.ts';
import { forgetLegacyData, LEGACY_KEYS, readLegacyData, type KeyValueStorage } from '../../renderer/settings/browser-migration.ts';
import { addProtocol, removeProtocol } from '../../renderer/exercises/custom-exercises.ts';
import { validateRequest } from '../../api/contract.ts';
import { profileSettingsSchema, repairProfileSettings, settingsCommandSchemas, defaultProfileSettings } from '../../api/settings.ts';
import { SessionEvents } from '../../renderer/exercises/session-events.ts';
import { builtInProtocols } from '../../training/protocols.ts';

class MemStorage implements KeyValueStorage {
  readonly m = new Map<string, string>();
  getItem(k: string) { return this.m.get(k) ?? null; }
  setItem(k: string, v: string) { this.m.set(k, v); }
  removeItem(k: string) { this.m.delete(k); }
}

/** Feeds values in irregular batches, as frames arrive. */
function feed(run: CalibrationRun, values: Float32Array, first: number): void {
  let i = 0, k = 0;
  while (i < values.length) {
    const n = Math.min(values.length - i, [7, 333, 64, 1000][k++ % 4]!);
    run.push(values.subarray(i, i + n), n, first + i);
    i += n;
  }
}

describe('calibration run', () => {
  const rate = 1000;
  it('rest baseline: mean and SD of exactly the rest window, batch sizes irrelevant', () => {
    const run = CalibrationRun.rest(rate, 30);
    run.start(5000);
    const v = new Float32Array(40_000);
    for (let i = 0; i < v.length; i++) { const idx = 4000 + i; v[i] = idx >= 5000 && idx < 35_000 ? (idx % 2 ? 5 : 7) : 100; }
    expect(run.view().step).toEqual({ kind: 'rest' });
    feed(run, v.subarray(0, 10_000), 4000);
    expect(run.view().done).toBe(false);
    expect(run.view().remainingS).toBeCloseTo(21, 9);
    feed(run, v.subarray(10_000), 14_000);
    const view = run.view();
    expect(view.done).toBe(true);
    if (view.result?.kind !== 'rest') throw new Error('no rest result');
    expect(view.result.rest.mean).toBeCloseTo(6, 9);
    expect(view.result.rest.sd).toBeCloseTo(1, 3);
    expect(view.result.rest.cvPercent).toBeCloseTo(100 / 6, 2);
    expect(view.result.rest.durationS).toBe(30);
  });
  it('rest length is clamped to 30–60 s', () => {
    const r = CalibrationRun.rest(rate, 5); r.start(0);
    expect(r.endSample).toBe(30_000);
    const r2 = CalibrationRun.rest(rate, 600); r2.start(0);
    expect(r2.endSample).toBe(60_000);
  });
  it('MVC: three 5 s squeezes with 10 s rests; peak per squeeze, MVC = the highest; peaks in rests ignored', () => {
    const run = CalibrationRun.mvc(rate);
    run.start(0);
    const total = (MVC.trials * MVC.squeezeS + (MVC.trials - 1) * MVC.pauseS) * rate;
    expect(run.endSample).toBe(total);
    const v = new Float32Array(total).fill(5);
    v[2000] = 40; v[17_000] = 55; v[32_000] = 48; v[10_000] = 999; // the last one is in a rest
    feed(run, v.subarray(0, 16_000), 0);
    expect(run.view().step).toEqual({ kind: 'squeeze', trial: 2 });
    feed(run, v.subarray(16_000), 16_000);
    const r = run.view().result;
    if (r?.kind !== 'mvc') throw new Error('no mvc result');
    expect(r.mvc.peaks).toEqual([40, 55, 48]);
    expect(r.mvc.mvc).toBe(55);
  });
});

describe('profile data in the core: calibration, targets, custom exercises (api/profile-data.ts)', () => {
  const targets = { mode: 'absolute' as const, relaxUpper: 6, contractLo: 20, contractHi: 35, relaxPercentOfRest: 100, contractLoPercentMvc: 40, contractHiPercentMvc: 70 };
  const rest = { mean: 6, sd: 1, cvPercent: 16.7, durationS: 30, at: '2026-01-01T00:00:00Z' };
  it('are part of the versioned profile settings and validated at the API boundary', () => {
    const save = settingsCommandSchemas.saveSettings;
    expect(save.safeParse({ settings: { calibration: { emg: { unit: 'uV', rest } }, targets: { emg: targets } } }).success).toBe(true);
    expect(save.safeParse({ settings: { calibration: { emg: { unit: 'uV', mvc: { peaks: [], mvc: 3, at: 'now' } } } } }).success).toBe(false);
    expect(save.safeParse({ settings: { targets: { emg: { ...targets, relaxUpper: 99999 } } } }).success).toBe(false);
    expect(save.safeParse({ settings: { customProtocols: [{ id: 'x' }] } }).success).toBe(false);
    expect(profileSettingsSchema.safeParse({ ...defaultProfileSettings(), calibration: { emg: { unit: 'uV', rest } } }).success).toBe(true);
    // What a recording is started with is checked against the same schemas.
    expect(validateRequest('startRecording', { profileId: 'home', targets: { emg: targets }, calibration: { emg: { unit: 'uV', rest } } }).ok).toBe(true);
    expect(validateRequest('startRecording', { profileId: 'home', targets: { emg: { ...targets, relaxUpper: -1 } } }).ok).toBe(false);
    expect(validateRequest('startRecording', { profileId: 'home', calibration: { emg: { unit: 'uV', rest: { ...rest, mean: 'x' } } } }).ok).toBe(false);
  });
  it('a version-2 profile file gains empty calibration, targets and exercises (migrated, not reported as damage)', () => {
    const v2 = { ...defaultProfileSettings(60) } as Record<string, unknown>;
    delete v2.calibration; delete v2.targets; delete v2.customProtocols;
    v2.version = 2;
    const r = repairProfileSettings(v2);
    expect(r.repaired).toEqual(['migrated:2→3']);
    expect(r.value).toMatchObject({ version: 3, mainsHz: 60, calibration: {}, targets: {}, customProtocols: [] });
  });
  it('reads what an older version left in localStorage once, mapping its "default" profile to home', () => {
    const s = new MemStorage();
    expect(readLegacyData(s, 'home')).toBeNull();
    s.setItem(LEGACY_KEYS.calibration, JSON.stringify({ version: 1, profiles: { default: { emg: { unit: 'uV', rest }, targets: { emg: targets } }, anna: { pressure: { unit: 'mmHg' } } } }));
    s.setItem(LEGACY_KEYS.protocols, JSON.stringify([mine, { id: 'broken' }]));
    const d = readLegacyData(s, 'home')!;
    expect(d.profiles.get('home')).toEqual({ calibration: { emg: { unit: 'uV', rest } }, targets: { emg: targets } });
    expect(d.profiles.get('anna')?.calibration).toEqual({ pressure: { unit: 'mmHg' } });
    expect(d.protocols.map((p) => p.id)).toEqual(['my-evening']);
    forgetLegacyData(s);
    expect(readLegacyData(s, 'home')).toBeNull();
    s.setItem(LEGACY_KEYS.calibration, 'not json');
    expect(readLegacyData(s, 'home')?.profiles.size).toBe(0);
  });
});

const mine = {
  id: 'my-evening', name: { nl: 'Avond', en: 'Evening' },
  phases: [{ id: 'rest', name: { nl: 'Rust', en: 'Rest' }, durationS: 60, instruction: { nl: 'Rustig.', en: 'Calm.' }, target: 'relax', pacer: true, kind: 'downtrain' }],
};

describe('custom exercises (list operations)', () => {
  const builtIns = new Set(builtInProtocols().map((p) => p.id));
  it('imports a valid file, replaces the same id, removes', () => {
    const r = addProtocol([], JSON.stringify(mine), builtIns);
    if (!r.ok) throw new Error(r.error.kind);
    const r2 = addProtocol(r.list, JSON.stringify({ ...mine, name: { nl: 'Avond 2', en: 'Evening 2' } }), builtIns);
    if (!r2.ok) throw new Error(r2.error.kind);
    expect(r2.list.map((p) => p.name.en)).toEqual(['Evening 2']);
    expect(removeProtocol(r2.list, 'my-evening')).toEqual([]);
  });
  it('explains bad files; refuses built-in ids', () => {
    const bad = addProtocol([], JSON.stringify({ ...mine, phases: [{ ...mine.phases[0], durationSec: 5 }] }), builtIns);
    expect(bad.ok).toBe(false);
    if (!bad.ok && bad.error.kind === 'invalid-protocol') expect(bad.error.issues.map((i) => i.message).join()).toContain('durationSec');
    else throw new Error('expected invalid-protocol');
    const notJson = addProtocol([], '{', builtIns);
    expect(!notJson.ok && notJson.error.kind).toBe('not-json');
    const reserved = addProtocol([], JSON.stringify({ ...mine, id: 'glazer-assessment' }), builtIns);
    expect(!reserved.ok && reserved.error.kind).toBe('reserved-id');
  });
});

describe('session events', () => {
  it('emits to listeners, keeps a bounded history, unsubscribes', () => {
    const ev = new SessionEvents(3);
    const seen: string[] = [];
    const off = ev.on((e) => seen.push(e.type));
    for (let i = 0; i < 5; i++) ev.emit({ source: 'pacer', type: i % 2 ? 'pacer-stop' : 'pacer-start', sampleIndex: i * 100, tSeconds: i / 20 });
    expect(seen).toHaveLength(5);
    expect(ev.history().map((e) => e.sampleIndex)).toEqual([200, 300, 400]);
    off();
    ev.emit({ source: 'pacer', type: 'pacer-start', sampleIndex: 0, tSeconds: 0 });
    expect(seen).toHaveLength(5);
    ev.clear();
    expect(ev.history()).toEqual([]);
  });
});
