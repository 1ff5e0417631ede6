// The simulated patient: EMG RMS follows each script's expected level, EMG is band-limited, hum/ECG/pressure behave.
import { describe, expect, it } from 'vitest';
import { BandNoise, PatientModel } from '../../firmware-protocol/patient-model.ts';
import { Prng } from '../../firmware-protocol/prng.ts';
import { SIM_SCRIPT_NAMES, expectedLevel, lungVolume, newScriptState, scriptState } from '../../firmware-protocol/sim-scripts.ts';
import { SimulatedSensor } from '../../firmware-protocol/simulated-sensor.ts';
import { capture, goertzel, powerSpectrum, rms } from './sim-harness.ts';

/** Streams `seconds` of a script through sensor → lines → real decoder; returns the capture. */
function streamScript(kind: 'emg' | 'pressure', script: (typeof SIM_SCRIPT_NAMES)[number], seconds: number, extra: { seed?: number; rateHz?: number; mainsHz?: 0 | 50 | 60; ecg?: boolean } = {}) {
  const s = new SimulatedSensor({ kind, script, autoStart: true, ...extra });
  const cap = capture(kind === 'emg' ? 2 : 1);
  cap.run(s, 0, seconds * 1000 - 1, 5);
  cap.run(s, seconds * 1000, seconds * 1000, 1);
  return cap;
}

describe('Prng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const xa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(xa);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(xa);
  });

  it('gives standard normals (mean ≈ 0, variance ≈ 1)', () => {
    const p = new Prng(7);
    let s = 0;
    let s2 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) { const g = p.nextGaussian(); s += g; s2 += g * g; }
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.01);
  });
});

describe('scripts (expectedLevel)', () => {
  it('steady: 5 µV PF / 3 µV ABD, exactly 25 mmHg', () => {
    const st = newScriptState();
    for (const t of [0, 1.234, 77, 3600]) {
      scriptState('steady', t, st);
      expect([st.pfUv, st.abdUv, st.pressureMmHg]).toEqual([5, 3, 25]);
    }
  });

  it('rest stays in 3–8 µV, hypertonic in 10–20 µV', () => {
    for (let t = 0; t < 120; t += 0.25) {
      const r = expectedLevel('emg', 'rest', t);
      const h = expectedLevel('emg', 'hypertonic', t);
      expect(r).toBeGreaterThanOrEqual(3);
      expect(r).toBeLessThanOrEqual(8);
      expect(h).toBeGreaterThanOrEqual(10);
      expect(h).toBeLessThanOrEqual(20);
    }
  });

  it('relax-on-exhale: 6 breaths/min, tension highest at end of inhale and lowest at end of exhale', () => {
    expect(lungVolume(4)).toBeCloseTo(1, 9);
    expect(lungVolume(10)).toBeCloseTo(0, 9);
    expect(lungVolume(14)).toBeCloseTo(1, 9);
    expect(expectedLevel('emg', 'relax-on-exhale', 4)).toBeCloseTo(11, 6);
    expect(expectedLevel('emg', 'relax-on-exhale', 9.99)).toBeLessThan(5.01);
    for (let t = 4; t < 10; t += 0.5) {
      expect(expectedLevel('emg', 'relax-on-exhale', t + 0.5)).toBeLessThan(expectedLevel('emg', 'relax-on-exhale', t));
    }
  });

  it('quick-flicks: 2 s flicks at 60 µV after 10 s rest; holds: 10 s at 45 µV after 10 s rest', () => {
    expect(expectedLevel('emg', 'quick-flicks', 5)).toBe(5);
    expect(expectedLevel('emg', 'quick-flicks', 11)).toBe(60);
    expect(expectedLevel('emg', 'quick-flicks', 23)).toBe(60);
    expect(expectedLevel('emg', 'holds', 5)).toBe(5);
    expect(expectedLevel('emg', 'holds', 15)).toBe(45);
    expect(expectedLevel('emg', 'holds', 35)).toBe(45);
  });

  it('demo pressure: rest ≈ 20 mmHg ± 1 breathing, contractions +15..35 mmHg', () => {
    const rest: number[] = [];
    const peaks: number[] = [];
    for (let t = 0; t < 126; t += 0.01) {
      const p = expectedLevel('pressure', 'demo', t);
      if (t < 20) rest.push(p);
      peaks.push(p);
    }
    expect(Math.min(...rest)).toBeGreaterThan(18.5);
    expect(Math.max(...rest)).toBeLessThan(23);
    const flick = Math.max(...peaks.slice(5000, 8600)) - 20;
    const hold = Math.max(...peaks.slice(8600)) - 20;
    for (const rise of [flick, hold]) {
      expect(rise).toBeGreaterThanOrEqual(15);
      expect(rise).toBeLessThanOrEqual(35);
    }
  });
});

describe('EMG model', () => {
  const WINDOW_S = 6;
  for (const script of SIM_SCRIPT_NAMES) {
    it(`'${script}': PF RMS per ${WINDOW_S} s window within 10 % of expectedLevel`, () => {
      const seconds = script === 'demo' ? 126 : 60;
      const cap = streamScript('emg', script, seconds);
      const pf = cap.values[0]!;
      expect(pf.length).toBe(seconds * 2000);
      expect(cap.rejected()).toBe(0);
      let worst = 0;
      for (let w = 0; w + WINDOW_S <= seconds; w += WINDOW_S) {
        const from = w * 2000;
        const to = (w + WINDOW_S) * 2000;
        let e2 = 0;
        for (let i = from; i < to; i++) e2 += expectedLevel('emg', script, i / 2000) ** 2;
        const rel = rms(pf, from, to) / Math.sqrt(e2 / (to - from)) - 1;
        worst = Math.max(worst, Math.abs(rel));
      }
      expect(worst).toBeLessThan(0.1);
    });
  }

  it('steady: PF ≈ 5 µV and ABD ≈ 3 µV RMS over 10 s for several seeds', () => {
    for (const seed of [1, 2, 99]) {
      const cap = streamScript('emg', 'steady', 10, { seed });
      expect(rms(cap.values[0]!) / 5).toBeGreaterThan(0.95);
      expect(rms(cap.values[0]!) / 5).toBeLessThan(1.05);
      expect(rms(cap.values[1]!) / 3).toBeGreaterThan(0.95);
      expect(rms(cap.values[1]!) / 3).toBeLessThan(1.05);
    }
  });

  it('ABD rises a little during contractions', () => {
    const cap = streamScript('emg', 'holds', 20);
    const abdRest = rms(cap.values[1]!, 2 * 2000, 9 * 2000);
    const abdHold = rms(cap.values[1]!, 11 * 2000, 19 * 2000);
    const pfHold = rms(cap.values[0]!, 11 * 2000, 19 * 2000);
    expect(abdHold).toBeGreaterThan(abdRest * 1.5);
    expect(abdHold).toBeLessThan(pfHold * 0.5);
  });

  for (const rateHz of [2000, 1000, 500]) {
    it(`is band-limited at ${rateHz} Hz: ≥ 95 % of the power between 20 and 500 Hz, < 2 % below 20 Hz`, () => {
      const cap = streamScript('emg', 'steady', 6, { rateHz });
      const n = 2048;
      const x = cap.values[0]!.slice(rateHz); // skip the first second (filter start-up)
      const p = powerSpectrum(x, n);
      let total = 0;
      let inBand = 0;
      let below = 0;
      for (let k = 1; k < p.length; k++) {
        const f = (k * rateHz) / n;
        total += p[k]!;
        if (f >= 20 && f <= 500) inBand += p[k]!;
        if (f < 20) below += p[k]!;
      }
      expect(inBand / total).toBeGreaterThan(0.95);
      expect(below / total).toBeLessThan(0.02);
      expect(rms(x) / 5).toBeGreaterThan(0.9);
      expect(rms(x) / 5).toBeLessThan(1.1);
    });
  }

  it('has a surface-EMG-like median frequency (60–150 Hz)', () => {
    const cap = streamScript('emg', 'steady', 4);
    const n = 4096;
    const p = powerSpectrum(cap.values[0]!.slice(2000), n);
    let total = 0;
    for (let k = 1; k < p.length; k++) total += p[k]!;
    let acc = 0;
    let median = 0;
    for (let k = 1; k < p.length; k++) { acc += p[k]!; if (acc >= total / 2) { median = (k * 2000) / n; break; } }
    expect(median).toBeGreaterThan(60);
    expect(median).toBeLessThan(150);
  });

  it('BandNoise has unit RMS', () => {
    const g = new BandNoise(new Prng(3), 2000);
    let s2 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) { const v = g.next(); s2 += v * v; }
    expect(Math.sqrt(s2 / n)).toBeGreaterThan(0.97);
    expect(Math.sqrt(s2 / n)).toBeLessThan(1.03);
  });

  it('adds 50 Hz mains hum only when asked', () => {
    const quiet = streamScript('emg', 'steady', 2, { mainsHz: 0 }).values[0]!;
    const hum = streamScript('emg', 'steady', 2, { mainsHz: 50 }).values[0]!;
    const n = 4000;
    const gq = goertzel(quiet, n, 50, 2000);
    const gh = goertzel(hum, n, 50, 2000);
    expect(gh).toBeGreaterThan(gq * 20);
    // amplitude: 6 µV peak on PF → Goertzel power ≈ (A·N/2)²
    expect(Math.sqrt(gh) / (n / 2)).toBeGreaterThan(5);
    expect(Math.sqrt(gh) / (n / 2)).toBeLessThan(7);
  });

  it('adds ECG-like spikes at 72 beats/min when asked (strongest on ABD)', () => {
    const plain = streamScript('emg', 'steady', 5, { ecg: false });
    const ecg = streamScript('emg', 'steady', 5, { ecg: true });
    const diff = ecg.values[1]!.map((v, i) => v - plain.values[1]![i]!);
    const peaks: number[] = [];
    for (let i = 1; i < diff.length - 1; i++) {
      if (diff[i]! > 15 && diff[i]! >= diff[i - 1]! && diff[i]! > diff[i + 1]!) peaks.push(i);
    }
    expect(peaks.length).toBe(6); // beats at 0.2, 1.033, …, 4.367 s
    for (let j = 1; j < peaks.length; j++) expect(Math.abs(peaks[j]! - peaks[j - 1]! - 2000 * 60 / 72)).toBeLessThanOrEqual(1);
    expect(Math.max(...diff)).toBeGreaterThan(25);
    const pfDiff = ecg.values[0]!.map((v, i) => v - plain.values[0]![i]!);
    expect(Math.max(...pfDiff)).toBeLessThan(Math.max(...diff));
  });
});

describe('pressure model', () => {
  it("'steady' is exactly 25.00 mmHg (raw 2500) on every sample", () => {
    const cap = streamScript('pressure', 'steady', 10);
    expect(cap.raws[0]!.length).toBe(1000);
    expect(cap.raws[0]!.every((r) => r === 2500)).toBe(true);
  });

  it("'demo' follows expectedLevel within 0.12 mmHg on every sample", () => {
    const cap = streamScript('pressure', 'demo', 126);
    const p = cap.values[0]!;
    expect(p.length).toBe(12600);
    let worst = 0;
    for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i]! - expectedLevel('pressure', 'demo', i / 100)));
    expect(worst).toBeLessThan(0.12);
    expect(worst).toBeGreaterThan(0); // there is sensor noise outside 'steady'
  });

  it('keeps the script clock continuous across a rate change', () => {
    const m = new PatientModel({ kind: 'pressure', rateHz: 100, script: 'demo' });
    const out = new Float64Array(1);
    for (let i = 0; i < 150; i++) m.next(out);
    m.setRate(10);
    expect(m.scriptTimeSec).toBeCloseTo(1.5, 12);
    for (let i = 0; i < 5; i++) m.next(out);
    expect(m.scriptTimeSec).toBeCloseTo(2.0, 12);
  });
});
