// The app core: one dispatcher behind the renderer API, shared by Electron main, the web host and tests.
import { errorDetail } from '../api/error-detail.ts';
import { validateRequest, type CommandName, type CommandRequest, type CommandHandler, type CommandInput, type CommandResults, type LinkStatus, type Result } from '../api/contract.ts';
import { encodeBatchFrame } from '../api/batch-frame.ts';
import { annotationText } from '../sessions/annotations.ts';
import { ensurePrivateDir, recoverLibrary } from '../sessions/library.ts';
import type { RecoverResult } from '../sessions/recover.ts';
import { defaultDataDir, sessionsDir } from './data-dir.ts';
import { DeviceLink, type LinkOnlyStatus, type LinkOptions } from './device/link.ts';
import { demoDevices, listSerialPorts } from './device/ports.ts';
import { LibraryService } from './library-service.ts';
import { runFileTask } from './file-work.ts';
import { reportLanguageOf, reviewHandlers } from './review-commands.ts';
import { RecordingController } from './recording.ts';
import { SettingsService } from './settings-service.ts';
import { ProfilesService } from './profiles-service.ts';
import { QueueService } from './queue-service.ts';

/** Version written into session sidecars. */
export const APP_VERSION = '0.1.0';

/** What a transport plugs in to receive the push lanes. */
export interface CoreListener {
  /** One binary frame (batch-frame.ts). Shared by all listeners: never transfer or detach it. */
  onBatch(frame: ArrayBuffer): void;
  onStatus(status: LinkStatus): void;
}

export interface AppCoreOptions {
  readonly link?: LinkOptions;
  /** Per-user data folder (created 0700); default from {@link defaultDataDir}. Sessions go in its `sessions/`. */
  readonly dataDir?: string;
  /** Allow `importSessionFromPath` (Electron main after its own file dialog, CLI, tests); default false. */
  readonly allowPathImport?: boolean;
}

type Handler<K extends CommandName> = CommandHandler<K>;

export class AppCore {
  readonly link: DeviceLink;
  readonly dataDir: string;
  readonly sessionsDir: string;
  readonly recording: RecordingController;
  private readonly library: LibraryService;
  /** Settings files (app-wide and per profile) in the data folder. */
  readonly settings: SettingsService;
  readonly profiles: ProfilesService;
  /** The therapist's queue per day. */
  readonly queue: QueueService;
  private readonly listeners = new Set<CoreListener>();
  private readonly handlers: { [K in CommandName]: Handler<K> };

  constructor(opts: AppCoreOptions = {}) {
    this.dataDir = opts.dataDir ?? defaultDataDir();
    this.sessionsDir = sessionsDir(this.dataDir);
    this.recording = new RecordingController(this.sessionsDir, APP_VERSION, () => this.broadcastStatus());
    this.library = new LibraryService(this.sessionsDir);
    this.settings = new SettingsService(this.dataDir);
    this.profiles = new ProfilesService(this.dataDir);
    this.queue = new QueueService(this.dataDir, this.profiles);
    this.link = new DeviceLink({
      onBatch: (b) => {
        this.recording.onBatch(b); // raw device values to disk first
        if (this.listeners.size === 0) return;
        const frame = encodeBatchFrame(b, Date.now());
        for (const l of this.listeners) l.onBatch(frame);
      },
      onEvent: (ev, idx) => this.recording.onDeviceEvent(ev, idx),
      onLinkEvent: (kind) => this.recording.onLinkEvent(kind),
      onStatus: (s) => this.broadcastStatus(s),
    }, opts.link);
    const rec = this.recording;
    this.handlers = {
      listDevices: async () => ({ ok: true, value: [...demoDevices(), ...(await listSerialPorts())] }),
      connect: (req) => this.link.connect(req.deviceId, req.baudRate, req.device),
      disconnect: async () => {
        if (rec.active) await rec.stop(this.link.counters);
        await this.link.disconnect();
        return { ok: true, value: null };
      },
      zero: async () => this.link.send('zero'),
      startRecording: async (req) => {
        const st = this.link.status();
        if (st.state !== 'streaming' && st.state !== 'stalled') return { ok: false, error: { kind: 'not-streaming' } };
        // The recording (and its report) carries the patient's name, not the folder-safe id.
        return rec.start({ ...req, profileName: this.profiles.nameOf(req.profileId) }, st.header, st.ident, st.deviceId, this.link.counters, this.link.driver.description);
      },
      stopRecording: () => rec.stop(this.link.counters),
      demoFollow: async (req) => ({ ok: true, value: this.link.followCue(req.cue) }),
      annotate: async (req) => {
        const header = this.link.driver.header;
        if (!header) return { ok: false, error: { kind: 'not-streaming' } };
        if (req.streamId !== undefined && req.streamId !== this.link.driver.streamId) return { ok: false, error: { kind: 'stream-mismatch' } };
        const at = req.sampleIndex ?? this.link.driver.sampleIndex;
        const text = req.kind === 'marker' ? annotationText.marker(req.text)
          : req.kind === 'phase-start' ? annotationText.phaseStart(req.text)
          : req.kind === 'phase-end' ? annotationText.phaseEnd(req.text)
          : `pacer ${req.text}`;
        return rec.annotate(text, at, header.rateHz);
      },
      listProfiles: async () => this.library.profiles(),
      listSessions: async (req) => this.library.sessions(req),
      // Reading a whole (long) recording runs on the file worker, off the thread that reads the sensor.
      openSession: (req) => runFileTask({ kind: 'open', sessionsDir: this.sessionsDir, req }),
      readSessionWindow: async (req) => this.library.window(req),
      renameSession: async (req) => this.library.rename(req),
      addSessionNote: async (req) => this.library.note(req),
      deleteSession: async (req) => this.library.remove(req),
      exportSessionCsv: (req) => runFileTask({ kind: 'export-csv', sessionsDir: this.sessionsDir, req }),
      getSettings: async (req) => this.settings.get(req),
      saveSettings: async (req) => this.settings.save(req),
      listPatients: async (req) => this.profiles.list(req),
      createPatient: async (req) => this.profiles.create(req),
      archivePatient: async (req) => this.profiles.archive(req),
      savePatientNotes: async (req) => this.profiles.saveNotes(req),
      getQueue: async (req) => this.queue.get(req),
      saveQueue: async (req) => this.queue.save(req),
      ...reviewHandlers(this.sessionsDir, APP_VERSION, { allowPathImport: opts.allowPathImport ?? false, reportLanguage: () => reportLanguageOf(this.settings.loadApp().value.language), patientName: (id) => this.profiles.nameOf(id) }),
    };
  }

  /** Repairs recordings a crash left unfinished (run once at start; `loslaten recover` does the same for one file). */
  async recoverUnfinished(): Promise<RecoverResult[]> {
    ensurePrivateDir(this.dataDir);
    ensurePrivateDir(this.sessionsDir);
    return recoverLibrary(this.sessionsDir);
  }

  /** The full status: the link's plus the recording's. */
  status(linkStatus: LinkOnlyStatus = this.link.status()): LinkStatus {
    return { ...linkStatus, recording: this.recording.current() };
  }

  private broadcastStatus(linkStatus?: LinkOnlyStatus): void {
    if (this.listeners.size === 0) return;
    const s = this.status(linkStatus);
    for (const l of this.listeners) l.onStatus(s);
  }

  /** Validates and runs one command. Never throws: every failure is an error value. */
  async handle(command: string, req: unknown): Promise<Result<unknown>> {
    const v = validateRequest(command, req);
    if (!v.ok) return v;
    const handler = this.handlers[v.value.command] as Handler<CommandName>;
    try {
      return await handler(v.value.req as CommandRequest<CommandName>);
    } catch (e) {
      return { ok: false, error: { kind: 'internal', detail: errorDetail(e) } };
    }
  }

  /** {@link handle} with the result typed from the contract (Node callers: CLI, tests, Electron main). */
  async call<K extends CommandName>(command: K, req: CommandInput<K>): Promise<Result<CommandResults[K]>> {
    return await this.handle(command, req) as Result<CommandResults[K]>;
  }

  /** Adds a listener; it receives the current status at once. Returns the unsubscribe function. */
  subscribe(l: CoreListener): () => void {
    this.listeners.add(l);
    l.onStatus(this.status());
    return () => { this.listeners.delete(l); };
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
    if (this.recording.active) await this.recording.stop(this.link.counters);
    await this.link.disconnect();
  }
}
