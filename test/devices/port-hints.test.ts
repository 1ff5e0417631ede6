// Port hints from USB ids and names; the probes' bytes; recognising a device from what it sends unasked.
import { describe, expect, it } from 'vitest';
import { guessPort } from '../../devices/port-hints.ts';
import { classifyListened, probeFor } from '../../devices/probes.ts';
import { BitalinoEmulator, CytonEmulator, TextEmulator } from '../../devices/emulators.ts';
import { encodeHeader, encodeSample } from '../../firmware-protocol/codec.ts';

describe('port hints', () => {
  it('FTDI → OpenBCI dongle, Arduino/CH340/CP210x → text or LL1, Bluetooth → BITalino, else nothing; all drivers offered', () => {
    expect(guessPort({ path: '/dev/ttyUSB0', vendorId: '0403', productId: '6015' })).toEqual({ hint: 'cyton', drivers: ['cyton', 'll1', 'bitalino', 'text'] });
    expect(guessPort({ path: 'COM4', vendorId: '0403', productId: '6001' }).hint).toBe('cyton');
    expect(guessPort({ path: '/dev/ttyACM0', vendorId: '2341', productId: '0043' })).toEqual({ hint: 'arduino', drivers: ['text', 'll1', 'cyton', 'bitalino'] });
    expect(guessPort({ path: '/dev/ttyACM0', vendorId: '2A03', productId: '0043' }).hint).toBe('arduino');
    expect(guessPort({ path: '/dev/ttyUSB1', vendorId: '1a86', productId: '7523' }).hint).toBe('usb-serial');
    expect(guessPort({ path: '/dev/ttyUSB1', vendorId: '10c4', productId: 'ea60' }).hint).toBe('usb-serial');
    expect(guessPort({ path: '/dev/rfcomm0' }).drivers[0]).toBe('bitalino');
    expect(guessPort({ path: 'COM7', friendlyName: 'Standard Serial over Bluetooth link (COM7)' }).hint).toBe('bitalino');
    expect(guessPort({ path: '/dev/ttyS0' })).toEqual({ hint: null, drivers: ['ll1', 'cyton', 'bitalino', 'text'] });
  });
});

describe('probes', () => {
  it('send only the documented bytes, one probe per hint, none without a hint', () => {
    const bytes = (h: Parameters<typeof probeFor>[0]) => { const p = probeFor(h); return p ? [String.fromCharCode(...p.send), String.fromCharCode(...p.after), p.answerMeans] : null; };
    expect(bytes('cyton')).toEqual(['v', 's', 'cyton']);
    expect(bytes('bitalino')).toEqual(['\x07', '', 'bitalino']);
    expect(bytes('arduino')).toEqual(['INFO\n', '', 'll1']);
    expect(bytes('usb-serial')).toEqual(['INFO\n', '', 'll1']);
    expect(bytes(null)).toBeNull();
    // No probe for a port that may hold a Cyton contains a Cyton SD-card letter (A, S, F, G…) or starts a stream (b).
    expect(String.fromCharCode(...probeFor('cyton')!.send, ...probeFor('cyton')!.after)).not.toMatch(/[ASFGHJKLb]/);
  });

  it('recognise each device from what it sends unasked, and nothing from noise or silence', () => {
    const cy = new CytonEmulator();
    expect(classifyListened(cy.produce(50)!)).toBe('cyton');
    const bi = new BitalinoEmulator();
    bi.receive(Uint8Array.of(0xc3, (3 << 2) | 1));
    expect(classifyListened(bi.produce(200)!)).toBe('bitalino');
    expect(classifyListened(new TextEmulator(500, 2).produce(20)!)).toBe('text');
    const ll1 = [encodeHeader({ rateHz: 100, channels: [{ label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: 0, rawMax: 30000 }] }), encodeSample(0, [5]), encodeSample(1, [6]), encodeSample(2, [7])].join('\n') + '\n';
    expect(classifyListened(Uint8Array.from(ll1, (c) => c.charCodeAt(0)))).toBe('ll1');
    expect(classifyListened(new Uint8Array(0))).toBeNull();
    const noise = new Uint8Array(4000);
    let s = 9;
    for (let i = 0; i < noise.length; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; noise[i] = s >>> 24; }
    expect(classifyListened(noise)).toBeNull();
  });
});
