// Which driver a connection uses and with what settings: one validated shape (stored per profile), one factory.
import { z } from 'zod';
import { STREAM_CHANNEL_KINDS, WIRE_UNITS } from '../firmware-protocol/codec.ts';
import { BitalinoDriver, BITALINO_DEFAULTS, BITALINO_DESCRIPTION, bitalinoHeader, type BitalinoSettings } from './bitalino.ts';
import { CytonDriver, CYTON_DEFAULT_CHANNELS, CYTON_DESCRIPTION, cytonHeader, type CytonChannelSetting } from './cyton.ts';
import type { DeviceDriver, DriverDescription, DriverHandlers, DriverId, StreamHeader } from './driver.ts';
import { Ll1Driver, LL1_DESCRIPTION } from './ll1.ts';
import { TextStreamDriver, TEXT_DESCRIPTION, TEXT_MAX_COLUMNS, TEXT_MAX_DECIMALS, TEXT_MAX_RATE_HZ, TEXT_MIN_RATE_HZ, textHeader, textSettingsProblem, type TextStreamSettings } from './text-stream.ts';

export const DRIVER_DESCRIPTIONS: Readonly<Record<DriverId, DriverDescription>> = {
  ll1: LL1_DESCRIPTION, cyton: CYTON_DESCRIPTION, bitalino: BITALINO_DESCRIPTION, text: TEXT_DESCRIPTION,
};

const label = z.string().regex(/^[A-Za-z0-9_.-]{1,16}$/, '1–16 of A–Z a–z 0–9 _ . -');
const role = z.enum(['pelvic-floor', 'abdominal', 'unused']);

const textColumn = z.object({
  label,
  kind: z.enum(STREAM_CHANNEL_KINDS),
  unit: z.enum(WIRE_UNITS),
  scale: z.number().positive().finite(),
  offset: z.number().finite(),
  decimals: z.number().int().min(0).max(TEXT_MAX_DECIMALS).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
}).strict();

/** A device's settings as stored per profile and sent by the UI and the CLI. Validated at every boundary. */
export const deviceSettingsSchema = z.discriminatedUnion('driver', [
  z.object({ driver: z.literal('ll1') }).strict(),
  z.object({
    driver: z.literal('cyton'),
    /** Inputs 1–8 in order: role and optional name (all 8 are recorded). */
    channels: z.array(z.object({ role, name: label.optional() }).strict()).length(8).readonly(),
  }).strict(),
  z.object({
    driver: z.literal('bitalino'),
    rateHz: z.union([z.literal(1), z.literal(10), z.literal(100), z.literal(1000)]),
    channels: z.array(z.object({ input: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]), role, name: label.optional() }).strict()).min(1).max(6).readonly(),
  }).strict(),
  z.object({
    driver: z.literal('text'),
    rateHz: z.number().min(TEXT_MIN_RATE_HZ).max(TEXT_MAX_RATE_HZ),
    columns: z.array(textColumn).min(1).max(TEXT_MAX_COLUMNS).readonly(),
  }).strict().superRefine((s, ctx) => {
    const p = textSettingsProblem(s as TextStreamSettings);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  }),
]);

export type DeviceSettings =
  | { readonly driver: 'll1' }
  | { readonly driver: 'cyton'; readonly channels: readonly CytonChannelSetting[] }
  | ({ readonly driver: 'bitalino' } & BitalinoSettings)
  | ({ readonly driver: 'text' } & TextStreamSettings);

/** Settings a driver starts with when the user has chosen nothing yet. */
export function defaultDeviceSettings(driver: DriverId): DeviceSettings {
  switch (driver) {
    case 'll1': return { driver };
    case 'cyton': return { driver, channels: CYTON_DEFAULT_CHANNELS };
    case 'bitalino': return { driver, ...BITALINO_DEFAULTS };
    case 'text': return { driver, rateHz: 500, columns: [{ label: 'EMG', kind: 'emg', unit: 'uV', scale: 1, offset: 0 }] };
  }
}

/**
 * A driver for these settings (validated by the caller through {@link deviceSettingsSchema}). `streamIdBase`: its
 * streams are numbered after this one (the link passes the last driver's id, so ids keep rising across connections).
 */
export function createDriver(s: DeviceSettings, handlers: DriverHandlers, o: { maxBatchSamples?: number; streamIdBase?: number } = {}): DeviceDriver {
  const max = o.maxBatchSamples ?? 4096;
  const base = o.streamIdBase ?? 0;
  switch (s.driver) {
    case 'll1': return new Ll1Driver(handlers, { maxBatchSamples: max, streamIdBase: base });
    case 'cyton': return new CytonDriver(handlers, s.channels, max, base);
    case 'bitalino': return new BitalinoDriver(handlers, s, max, base);
    case 'text': return new TextStreamDriver(handlers, s, max, base);
  }
}

/** The stream a driver will announce for these settings, before connecting (null for LL1: the device says). */
export function expectedHeader(s: DeviceSettings): StreamHeader | null {
  switch (s.driver) {
    case 'll1': return null;
    case 'cyton': return cytonHeader(s.channels);
    case 'bitalino': return bitalinoHeader(s);
    case 'text': return textHeader(s);
  }
}
