// The one renderer ⇄ core contract: command names, request schemas, result and status types, error kinds.
import { z } from 'zod';
import type { DeviceIdent, StreamHeader } from '../firmware-protocol/codec.ts';
import type { DecoderCounters } from '../firmware-protocol/decoder.ts';

/** Bumped when a message shape changes incompatibly. */
export const API_VERSION = 1;

/** Device ids of the built-in simulated sensors; serial ports use `serial:<path>`. */
export const DEMO_DEVICE_IDS = ['demo:emg', 'demo:pressure'] as const;
export type DemoDeviceId = (typeof DEMO_DEVICE_IDS)[number];

/** Default serial speed in baud (the USB CDC devices ignore it; UART bridges need it). */
export const DEFAULT_BAUD_RATE = 921600;

const deviceId = z.string().min(1).max(512).regex(/^(demo:(emg|pressure)|serial:[^\0]+)$/, 'unknown device id');

/** Request schemas, one per command. Every request is validated by the core before it acts. */
export const commandSchemas = {
  listDevices: z.object({}).strict(),
  connect: z.object({
    deviceId,
    /** Serial speed in baud, default 921600. */
    baudRate: z.number().int().min(1200).max(4_000_000).optional(),
  }).strict(),
  disconnect: z.object({}).strict(),
  /** Pressure tare: sent to the device as `ZERO`. */
  zero: z.object({}).strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;
export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];
export type CommandRequest<K extends CommandName> = z.infer<(typeof commandSchemas)[K]>;

export interface DeviceInfo {
  /** `demo:emg`, `demo:pressure` or `serial:<path>`. */
  readonly id: string;
  readonly kind: 'demo' | 'serial';
  /** Port path for serial devices (e.g. /dev/ttyACM0, COM3). */
  readonly path: string | null;
  readonly manufacturer: string | null;
  readonly serialNumber: string | null;
  readonly vendorId: string | null;
  readonly productId: string | null;
}

/** Errors are values with a `kind`; the renderer's message catalogue turns them into the user's language. */
export type AppError =
  | { readonly kind: 'no-such-port'; readonly path: string }
  | { readonly kind: 'port-busy'; readonly path: string }
  | { readonly kind: 'permission-denied'; readonly path: string }
  | { readonly kind: 'device-silent'; readonly path: string; readonly waitedMs: number }
  | { readonly kind: 'not-ll1'; readonly path: string; readonly rejectedLines: number }
  | { readonly kind: 'port-error'; readonly path: string; readonly detail: string }
  | { readonly kind: 'not-connected' }
  | { readonly kind: 'invalid-request'; readonly command: string; readonly detail: string }
  | { readonly kind: 'unknown-command'; readonly command: string }
  | { readonly kind: 'internal'; readonly detail: string };

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export interface CommandResults {
  listDevices: readonly DeviceInfo[];
  connect: { readonly deviceId: string };
  disconnect: null;
  zero: null;
}

export const LINK_STATES = ['idle', 'connecting', 'streaming', 'stalled', 'reconnecting', 'lost', 'error'] as const;
/** idle: nothing chosen · connecting: opening/handshake · streaming · stalled: open but silent > 1 s ·
 * reconnecting: port vanished, waiting for it to return · lost: gave up · error: could not connect. */
export type LinkState = (typeof LINK_STATES)[number];

/** Low-rate status (on change and at most ~4 times a second), never sample data. */
export interface LinkStatus {
  readonly state: LinkState;
  readonly deviceId: string | null;
  readonly error: AppError | null;
  readonly ident: DeviceIdent | null;
  readonly header: StreamHeader | null;
  readonly streamId: number;
  readonly counters: DecoderCounters;
  /** Latest device events, newest last (lead-off, battery, …), at most 20. */
  readonly events: readonly { readonly name: string; readonly args: readonly string[]; readonly sampleIndex: number }[];
}

/** What every transport gives the renderer: named verbs plus two subscription lanes. */
export interface LoslatenApi {
  listDevices(): Promise<Result<CommandResults['listDevices']>>;
  connect(req: CommandRequest<'connect'>): Promise<Result<CommandResults['connect']>>;
  disconnect(): Promise<Result<null>>;
  zero(): Promise<Result<null>>;
  /** Binary sample frames (see batch-frame.ts), ~30–60 per second. Returns an unsubscribe function. */
  onBatch(cb: (frame: ArrayBuffer) => void): () => void;
  onStatus(cb: (status: LinkStatus) => void): () => void;
  /**
   * WebSocket transport only: a URL for a second socket that carries the sample frames (and status, for ordering),
   * so a worker can take them in while the page paints. When present, `onBatch` receives nothing.
   */
  frameLaneUrl?(): string;
}

/** Validates a command request; the error names the command and the first problem. */
export function validateRequest(command: string, req: unknown): Result<{ command: CommandName; req: unknown }> {
  if (!Object.hasOwn(commandSchemas, command)) return { ok: false, error: { kind: 'unknown-command', command: String(command).slice(0, 64) } };
  const name = command as CommandName;
  const parsed = commandSchemas[name].safeParse(req ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'invalid';
    return { ok: false, error: { kind: 'invalid-request', command: name, detail } };
  }
  return { ok: true, value: { command: name, req: parsed.data } };
}

/** Builds the named verbs from one generic call function (used by both transports). */
export function verbsFrom(call: (command: CommandName, req: object) => Promise<Result<unknown>>): Pick<LoslatenApi, 'listDevices' | 'connect' | 'disconnect' | 'zero'> {
  return {
    listDevices: () => call('listDevices', {}) as Promise<Result<CommandResults['listDevices']>>,
    connect: (req) => call('connect', req) as Promise<Result<CommandResults['connect']>>,
    disconnect: () => call('disconnect', {}) as Promise<Result<null>>,
    zero: () => call('zero', {}) as Promise<Result<null>>,
  };
}
