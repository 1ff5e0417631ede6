// Text-stream decoder: per-column (x − offset) × scale exactly, separators, bad lines counted by reason, no loss claims.
import { describe, expect, it } from 'vitest';
import { TextStreamDriver, textHeader, textSettingsProblem, type TextStreamSettings } from '../../devices/text-stream.ts';
import { TextEmulator, faultAt, textValue } from '../../devices/emulators.ts';
import { totalBadFrames } from '../../devices/driver.ts';
import { collector, feedLines, pump } from './harness.ts';

const PF_P: TextStreamSettings = {
  rateHz: 500,
  columns: [
    { label: 'PF', kind: 'emg', unit: 'uV', scale: 3.2227, offset: 512 },
    { label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.25, offset: 100 },
  ],
};

function lines(d: TextStreamDriver, text: string): void {
  const pending: number[] = [];
  feedLines(d, Uint8Array.from(text, (c) => c.charCodeAt(0)), 0, pending);
}

describe('TextStreamDriver', () => {
  it('maps each column to (x − offset) × scale in its unit, with comma, space, tab or semicolon between values', () => {
    const { handlers, got } = collector();
    const d = new TextStreamDriver(handlers, PF_P);
    lines(d, 'torn line 5\n512,300\n1023 100\r\n0\t0\n  7 ;  8  \n');
    d.flush();
    const h = d.header!;
    expect(h).toEqual(textHeader(PF_P));
    const phys = (c: number) => got.values[c]!.map((r) => r * h.channels[c]!.scale);
    expect(phys(0)).toEqual([0, (1023 - 512) * 3.2227, -512 * 3.2227, (7 - 512) * 3.2227]);
    expect(phys(1)).toEqual([50, 0, -25, -23]);
    expect(d.counters.skippedBytes).toBe('torn line 5\n'.length); // the first line may be torn: never read
    expect(d.description.lossDetectable).toBe(false);
  });

  it('keeps decimals exactly up to the column\'s `decimals`, refuses more (precision), and takes an offset with decimals', () => {
    const { handlers, got } = collector();
    const d = new TextStreamDriver(handlers, { rateHz: 100, columns: [{ label: 'V', kind: 'envelope', unit: 'uV', scale: 1000, offset: 1.65, decimals: 2 }] });
    lines(d, '\n2.50\n-0.5\n1.65\n3\n2.345\n2.340\n');
    d.flush();
    const s = d.header!.channels[0]!.scale;
    expect(got.values[0]!.map((r) => Math.round(r * s * 1e6) / 1e6)).toEqual([850, -2150, 0, 1350, 690]);
    expect(d.counters.rejected['precision']).toBe(1);
    expect(d.header!.channels[0]!.kind).toBe('envelope');
  });

  it('counts lines that do not give a sample by reason and delivers nothing from them', () => {
    const { handlers, got } = collector();
    const d = new TextStreamDriver(handlers, PF_P);
    lines(d, '\n1,2\nStarting...\n1,2,3\n5\n1,x\n1e3,2\n99999999,1\n' + '9'.repeat(300) + '\n\n-,1\n3,4\n');
    d.flush();
    expect(got.values[0]).toEqual([1 - 512, 3 - 512]);
    expect(d.counters.rejected).toEqual({ syntax: 4, columns: 2, precision: 0, range: 1, 'too-long': 1 });
    expect(d.counters.frames).toBe(10); // the empty line is no frame
    expect(totalBadFrames(d.counters)).toBe(8);
    expect(d.counters.lost).toBe(0);
  });

  it('takes the emulator\'s lines with garbage and damaged lines in between: every intact line exactly, in order', () => {
    const emu = new TextEmulator(500, 2, { junk: { every: 17, phase: 3 }, corrupt: { every: 29, phase: 7 }, stray: { every: 31, phase: 11 } });
    const { handlers, got } = collector();
    const d = new TextStreamDriver(handlers, PF_P);
    const pending: number[] = [];
    pump(emu, 500, 3000, (b, t) => feedLines(d, b, t, pending), 53);
    d.flush();
    // The lines the emulator printed, in order: a garbage line before every 17th, damaged lines, intact ones.
    const printed: (number | 'bad')[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i % 17 === 3) printed.push('bad');
      printed.push(faultAt(emu['plan'], i, false) === null ? i : 'bad');
    }
    printed.shift(); // the first line is never read (it may be torn)
    const intact = printed.filter((x): x is number => x !== 'bad');
    expect(got.values[0]).toEqual(intact.map((i) => textValue(i, 0) - 512));
    expect(got.values[1]).toEqual(intact.map((i) => textValue(i, 1) - 100));
    expect(d.counters.rejected['syntax']).toBe(printed.length - intact.length);
    expect(d.counters.samples).toBe(intact.length);
  });

  it('refuses settings that cannot work, with the reason', () => {
    expect(textSettingsProblem(PF_P)).toBeNull();
    expect(textSettingsProblem({ ...PF_P, rateHz: 0 })).toMatch(/rate/);
    expect(textSettingsProblem({ rateHz: 100, columns: [{ label: 'P', kind: 'pressure', unit: 'uV', scale: 1, offset: 0 }] })).toMatch(/pressure unit/);
    expect(textSettingsProblem({ rateHz: 100, columns: [{ label: 'A', kind: 'emg', unit: 'uV', scale: 0, offset: 0 }] })).toMatch(/scale/);
    expect(textSettingsProblem({ rateHz: 100, columns: [{ label: 'A', kind: 'emg', unit: 'uV', scale: 1, offset: 0 }, { label: 'A', kind: 'emg', unit: 'uV', scale: 1, offset: 0 }] })).toMatch(/each once/);
    expect(() => new TextStreamDriver({}, { rateHz: 100, columns: [] })).toThrow(/columns/);
  });
});
