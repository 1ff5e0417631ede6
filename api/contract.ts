// The one renderer ⇄ core contract: command names, request schemas, result and status types, error kinds.
import { z } from 'zod';
import { ID_PATTERN, idSchema } from './id-schema.ts';
import { parseDeviceId } from './device-id.ts';
import type { ShellEventOf, ShellEventType } from './shell-events.ts';
import type { DeviceIdent, StreamHeader } from '../firmware-protocol/codec.ts';
import type { DeviceCounters, DriverId } from '../devices/driver.ts';
import { deviceSettingsSchema } from '../devices/registry.ts';
import type { PortGuess } from '../devices/port-hints.ts';
import { PHASE_KINDS, PHASE_TARGETS } from '../training/protocols.ts';
import { calibrationSchema, targetsSchema } from './profile-data.ts';
import { settingsCommandSchemas, type PatientRecord, type SettingsReply } from './settings.ts';
import { reviewCommandSchemas, type ReviewCommandResults } from './review-types.ts';
import { queueCommandSchemas, type QueueReply } from './queue.ts';

/** Bumped when a message shape changes incompatibly. */
export const API_VERSION = 1;

/** Device ids of the built-in simulated sensors; serial ports use `serial:<path>`. */
export const DEMO_DEVICE_IDS = ['demo:emg', 'demo:pressure'] as const;
export type DemoDeviceId = (typeof DEMO_DEVICE_IDS)[number];

/** Default serial speed in baud (the USB CDC devices ignore it; UART bridges need it). */
export const DEFAULT_BAUD_RATE = 921600;

/** Profile (patient) and session ids: safe folder names. */
const profileId = idSchema;
const sessionId = z.string().regex(ID_PATTERN, 'not a session id');
/** Settings stored with a session (targets, calibration, DSP): any JSON up to 16 KiB. */
const jsonBlob = z.unknown().refine((v) => { try { return JSON.stringify(v).length <= 16_384; } catch { return false; } }, 'must be JSON of at most 16 KiB');

const deviceId = z.string().min(1).max(512).refine((id) => parseDeviceId(id) !== null, 'unknown device id');

/** Request schemas, one per command. Every request is validated by the core before it acts. */
export const commandSchemas = {
  listDevices: z.object({}).strict(),
  connect: z.object({
    deviceId,
    /** Serial speed in baud; default the driver's (921600 for LL1, 115200 for Cyton, BITalino and text streams). */
    baudRate: z.number().int().min(1200).max(4_000_000).optional(),
    /** Which driver and its settings (devices/registry.ts); default LL1. The Demo sensor always speaks LL1. */
    device: deviceSettingsSchema.optional(),
  }).strict(),
  disconnect: z.object({}).strict(),
  /** Pressure tare: sent to the device as `ZERO`. */
  zero: z.object({}).strict(),
  /** Starts recording the live stream into a new session of the profile (EDF+, raw device values). */
  startRecording: z.object({
    profileId,
    title: z.string().max(200).optional(),
    /** The exercise recorded: its id, name and (for the analysis) each phase's id, kind and target as it ran. */
    protocol: z.object({
      id: z.string().min(1).max(64), name: z.string().max(200),
      phases: z.array(z.object({ id: z.string().min(1).max(64), kind: z.enum(PHASE_KINDS), target: z.enum(PHASE_TARGETS) }).strict()).max(2000).optional(),
    }).strict().optional(),
    /** The feedback targets and calibration in force (api/profile-data.ts schemas: checked here, not re-parsed later). */
    targets: targetsSchema.optional(),
    calibration: calibrationSchema.optional(),
    dsp: jsonBlob.optional(),
  }).strict(),
  stopRecording: z.object({}).strict(),
  /**
   * What the running exercise asks now (let go, squeeze, breathe with the guide), for the Demo sensor's simulated
   * patient to follow; ignored for real sensors. `cue: null` hands the Demo patient back to its own script.
   */
  demoFollow: z.object({
    cue: z.object({
      target: z.enum(['relax', 'contract', 'none']),
      kind: z.enum(PHASE_KINDS).nullable(),
      pacer: z.object({
        inhaleS: z.number().min(0).max(60), holdInS: z.number().min(0).max(60), exhaleS: z.number().min(0).max(60), holdOutS: z.number().min(0).max(60),
        elapsedS: z.number().min(0).max(1e7),
      }).strict().nullable(),
    }).strict().nullable(),
  }).strict(),
  /**
   * An annotation in the recording: a therapist marker, a protocol phase start/end or a pacer phase. `sampleIndex`
   * is the position on the live stream's sample clock (default: now); `streamId` guards against a stream change.
   */
  annotate: z.object({
    kind: z.enum(['marker', 'phase-start', 'phase-end', 'pacer']),
    text: z.string().min(1).max(200),
    sampleIndex: z.number().int().min(0).max(2 ** 40).optional(),
    streamId: z.number().int().min(0).optional(),
  }).strict(),
  listProfiles: z.object({}).strict(),
  listSessions: z.object({ profileId: profileId.optional() }).strict(),
  /** Overview (min/max per column) and annotations of a recorded session. */
  openSession: z.object({ profileId, sessionId, columns: z.number().int().min(50).max(8000).default(2000) }).strict(),
  /** Physical values of a time window, min/max-decimated to at most `maxPoints` columns. */
  readSessionWindow: z.object({
    profileId, sessionId,
    startS: z.number().min(0).max(1e7), endS: z.number().min(0).max(1e7),
    maxPoints: z.number().int().min(10).max(20000).default(4000),
    /** `envelope`: EMG channels as their RMS envelope (µV RMS, the unit of every metric and target); `raw`: as recorded. */
    signal: z.enum(['raw', 'envelope']).default('raw'),
  }).strict(),
  renameSession: z.object({ profileId, sessionId, title: z.string().max(200) }).strict(),
  addSessionNote: z.object({ profileId, sessionId, text: z.string().min(1).max(10_000) }).strict(),
  /** Deletes a session; `confirmSessionId` must repeat the id (a deliberate second step). */
  deleteSession: z.object({ profileId, sessionId, confirmSessionId: sessionId }).strict(),
  /** Writes the session's CSV (samples + annotations) next to it in the data folder; returns the paths. */
  exportSessionCsv: z.object({ profileId, sessionId }).strict(),
  /** Settings (app-wide + per profile) and patients: see api/settings.ts. */
  ...settingsCommandSchemas,
  /** Review: analysis, trends, import by path, report: see api/review-types.ts. */
  ...reviewCommandSchemas,
  /** Therapist's queue for the day: see api/queue.ts. */
  ...queueCommandSchemas,
} as const;

export type CommandName = keyof typeof commandSchemas;
export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];
export type CommandRequest<K extends CommandName> = z.infer<(typeof commandSchemas)[K]>;
/** What a caller sends (defaults not yet applied). */
export type CommandInput<K extends CommandName> = z.input<(typeof commandSchemas)[K]>;
/**
 * The core's handler of command `K`: a validated request in, the contract's result for `K` out. Typed both ways, so a
 * handler returning the wrong shape fails `tsc` (see test/api/contract-types.test.ts).
 */
export type CommandHandler<K extends CommandName> = (req: CommandRequest<K>) => Promise<Result<CommandResults[K]>>;

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
  /** What the port probably is (USB ids, name) and the drivers to offer, most likely first (devices/port-hints.ts). */
  readonly guess?: PortGuess;
}

/** Errors are values with a `kind`; the renderer's message catalogue turns them into the user's language. */
export type AppError =
  | { readonly kind: 'no-such-port'; readonly path: string }
  | { readonly kind: 'port-busy'; readonly path: string }
  | { readonly kind: 'permission-denied'; readonly path: string }
  | { readonly kind: 'device-silent'; readonly path: string; readonly waitedMs: number }
  | { readonly kind: 'not-ll1'; readonly path: string; readonly rejectedLines: number }
  /** The device answered, but not as the chosen driver's device does (`badFrames` frames it could not read). */
  | { readonly kind: 'wrong-device'; readonly path: string; readonly driver: DriverId; readonly badFrames: number }
  | { readonly kind: 'port-error'; readonly path: string; readonly detail: string }
  | { readonly kind: 'not-connected' }
  | { readonly kind: 'invalid-request'; readonly command: string; readonly detail: string }
  | { readonly kind: 'unknown-command'; readonly command: string }
  | { readonly kind: 'internal'; readonly detail: string }
  | { readonly kind: 'forbidden'; readonly reason: 'untrusted-sender' }
  | { readonly kind: 'not-streaming' }
  | { readonly kind: 'already-recording' }
  | { readonly kind: 'not-recording' }
  | { readonly kind: 'stream-mismatch' }
  | { readonly kind: 'recording-failed'; readonly reason: 'disk-full' | 'write-error' | 'stream-changed' | 'unsupported-stream'; readonly path: string; readonly detail: string }
  | { readonly kind: 'session-not-found'; readonly id: string }
  | { readonly kind: 'bad-id'; readonly id: string }
  | { readonly kind: 'file-error'; readonly problem: string; readonly path: string; readonly detail: string }
  /** The user closed a file dialog without choosing (desktop app); nothing happened. */
  | { readonly kind: 'cancelled' }
  /** Save as PDF failed: rendering the report, or writing the file (disk full, no permission, other). */
  | { readonly kind: 'report-pdf-failed'; readonly reason: 'render-failed' | 'disk-full' | 'no-permission' | 'write-failed'; readonly path: string; readonly detail: string };

/** Every fallible call's answer, in every layer: a value, or an error value (`kind` + fields; AppError at the API). */
export type Result<T, E = AppError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** One session in the library list. */
export interface SessionSummary {
  readonly id: string;
  readonly profileId: string;
  readonly title: string;
  /** ISO 8601 time of the first sample. */
  readonly startedAt: string;
  readonly durationS: number;
  readonly protocol: string | null;
  readonly status: string;
  readonly lost: number;
  readonly rejected: number;
  readonly notes: number;
  /** Set when the session's metadata was oversized or damaged and was repaired on reading (history dropped, or rebuilt). */
  readonly repaired?: string;
}

export interface SessionAnnotation { readonly onsetS: number; readonly durationS: number | null; readonly text: string; readonly kind: string }

/** Review data of one session. Values are physical, in each channel's unit. */
export interface SessionOverview {
  readonly session: SessionSummary;
  readonly sidecar: unknown;
  readonly channels: readonly { readonly label: string; readonly unit: string; readonly rateHz: number }[];
  readonly durationS: number;
  /** Column start times, s from the first sample (EDF+D gaps leave columns empty: NaN). */
  readonly columnStartS: readonly number[];
  readonly min: readonly (readonly number[])[];
  readonly max: readonly (readonly number[])[];
  readonly annotations: readonly SessionAnnotation[];
}

export interface SessionWindow {
  readonly startS: number;
  readonly endS: number;
  /** Per channel: time (s) and min/max per column (equal when not decimated); a gap in the file is a NaN column. */
  readonly t: readonly number[];
  readonly min: readonly (readonly number[])[];
  readonly max: readonly (readonly number[])[];
}

export interface CommandResults extends ReviewCommandResults {
  listDevices: readonly DeviceInfo[];
  connect: { readonly deviceId: string };
  disconnect: null;
  zero: null;
  startRecording: { readonly sessionId: string; readonly file: string };
  stopRecording: RecordingStatus;
  /** True when a Demo sensor follows the cue. */
  demoFollow: boolean;
  annotate: null;
  listProfiles: readonly string[];
  listSessions: readonly SessionSummary[];
  openSession: SessionOverview;
  readSessionWindow: SessionWindow;
  renameSession: null;
  addSessionNote: null;
  deleteSession: null;
  exportSessionCsv: { readonly csvPath: string; readonly annotationsPath: string };
  getSettings: SettingsReply;
  saveSettings: SettingsReply;
  listPatients: readonly PatientRecord[];
  createPatient: PatientRecord;
  archivePatient: PatientRecord;
  savePatientNotes: PatientRecord;
  getQueue: QueueReply;
  saveQueue: QueueReply;
}

/** The recording in progress (or the last one, until the next starts). */
export interface RecordingStatus {
  readonly state: 'recording' | 'stopped' | 'failed';
  readonly sessionId: string;
  readonly profileId: string;
  readonly file: string;
  readonly rateHz: number;
  readonly startedAtMs: number;
  /** Recorded duration, s: wall time since the start while recording (an unplug's gap included); the file's span after. */
  readonly durationS: number;
  readonly samplesWritten: number;
  readonly lost?: number;
  /** Why it stopped on its own (disk full, stream changed, …). */
  readonly error: AppError | null;
}

export const LINK_STATES = ['idle', 'connecting', 'streaming', 'stalled', 'reconnecting', 'lost', 'error'] as const;
/** idle: nothing chosen · connecting: opening/handshake · streaming · stalled: open but silent > 1 s ·
 * reconnecting: port vanished, waiting for it to return · lost: gave up · error: could not connect. */
export type LinkState = (typeof LINK_STATES)[number];

/**
 * Signal quality of a streaming link over the last second: `noisy` when bytes arrive but many lines are unreadable
 * (rejected ≥ 5 % of the lines, or bytes without any valid sample). A warning, not a disconnect: the link keeps
 * recording every valid sample. (A silent device is `stalled`; a vanished port is `reconnecting`.)
 */
export interface SignalQuality {
  readonly quality: 'good' | 'noisy';
  /** Valid samples per second (per channel) in the last window. */
  readonly validPerS: number;
  /** Rejected lines per second in the last window. */
  readonly rejectedPerS: number;
  /** Share of rejected lines among all lines in the last window, percent (0..100). */
  readonly rejectedPercent: number;
}

/** Low-rate status (on change and at most ~4 times a second), never sample data. */
export interface LinkStatus {
  readonly state: LinkState;
  readonly deviceId: string | null;
  readonly error: AppError | null;
  readonly ident: DeviceIdent | null;
  readonly header: StreamHeader | null;
  readonly streamId: number;
  /** The driver's counters (frames are lines for LL1 and text streams, packets for Cyton and BITalino). */
  readonly counters: DeviceCounters;
  /**
   * Which driver feeds the stream. `lossDetectable` false (text stream): a missing line cannot be noticed, so `lost`
   * says nothing; the UI says so. Absent from hosts that predate drivers.
   */
  readonly driver?: { readonly id: DriverId; readonly name: string; readonly lossDetectable: boolean; readonly rejectReasons: readonly string[] };
  /** Latest device events, newest last (lead-off, battery, …), at most 20. */
  readonly events: readonly { readonly name: string; readonly args: readonly string[]; readonly sampleIndex: number }[];
  /** Signal quality while streaming (absent before the first full window). */
  readonly signal?: SignalQuality;
  readonly recording: RecordingStatus | null;
}

/** One named verb per command: `api.connect({ deviceId })`, `api.stopRecording()`, … */
export type ApiVerbs = {
  [K in CommandName]: {} extends z.input<(typeof commandSchemas)[K]>
    ? (req?: z.input<(typeof commandSchemas)[K]>) => Promise<Result<CommandResults[K]>>
    : (req: z.input<(typeof commandSchemas)[K]>) => Promise<Result<CommandResults[K]>>;
};

/** What every transport gives the renderer: named verbs plus two subscription lanes. */
export interface LoslatenApi extends ApiVerbs {
  /** Binary sample frames (see batch-frame.ts), ~30–60 per second. Returns an unsubscribe function. */
  onBatch(cb: (frame: ArrayBuffer) => void): () => void;
  onStatus(cb: (status: LinkStatus) => void): () => void;
  /**
   * WebSocket transport only: called with false as soon as the connection to the app's core drops (the core stopped)
   * and with true when it is back. Returns an unsubscribe function.
   */
  onHostConnection?(cb: (connected: boolean) => void): () => void;
  /**
   * WebSocket transport only: a URL for a second socket that carries the sample frames (and status, for ordering),
   * so a worker can take them in while the page paints. When present, `onBatch` receives nothing.
   */
  frameLaneUrl?(): string;
  /**
   * Desktop app only (absent in the browser host): renders the session's report to an A4 PDF in the main process,
   * asks where to save it and writes it. `cancelled` when the user closes the dialog.
   */
  saveReportPdf?(req: { readonly profileId: string; readonly sessionId: string }): Promise<Result<SavedReportPdf>>;
  /** Desktop app only: an open dialog for .edf/.bdf files (several at once), imported into the active profile. */
  chooseSessionFiles?(): Promise<Result<readonly ImportedFile[]>>;
  /**
   * Desktop app only: imports files dropped on the window (at most {@link MAX_DROPPED_FILES}, .edf/.bdf). The preload
   * turns each File into its path; the File itself never leaves the page.
   */
  importDroppedFiles?(files: readonly File[]): Promise<Result<readonly ImportedFile[]>>;
  /** Browser host only: uploads one recording into a profile, with the desktop import's checks and messages. */
  uploadSessionFile?(file: File, profileId: string): Promise<ImportedFile>;
  /**
   * Desktop app only: events from the shell (menu items, recordings opened from the OS), validated by the preload
   * against api/shell-events.ts. Returns the unsubscribe function.
   */
  onShellEvent?<T extends ShellEventType>(type: T, cb: (event: ShellEventOf<T>) => void): () => void;
  /**
   * Desktop app only: the sample frames move to a fresh MessagePort that the preload posts to this window as a
   * `message` event with data {@link FRAME_PORT_MESSAGE} and the port in `ports[0]`, so the page can hand it to its
   * intake worker (the browser host's `frameLaneUrl` counterpart). From then on `onBatch` receives nothing; status
   * still comes through `onStatus`.
   */
  openFramePort?(): void;
}

/** The window message that carries the desktop frame port (see {@link LoslatenApi.openFramePort}). */
export const FRAME_PORT_MESSAGE = 'loslaten:frame-port';

/** Most files one drop may import. */
export const MAX_DROPPED_FILES = 20;
/** The desktop-only verbs of {@link LoslatenApi} (the Electron preload adds them; the browser host has none). */
export const DESKTOP_VERBS = ['saveReportPdf', 'chooseSessionFiles', 'importDroppedFiles', 'onShellEvent', 'openFramePort'] as const;

/**
 * The desktop-only commands, in the same table as the core's: they travel on the one invoke channel as
 * `(command, req)` and Electron main answers them itself (the browser host answers `unknown-command`). Main checks
 * what only it can (a dropped path exists, is a regular .edf/.bdf file) after these schemas.
 */
export const desktopCommandSchemas = {
  /** Renders the session's report to PDF and asks where to save it. */
  saveReportPdf: z.object({ profileId: idSchema, sessionId: idSchema }).strict(),
  /** The open dialog for .edf/.bdf files, imported into the active profile. */
  chooseSessionFiles: z.object({}).strict(),
  /** Paths of files dropped on the window (the preload turns each File into its path). */
  importDroppedFiles: z.object({ paths: z.array(z.string().min(2).max(4096)).min(1).max(MAX_DROPPED_FILES) }).strict(),
} as const;
export type DesktopCommandName = keyof typeof desktopCommandSchemas;
export const DESKTOP_COMMAND_NAMES = Object.keys(desktopCommandSchemas) as DesktopCommandName[];
export interface DesktopCommandResults {
  saveReportPdf: SavedReportPdf;
  chooseSessionFiles: readonly ImportedFile[];
  importDroppedFiles: readonly ImportedFile[];
}
/** Main's handler of desktop command `K`, typed both ways like {@link CommandHandler}. */
export type DesktopCommandHandler<K extends DesktopCommandName> = (req: z.infer<(typeof desktopCommandSchemas)[K]>) => Promise<Result<DesktopCommandResults[K]>>;

/** Validates a desktop command's request like {@link validateRequest}. */
export function validateDesktopRequest(command: DesktopCommandName, req: unknown): Result<unknown> {
  const parsed = desktopCommandSchemas[command].safeParse(req ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: { kind: 'invalid-request', command, detail: issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'invalid' } };
}
/** The browser host's upload path for a recording (`POST`, raw file bytes; see core/upload-route.ts) and its limit. */
export const UPLOAD_PATH = '/import';
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** Extensions of recordings the desktop app imports (lower case, with the dot). */
export const SESSION_FILE_EXTENSIONS = ['.edf', '.bdf'] as const;

/** A PDF the desktop app wrote: where, and its size in bytes. */
export interface SavedReportPdf { readonly path: string; readonly bytes: number }

/** One file of an import: its name (no folder) and the new session, or why it could not be imported. */
export type ImportedFile =
  | { readonly file: string; readonly ok: true; readonly profileId: string; readonly sessionId: string }
  | { readonly file: string; readonly ok: false; readonly error: AppError };

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
export function verbsFrom(call: (command: CommandName, req: object) => Promise<Result<unknown>>): ApiVerbs {
  const verbs: Record<string, (req?: object) => Promise<Result<unknown>>> = {};
  for (const name of COMMAND_NAMES) verbs[name] = (req?: object) => call(name, req ?? {});
  return verbs as unknown as ApiVerbs;
}
