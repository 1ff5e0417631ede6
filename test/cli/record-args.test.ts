// `loslaten record` options: device names, text-stream rate and columns with clear messages, and the file extension a
// device needs (refused naming the right one) — all before any port is opened.
import { describe, expect, it } from 'vitest';
import { expectedHeader } from '../../devices/registry.ts';
import { extensionProblem, parseColumns, parseRecordArgs } from '../../cli/record-args.ts';
import { fitsEdf } from '../../sessions/edf-layout.ts';

const base = { port: '/dev/ttyUSB0', out: 'x.edf' };
const msg = (v: Record<string, string>): string => { const r = parseRecordArgs(v); if (r.ok) throw new Error(`accepted ${JSON.stringify(v)}`); return r.message; };

describe('record options', () => {
  it('parses the issue example of text columns; .edf keeps 16 bits around the offset, .bdf 24', () => {
    const r = parseColumns('PF:emg:uV:3.2227:512,P:pressure:mmHg:0.25:100');
    expect(r).toEqual({ ok: true, value: [
      { label: 'PF', kind: 'emg', unit: 'uV', scale: 3.2227, offset: 512, decimals: 0, min: 512 - 32768, max: 512 + 32767 },
      { label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.25, offset: 100, decimals: 0, min: 100 - 32768, max: 100 + 32767 },
    ] });
    const wide = parseColumns('W:pressure:mmHg:0.001:0', 'BDF');
    expect(wide).toMatchObject({ ok: true, value: [{ min: -8388608, max: 8388607 }] });
    // The offset's decimals are kept (values printed as 1.25 with offset 0.00 are exact hundredths).
    expect(parseColumns('P:pressure:cmH2O:1:0.00')).toMatchObject({ ok: true, value: [{ decimals: 2, min: -327.68, max: 327.67 }] });
    // A large scale narrows the range to what the 8-character header fields can hold (99999999 µV).
    expect(parseColumns('ENV:envelope:uV:4882.8:0')).toMatchObject({ ok: true, value: [{ kind: 'envelope', min: -2048, max: 20480 }] });
  });

  it('refuses bad columns naming the column and the part', () => {
    const m = (spec: string) => { const r = parseColumns(spec); return r.ok ? 'accepted' : r.message; };
    expect(m('PF:emg:uV:3.2')).toBe('--columns: column 1 (PF:emg:uV:3.2): needs 5 parts label:kind:unit:scale:offset, got 4');
    expect(m('PF:emg:uV:1:0,X:raw:uV:1:0')).toBe('--columns: column X: kind must be emg, envelope or pressure');
    expect(m('P:pressure:uV:1:0')).toBe('--columns: column P: pressure needs a pressure unit');
    expect(m('PF:emg:mmHg:1:0')).toBe('--columns: column PF: emg is in uV');
    expect(m('PF:emg:mV:1:0')).toBe('--columns: column PF: unit must be one of uV, mmHg, cmH2O, hPa');
    expect(m('PF:emg:uV:0:0')).toBe('--columns: column PF: scale must be > 0');
    expect(m('PF:emg:uV:-2:0')).toBe('--columns: column PF: scale must be > 0');
    expect(m('PF:emg:uV:1:abc')).toBe('--columns: column 1 (PF:emg:uV:1:abc): scale and offset must be numbers such as 3.2227 and 512');
    expect(m('PF:emg:uV:1:0,PF:emg:uV:1:0')).toMatch(/^--columns: column label "PF".*each once$/);
    expect(m(':emg:uV:1:0')).toMatch(/^--columns: column label ""/);
    expect(m('')).toBe('--columns: 1–16 columns');
    expect(m(Array.from({ length: 17 }, (_, i) => `C${i}:emg:uV:1:0`).join(','))).toBe('--columns: 1–16 columns');
  });

  it('text needs --rate and --columns; other devices refuse them', () => {
    expect(msg({ ...base, device: 'text', columns: 'PF:emg:uV:1:0' })).toMatch(/^--device text needs --rate <Hz>/);
    expect(msg({ ...base, device: 'text', rate: '500' })).toMatch(/^--device text needs --columns label:kind:unit:scale:offset/);
    expect(msg({ ...base, device: 'text', rate: '500.5', columns: 'PF:emg:uV:1:0' })).toMatch(/^--rate "500.5": a whole number of Hz, 1..4000/);
    expect(msg({ ...base, device: 'text', rate: '0', columns: 'PF:emg:uV:1:0' })).toMatch(/^--rate "0"/);
    expect(msg({ ...base, device: 'll1', columns: 'PF:emg:uV:1:0' })).toBe('--columns goes with --device text');
    expect(msg({ ...base, out: 'x.bdf', device: 'cyton', rate: '500' })).toBe('--rate goes with --device text or bitalino (a Cyton always streams at 250 Hz)');
    expect(msg({ ...base, device: 'bitalino', rate: '500' })).toBe('--rate 500: a BITalino runs at 1, 10, 100, 1000 Hz');
    expect(msg({ ...base, device: 'usb' })).toBe('--device "usb": use one of auto, ll1, cyton, bitalino, text');
    expect(msg({ ...base, port: 'demo:emg', device: 'cyton', out: 'x.bdf' })).toMatch(/demo sensor \(LL1\)/);
    const ok = parseRecordArgs({ ...base, device: 'text', rate: '500', columns: 'PF:emg:uV:3.2227:512', seconds: '2.5' });
    expect(ok).toMatchObject({ ok: true, value: { device: 'text', seconds: 2.5, baud: null, settings: { driver: 'text', rateHz: 500, columns: [{ label: 'PF', offset: 512 }] } } });
    expect(parseRecordArgs({ ...base, device: 'bitalino', rate: '100' })).toMatchObject({ ok: true, value: { settings: { driver: 'bitalino', rateHz: 100 } } });
    expect(parseRecordArgs(base)).toMatchObject({ ok: true, value: { device: 'll1', settings: { driver: 'll1' }, seconds: null } });
    expect(parseRecordArgs({ ...base, device: 'auto' })).toMatchObject({ ok: true, value: { device: 'auto', settings: null, textIfFound: null } });
    expect(parseRecordArgs({ ...base, device: 'auto', rate: '500', columns: 'PF:emg:uV:1:0' })).toMatchObject({ ok: true, value: { settings: null, textIfFound: { driver: 'text', rateHz: 500 } } });
    expect(msg({ ...base, device: 'auto', rate: '500' })).toBe('--device auto takes --rate and --columns together (used if the device turns out to be a text stream)');
  });

  it('refuses an --out whose extension does not fit the device, naming the right one', () => {
    expect(msg({ ...base, device: 'cyton', out: '/data/s1.edf' })).toBe('an OpenBCI Cyton (24-bit samples) is recorded as BDF+, so --out must end in .bdf: use --out /data/s1.bdf');
    expect(msg({ ...base, device: 'bitalino', out: 's1.BDF' })).toBe('a BITalino (10-bit samples) is recorded as EDF+, so --out must end in .edf: use --out s1.edf');
    expect(msg({ ...base, device: 'text', rate: '500', columns: 'PF:emg:uV:1:0', out: 'notes.txt' })).toBe('--out notes.txt: the file name must end in .edf or .bdf');
    // A big scale leaves no room for 24 bits in the header: such a text stream is EDF+ whatever was asked.
    expect(msg({ ...base, device: 'text', rate: '500', columns: 'ENV:envelope:uV:4882.8:0', out: 'env.bdf' })).toBe('this text stream is recorded as EDF+, so --out must end in .edf: use --out env.edf');
    const cyton = parseRecordArgs({ ...base, device: 'cyton', out: 's1.bdf' });
    expect(cyton.ok && cyton.value.settings).toMatchObject({ driver: 'cyton' });
    // The format follows the channels' resolution: what the recorder will write is what the extension says.
    for (const [dev, out, extra] of [['cyton', 'a.bdf', {}], ['bitalino', 'a.edf', {}], ['text', 'a.edf', { rate: '500', columns: 'PF:emg:uV:3.2227:512' }], ['text', 'a.bdf', { rate: '80', columns: 'W:pressure:mmHg:0.001:0' }]] as const) {
      const r = parseRecordArgs({ ...base, device: dev, out, ...extra });
      if (!r.ok) throw new Error(r.message);
      expect(fitsEdf(expectedHeader(r.value.settings!)!) ? '.edf' : '.bdf').toBe(out.slice(1));
    }
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
