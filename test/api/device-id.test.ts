// Device ids parse into one type; the contract accepts exactly the ids that parse.
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../api/contract.ts';
import { formatDeviceId, parseDeviceId, serialDeviceId, serialPathOf } from '../../api/device-id.ts';

describe('device ids', () => {
  it('parses demo sensors and serial ports, and round-trips', () => {
    expect(parseDeviceId('demo:emg')).toEqual({ kind: 'demo', sensor: 'emg' });
    expect(parseDeviceId('serial:/dev/ttyACM0')).toEqual({ kind: 'serial', path: '/dev/ttyACM0' });
    expect(parseDeviceId('serial:COM3')).toEqual({ kind: 'serial', path: 'COM3' });
    for (const id of ['demo:pressure', 'serial:/dev/serial/by-id/usb-FTDI:x', serialDeviceId('/dev/tty.usbserial-DM01')]) {
      expect(formatDeviceId(parseDeviceId(id)!)).toBe(id);
    }
    expect(serialPathOf('serial:/dev/ttyUSB0')).toBe('/dev/ttyUSB0');
    expect(serialPathOf('demo:emg')).toBeNull();
  });

  it('refuses what is not a device id, here and at the contract', () => {
    for (const bad of ['', 'serial:', 'demo:eeg', 'usb:/dev/x', 'serial:/dev/tty\0x', '/dev/ttyACM0']) {
      expect(parseDeviceId(bad), JSON.stringify(bad)).toBeNull();
      const v = validateRequest('connect', { deviceId: bad });
      expect(v.ok, JSON.stringify(bad)).toBe(false);
    }
    expect(validateRequest('connect', { deviceId: 'serial:/dev/ttyACM0' }).ok).toBe(true);
  });
});
