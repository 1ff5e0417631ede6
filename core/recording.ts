// Recording in the core: one session at a time, fed from the device link; failures end it with a clear error value.
import type { AppError, RecordingStatus, Result } from '../api/contract.ts';
import type { DeviceEvent, DeviceIdent, StreamHeader } from '../firmware-protocol/codec.ts';
import type { SampleBatch } from '../firmware-protocol/decoder.ts';
import type { DeviceCounters, DriverDescription } from '../devices/driver.ts';
import { annotationText, RejectionNotes } from '../sessions/annotations.ts';
import type { RecorderError, SessionsError } from '../sessions/errors.ts';
import { emgSettingsFrom } from '../sessions/channel-fields.ts';
import { newSessionPaths } from '../sessions/library.ts';
import { RecordingSession } from '../sessions/session.ts';

export interface StartRecordingRequest {
  readonly profileId: string;
  /** The patient's name (therapist mode), stored with the recording for lists and reports. */
  readonly profileName?: string | null | undefined;
  readonly title?: string | undefined;
  readonly protocol?: { readonly id: string; readonly name: string; readonly phases?: readonly { id: string; kind: string; target: string }[] | undefined } | undefined;
  readonly targets?: unknown;
  readonly calibration?: unknown;
  readonly dsp?: unknown;
}

/** Maps a session-layer error to the app's error vocabulary. */
export function sessionsErrorToApp(e: SessionsError): AppError {
  switch (e.kind) {
    case 'write-failed': case 'open-failed':
      return { kind: 'recording-failed', reason: e.code === 'ENOSPC' || e.code === 'EDQUOT' ? 'disk-full' : 'write-error', path: e.path, detail: `${e.code} ${e.detail}`.trim() };
    case 'stream-changed': return { kind: 'recording-failed', reason: 'stream-changed', path: '', detail: e.detail };
    case 'unsupported-stream': return { kind: 'recording-failed', reason: 'unsupported-stream', path: '', detail: e.detail };
    case 'bad-id': return { kind: 'bad-id', id: e.id };
    case 'not-found': return { kind: 'session-not-found', id: e.id };
    case 'io': return { kind: 'file-error', problem: 'io', path: e.path, detail: `${e.code} ${e.detail}`.trim() };
    case 'bad-sidecar': return { kind: 'file-error', problem: 'bad-sidecar', path: e.path, detail: e.detail };
    case 'import-failed': return { kind: 'file-error', problem: e.error.kind, path: e.path, detail: 'detail' in e.error ? String(e.error.detail) : 'limit' in e.error ? String(e.error.limit) : '' };
    case 'too-many-annotations': return { kind: 'file-error', problem: e.kind, path: '', detail: String(e.limit) };
    default: return { kind: 'file-error', problem: e.kind, path: '', detail: 'detail' in e ? String(e.detail) : '' };
  }
}

/** Owns the active recording session; the app core forwards link callbacks to it. */
export class RecordingController {
  private session: RecordingSession | null = null;
  private status: RecordingStatus | null = null;
  private rejectedAtStart: Record<string, number> = {};
  /** The link's live bad-frame counters and the notes they become in the file (a text stream's only trace of them). */
  private liveRejected: Readonly<Record<string, number>> = {};
  private notes: RejectionNotes | null = null;
  private lastTimeS = 0;

  constructor(private readonly dataDir: string, private readonly appVersion: string, private readonly onChange: () => void) {}

  current(): RecordingStatus | null {
    const s = this.session;
    if (!s || !this.status) return this.status;
    const r = s.recorder;
    // The clock runs on wall time: it keeps counting through an unplug's gap, as the file's time axis does.
    return { ...this.status, samplesWritten: r.samplesWritten, durationS: Math.max(r.samplesWritten / (this.status.rateHz || 1), (Date.now() - this.status.startedAtMs) / 1000) };
  }

  get active(): boolean { return this.session !== null; }

  /** Starts recording the stream in force (`header`, from the link) into a new session folder of the profile. */
  /**
   * Starts recording the stream in force (`header`, from the link) into a new session folder of the profile.
   * `counters` are the link's live counters; `driver` (the link's driver) is named in the file's header.
   */
  start(req: StartRecordingRequest, header: StreamHeader | null, ident: DeviceIdent | null, deviceId: string | null, counters: DeviceCounters, driver: DriverDescription | null = null): Result<{ sessionId: string; file: string }> {
    if (this.session) return { ok: false, error: { kind: 'already-recording' } };
    if (!header) return { ok: false, error: { kind: 'not-streaming' } };
    const paths = newSessionPaths(this.dataDir, req.profileId);
    if (!paths.ok) return { ok: false, error: sessionsErrorToApp(paths.error) };
    const started = RecordingSession.start({
      outPath: paths.value.edfPath, header, ident, emg: emgSettingsFrom(req.dsp), ...(driver ? { driver: driver.id } : {}),
      meta: {
        id: paths.value.id, title: req.title ?? '', profile: { id: req.profileId, name: req.profileName ?? null },
        protocol: req.protocol ? { name: req.protocol.name, settings: { id: req.protocol.id, ...(req.protocol.phases ? { phases: req.protocol.phases } : {}) } } : null,
        targets: req.targets ?? null, calibration: req.calibration ?? null, dsp: req.dsp ?? null, deviceId, appVersion: this.appVersion,
      },
    });
    if (!started.ok) return { ok: false, error: sessionsErrorToApp(started.error) };
    this.session = started.value;
    this.rejectedAtStart = { ...counters.rejected };
    this.liveRejected = counters.rejected;
    this.notes = new RejectionNotes(driver?.framing === 'bytes' ? 'frames' : 'lines');
    this.notes.start(counters.rejected);
    this.lastTimeS = 0;
    this.status = {
      state: 'recording', sessionId: paths.value.id, profileId: req.profileId, file: started.value.recorder.path,
      rateHz: header.rateHz, startedAtMs: Date.now(), durationS: 0, samplesWritten: 0, error: null,
    };
    this.onChange();
    return { ok: true, value: { sessionId: paths.value.id, file: started.value.recorder.path } };
  }

  onBatch(b: SampleBatch): void {
    const s = this.session;
    if (!s) return;
    s.recorder.onBatch(b);
    if (s.recorder.failure) { void this.fail(s.recorder.failure); return; }
    this.lastTimeS = (b.firstSampleIndex + b.count) / b.header.rateHz;
    const note = this.notes?.poll(this.liveRejected, this.lastTimeS);
    if (note) s.recorder.annotate(this.lastTimeS, note);
  }

  onDeviceEvent(ev: DeviceEvent, sampleIndex: number): void {
    this.session?.recorder.onEvent(ev, sampleIndex);
  }

  /**
   * After an unplug the next samples (a new stream after the reconnect) start a new EDF+D part at their true time,
   * annotated there. A different header (rate or channels) cannot continue the same file: the recorder then ends the
   * recording cleanly with a `stream-changed` error, which the status shows the user.
   */
  onLinkEvent(kind: 'unplugged' | 'reconnected' | 'stalled' | 'resumed'): void {
    if (kind === 'unplugged') this.session?.recorder.discontinuity({ reason: annotationText.reconnect() });
  }

  /** Adds an annotation at `sampleIndex` on the current stream's sample clock (seconds = index / rate). */
  annotate(text: string, sampleIndex: number, rateHz: number, durationS?: number): Result<null> {
    const s = this.session;
    if (!s) return { ok: false, error: { kind: 'not-recording' } };
    s.recorder.annotate(sampleIndex / rateHz, text, durationS);
    return { ok: true, value: null };
  }

  async stop(counters: DeviceCounters): Promise<Result<RecordingStatus>> {
    const s = this.session;
    if (!s || !this.status) return { ok: false, error: { kind: 'not-recording' } };
    this.session = null;
    const rejected: Record<string, number> = {};
    for (const [k, v] of Object.entries(counters.rejected)) rejected[k] = v - (this.rejectedAtStart[k] ?? 0);
    const rest = this.notes?.flush(counters.rejected);
    if (rest) s.recorder.annotate(this.lastTimeS, rest);
    const end = await s.finish({ rejected });
    const err = end.summary.error;
    this.status = {
      ...this.status, state: err ? 'failed' : 'stopped', durationS: end.summary.durationS, samplesWritten: end.summary.samples,
      lost: end.summary.lost, error: err ? sessionsErrorToApp(err) : this.status.error,
    };
    this.onChange();
    return { ok: true, value: this.status };
  }

  private async fail(e: RecorderError): Promise<void> {
    if (!this.session || !this.status) return;
    this.status = { ...this.status, error: sessionsErrorToApp(e) };
    const s = this.session;
    this.session = null;
    const end = await s.finish({});
    this.status = { ...this.status, state: 'failed', durationS: end.summary.durationS, samplesWritten: end.summary.samples, lost: end.summary.lost };
    this.onChange();
  }
}
