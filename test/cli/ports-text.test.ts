// `loslaten ports` says what each port probably is and which --device to try (from the USB ids and names).
import { describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../api/contract.ts';
import { formatPorts } from '../../cli/ports-text.ts';
import { guessPort } from '../../devices/port-hints.ts';

function port(path: string, vendorId: string | null, productId: string | null, manufacturer: string | null = null): DeviceInfo {
  return { id: `serial:${path}`, kind: 'serial', path, manufacturer, serialNumber: null, vendorId, productId, guess: guessPort({ path, manufacturer, vendorId, productId }) };
}

describe('ports as text', () => {
  it('names the probable device and the driver to try, per port', () => {
    const text = formatPorts([
      port('/dev/ttyUSB0', '0403', '6015', 'FTDI'),
      port('/dev/ttyACM0', '2341', '0043', 'Arduino (www.arduino.cc)'),
      port('/dev/ttyUSB1', '1a86', '7523'),
      port('/dev/rfcomm0', null, null),
      port('/dev/ttyS0', null, null),
      { id: 'demo:emg', kind: 'demo', path: null, manufacturer: 'Loslaten', serialNumber: null, vendorId: null, productId: null },
    ]);
    expect(text.split('\n')).toEqual([
      '/dev/ttyUSB0\tprobably an OpenBCI Cyton (FTDI dongle)\t--device cyton\tFTDI  0403:6015',
      '/dev/ttyACM0\tprobably an Arduino (a text stream or an LL1 sensor)\t--device text|ll1\tArduino (www.arduino.cc)  2341:0043',
      '/dev/ttyUSB1\tprobably a USB serial adapter (a text stream or an LL1 sensor)\t--device text|ll1\t1a86:7523',
      '/dev/rfcomm0\tprobably a BITalino (Bluetooth serial port)\t--device bitalino',
      '/dev/ttyS0\tunknown device\t--device auto',
      'demo:emg\tbuilt-in Demo sensor (LL1)\t--port demo:emg',
    ]);
  });
});
