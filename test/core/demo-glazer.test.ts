// The Demo sensor's simulated patient follows an exercise's cues (issue 15 item 5): a Glazer assessment played to
// it, recorded to EDF+ with its phases and analysed by the core as any session, lands near the published norms.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore } from '../../core/app-core.ts';
import { PatientModel, type PatientCue } from '../../firmware-protocol/patient-model.ts';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';
import { Recorder } from '../../sessions/recorder.ts';
import { glazerAssessmentProtocol } from '../../training/protocols.ts';
import { DEFAULT_PACER, pacerTimings } from '../../training/pacer.ts';
import type { SessionAnalysis } from '../../api/review-types.ts';
import { OLEKSY_2020_NORMS } from '../../dsp/glazer.ts';
import { tempDir } from '../helpers/pty.ts';

const RATE_HZ = 2000;
const SCALE_UV = 0.05;

/** Plays the Glazer protocol to the demo patient (cues arrive `latencyS` after each phase starts) and records it. */
async function playGlazer(seed: number, latencyS: number): Promise<string> {
  const p = glazerAssessmentProtocol();
  const h: StreamHeader = { rateHz: RATE_HZ, channels: [
    { label: 'PF', kind: 'emg', unit: 'uV', scale: SCALE_UV, rawMin: -32768, rawMax: 32767 },
    { label: 'ABD', kind: 'emg', unit: 'uV', scale: SCALE_UV, rawMin: -32768, rawMax: 32767 },
  ] };
  const path = join(tempDir('loslaten-demo-glazer-'), 'glazer.edf');
  const rec = new Recorder({ outPath: path, header: h, syncMode: 'async' });
  const model = new PatientModel({ kind: 'emg', rateHz: RATE_HZ, script: 'demo', seed });
  const t = pacerTimings(DEFAULT_PACER);
  const cues: { atS: number; cue: PatientCue }[] = [];
  let at = 0, pacerSince = -1;
  for (const ph of p.phases) {
    if (ph.pacer && pacerSince < 0) pacerSince = at;
    if (!ph.pacer) pacerSince = -1;
    const pacer = ph.pacer ? { inhaleS: t.inhaleS, holdInS: t.holdInS, exhaleS: t.exhaleS, holdOutS: t.holdOutS, elapsedS: at + latencyS - pacerSince } : null;
    cues.push({ atS: at + latencyS, cue: { target: ph.target, kind: ph.kind, pacer } });
    if (at === 0) rec.annotate(0, `protocol ${p.id}`); // as the app names the protocol a recording follows
    rec.annotate(at, `phase start ${ph.id}`);
    at += ph.durationS;
    rec.annotate(at, `phase end ${ph.id}`);
  }
  const total = Math.round((at + 2) * RATE_HZ);
  const per = 200;
  const pf = new Int32Array(per), abd = new Int32Array(per), out = new Float64Array(2);
  let next = 0;
  for (let i = 0; i < total; i += per) {
    for (let j = 0; j < per; j++) {
      const tS = (i + j) / RATE_HZ;
      while (next < cues.length && cues[next]!.atS <= tS) model.follow(cues[next++]!.cue);
      model.next(out);
      pf[j] = Math.round(out[0]! / SCALE_UV);
      abd[j] = Math.round(out[1]! / SCALE_UV);
    }
    rec.onBatch({ streamId: 1, header: h, firstSampleIndex: i, firstSeq: i & 0xffff, lostBefore: 0, count: per, channels: [pf, abd], hostTimeMs: 1_700_000_000_000 + (i + per) / 2 });
  }
  const s = await rec.close();
  if (s.error) throw new Error(s.error.kind);
  return s.path;
}

describe('Demo sensor: the simulated patient follows a Glazer assessment', () => {
  it('rest, flicks, holds, endurance and rest after land within half an SD of the norms\' means', async () => {
    const core = new AppCore({ dataDir: tempDir('loslaten-data-'), allowPathImport: true });
    try {
      const rows: string[] = [];
      for (const seed of [7, 1234]) {
        const path = await playGlazer(seed, 0.125);
        const imp = await core.handle('importSessionFromPath', { profileId: 'demo', path });
        if (!imp.ok) throw new Error(JSON.stringify(imp.error));
        const a = await core.handle('analyseSession', { profileId: 'demo', sessionId: (imp.value as { id: string }).id });
        if (!a.ok) throw new Error(JSON.stringify(a.error));
        const g = (a.value as SessionAnalysis).glazer!;
        const N = OLEKSY_2020_NORMS;
        const got = { restBefore: g.restBefore!.meanUv.value!, flicks: g.flicks!.meanUv.value!, holds: g.holds!.meanUv.value!, endurance: g.endurance!.meanUv.value!, restAfter: g.restAfter!.meanUv.value! };
        for (const k of ['restBefore', 'flicks', 'holds', 'endurance', 'restAfter'] as const) {
          rows.push(`seed ${seed} ${k}: ${got[k].toFixed(2)} µV (norm ${N[k].mean} ± ${N[k].sd}, z ${g.z[k]!.toFixed(2)})`);
          expect(Math.abs(g.z[k]!), `${k} z`).toBeLessThan(0.5);
        }
        // Quick flicks are quick: the muscle is back near rest within about a second of the let-go cue.
        expect(g.flicks!.releaseLatencyS.value!).toBeLessThan(1.2);
      }
      console.log(rows.join('\n'));
    } finally {
      await core.dispose();
    }
  }, 120_000);

  it('in downtraining it follows the breathing guide: tone lowest at the end of the out-breath, and it lets go after a squeeze', () => {
    const model = new PatientModel({ kind: 'emg', rateHz: 1000, script: 'demo', seed: 3 });
    const out = new Float64Array(2);
    // Slow guide: 4 s in, 8 s out.
    model.follow({ target: 'relax', kind: 'downtrain', pacer: { inhaleS: 4, holdInS: 0, exhaleS: 8, holdOutS: 0, elapsedS: 0 } });
    let sq = [0, 0], n = [0, 0];
    for (let i = 0; i < 48_000; i++) {
      model.next(out);
      const u = (i / 1000) % 12;
      const bin = u >= 3 && u < 5 ? 0 : u >= 10 ? 1 : -1; // end of in-breath vs end of out-breath
      if (bin >= 0) { sq[bin]! += out[0]! * out[0]!; n[bin]!++; }
    }
    const endIn = Math.sqrt(sq[0]! / n[0]!), endOut = Math.sqrt(sq[1]! / n[1]!);
    expect(endOut).toBeLessThan(endIn * 0.9);
    // A squeeze cue is followed after a human reaction time, and a let-go cue brings the tone back down.
    model.follow({ target: 'contract', kind: 'hold', pacer: null });
    sq = [0, 0]; n = [0, 0];
    for (let i = 0; i < 6000; i++) { model.next(out); const b = i < 200 ? 0 : i >= 1000 ? 1 : -1; if (b >= 0) { sq[b]! += out[0]! ** 2; n[b]!++; } }
    const first200ms = Math.sqrt(sq[0]! / n[0]!), holding = Math.sqrt(sq[1]! / n[1]!);
    expect(first200ms).toBeLessThan(12);
    expect(holding).toBeGreaterThan(25);
    model.follow({ target: 'relax', kind: 'rest', pacer: null });
    sq = [0]; n = [0];
    for (let i = 0; i < 4000; i++) { model.next(out); if (i >= 2000) { sq[0]! += out[0]! ** 2; n[0]!++; } }
    expect(Math.sqrt(sq[0]! / n[0]!)).toBeLessThan(10);
  });
});
