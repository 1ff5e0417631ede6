// `loslaten record` options: device names, text-stream rate and columns with clear messages, and the file extension a
// device needs (refused naming the right one) — all before any port is opened.
import { describe, expect, it } from 'vitest';
import { extensionProblem, parseColumns, parseRecordArgs } from '../../cli/record-args.ts';

const base = { port: '/dev/ttyUSB0', out: 'x.edf' };
const msg = (v: Record<string, string>): string => { const r = parseRecordArgs(v); if (r.ok) throw new Error(`accepted ${JSON.stringify(v)}`); return r.message; };

describe('record options', () => {
  it('parses the issue example of text columns', () => {
    const r = parseColumns('PF:emg:uV:3.2227:512,P:pressure:mmHg:0.25:100');
    expect(r).toEqual({ ok: true, value: [
      { label: 'PF', kind: 'emg', unit: 'uV', scale: 3.2227, offset: 512 },
      { label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.25, offset: 100 },
    ] });
    expect(parseColumns('ENV:envelope:uV:4882.8:0')).toMatchObject({ ok: true, value: [{ kind: 'envelope' }] });
  });

  it('refuses bad columns naming the column and the part', () => {
    const m = (spec: string) => { const r = parseColumns(spec); return r.ok ? 'accepted' : r.message; };
    expect(m('PF:emg:uV:3.2')).toBe('--columns column 1 ("PF:emg:uV:3.2"): needs 5 parts label:kind:unit:scale:offset, got 4');
    expect(m('PF:emg:uV:1:0,X:raw:uV:1:0')).toBe('--columns column 2 ("X:raw:uV:1:0"): kind "raw" is not one of emg, envelope, pressure');
    expect(m('P:pressure:uV:1:0')).toBe('--columns column 1 ("P:pressure:uV:1:0"): a pressure column is in mmHg or cmH2O or hPa, not uV');
    expect(m('PF:emg:mmHg:1:0')).toBe('--columns column 1 ("PF:emg:mmHg:1:0"): an emg column is in uV, not mmHg');
    expect(m('PF:emg:mV:1:0')).toMatch(/unit "mV" is not one of uV, mmHg, cmH2O, hPa/);
    expect(m('PF:emg:uV:0:0')).toMatch(/scale "0" must be a number above 0/);
    expect(m('PF:emg:uV:-2:0')).toMatch(/scale "-2" must be a number above 0/);
    expect(m('PF:emg:uV:1:abc')).toMatch(/offset "abc" must be a number/);
    expect(m('PF:emg:uV:1:0,PF:emg:uV:1:0')).toMatch(/label PF is used twice/);
    expect(m(':emg:uV:1:0')).toMatch(/label must be/);
    expect(m(Array.from({ length: 17 }, (_, i) => `C${i}:emg:uV:1:0`).join(','))).toBe('--columns has 17 columns; at most 16');
  });

  it('text needs --rate and --columns; other devices refuse them', () => {
    expect(msg({ ...base, device: 'text', columns: 'PF:emg:uV:1:0' })).toMatch(/^--device text needs --rate <Hz>/);
    expect(msg({ ...base, device: 'text', rate: '500' })).toMatch(/^--device text needs --columns label:kind:unit:scale:offset/);
    expect(msg({ ...base, device: 'text', rate: '500.5', columns: 'PF:emg:uV:1:0' })).toMatch(/^--rate "500.5": a whole number of Hz/);
    expect(msg({ ...base, device: 'text', rate: '0', columns: 'PF:emg:uV:1:0' })).toMatch(/^--rate "0"/);
    expect(msg({ ...base, device: 'll1', columns: 'PF:emg:uV:1:0' })).toBe('--columns goes with --device text');
    expect(msg({ ...base, out: 'x.bdf', device: 'cyton', rate: '500' })).toBe('--rate goes with --device text or bitalino (a Cyton always streams at 250 Hz)');
    expect(msg({ ...base, device: 'bitalino', rate: '500' })).toBe('--rate 500: a BITalino runs at 1, 10, 100, 1000 Hz');
    expect(msg({ ...base, device: 'usb' })).toBe('--device "usb": use one of auto, ll1, cyton, bitalino, text');
    expect(msg({ ...base, port: 'demo:emg', device: 'cyton', out: 'x.bdf' })).toMatch(/demo sensor \(LL1\)/);
    const ok = parseRecordArgs({ ...base, device: 'text', rate: '500', columns: 'PF:emg:uV:3.2227:512', seconds: '2.5' });
    expect(ok).toMatchObject({ ok: true, value: { device: 'text', rateHz: 500, seconds: 2.5, baud: null, columns: [{ label: 'PF', offset: 512 }] } });
    expect(parseRecordArgs(base)).toMatchObject({ ok: true, value: { device: 'auto', seconds: null } });
  });

  it('refuses an --out whose extension does not fit the device, naming the right one', () => {
    expect(msg({ ...base, device: 'cyton', out: '/data/s1.edf' })).toBe('an OpenBCI Cyton (24-bit samples) is recorded as BDF+, so --out must end in .bdf: use --out /data/s1.bdf');
    expect(msg({ ...base, device: 'bitalino', out: 's1.BDF' })).toBe('a BITalino (10-bit samples) is recorded as EDF+, so --out must end in .edf: use --out s1.edf');
    expect(msg({ ...base, device: 'text', rate: '500', columns: 'PF:emg:uV:1:0', out: 'notes.txt' })).toBe('--out notes.txt: the file name must end in .edf or .bdf');
    expect(parseRecordArgs({ ...base, device: 'cyton', out: 's1.bdf' }).ok).toBe(true);
    expect(extensionProblem('a/b.edf', 'EDF', 'x')).toBeNull();
    expect(extensionProblem('a/b.edf', 'BDF', 'this stream')).toBe('this stream is recorded as BDF+, so --out must end in .bdf: use --out a/b.bdf');
  });

  it('checks --seconds and --baud', () => {
    expect(msg({ ...base, seconds: '0' })).toMatch(/^--seconds must be a number of seconds above 0/);
    expect(msg({ ...base, seconds: '1e9' })).toMatch(/^--seconds/);
    expect(msg({ ...base, seconds: 'ten' })).toMatch(/^--seconds/);
    expect(msg({ ...base, baud: '300' })).toBe('--baud must be an integer 1200..4000000');
  });
});
