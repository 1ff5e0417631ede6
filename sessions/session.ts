// One recording session on disk: the recorder plus its sidecar JSON (written at start, completed with SHA-256 at end).
import type { Result } from '../api/contract.ts';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DeviceIdent } from '../firmware-protocol/codec.ts';
import { errDetail, type RecorderError, type SessionsError } from './errors.ts';
import { annotationText } from './annotations.ts';
import { Recorder, type RecorderOptions, type RecordingSummary } from './recorder.ts';
import { newSidecar, sha256File, sidecarPathFor, writeSidecar, type Sidecar } from './sidecar.ts';

export interface SessionMeta {
  readonly id?: string;
  readonly title?: string;
  readonly profile?: Sidecar['profile'];
  readonly patient?: Sidecar['patient'];
  readonly protocol?: Sidecar['protocol'];
  readonly targets?: unknown;
  readonly calibration?: unknown;
  readonly dsp?: unknown;
  readonly deviceId?: string | null;
  readonly appVersion?: string;
}

export interface SessionEnd {
  readonly summary: RecordingSummary;
  readonly sidecar: Sidecar;
  readonly sidecarPath: string;
}

/** A recorder whose session metadata lives in `<file>.loslaten.json` next to the EDF/BDF file. */
export class RecordingSession {
  private constructor(readonly recorder: Recorder, readonly sidecarPath: string, private sidecar: Sidecar) {}

  /** Creates the recording file and its sidecar (status `recording`). */
  static start(opts: RecorderOptions & { readonly meta?: SessionMeta }): Result<RecordingSession, SessionsError> {
    const rec = new Recorder(opts);
    if (rec.failure) return { ok: false, error: rec.failure };
    const m = opts.meta ?? {};
    const ident: DeviceIdent | null = opts.ident ?? null;
    let sc: Sidecar;
    try {
      sc = newSidecar({
      ...(m.id ? { id: m.id } : {}), title: m.title ?? '', profile: m.profile ?? { id: 'default', name: null }, patient: m.patient ?? null,
      protocol: m.protocol ?? null, targets: m.targets ?? null, calibration: m.calibration ?? null, dsp: m.dsp ?? null,
      device: { deviceId: m.deviceId ?? null, ident, header: { rateHz: opts.header.rateHz, channels: opts.header.channels.map((c) => ({ ...c })) } },
      appVersion: m.appVersion ?? '0.0.0',
      recording: { file: path.basename(rec.path), format: rec.layout!.format },
      });
    } catch (e) {
      void rec.close();
      return { ok: false, error: { kind: 'bad-sidecar', path: sidecarPathFor(rec.path), detail: errDetail(e) } };
    }
    const scPath = sidecarPathFor(rec.path);
    // Created exclusively, like the recording: never replaces a file that is already there.
    const w = writeSidecar(scPath, sc, { exclusive: true });
    if (!w.ok) {
      // The recording file was created by us a moment ago and holds nothing yet: remove it with its failed session.
      void rec.close().then(() => { try { fs.unlinkSync(rec.path); } catch { /* already gone */ } });
      return w;
    }
    // The protocol it follows goes into the file too, so its phase kinds travel with an exported or imported copy.
    const pid = (m.protocol?.settings as { id?: unknown } | undefined)?.id;
    if (typeof pid === 'string' && /^[A-Za-z0-9][\w.-]{0,63}$/.test(pid)) rec.annotate(0, annotationText.protocol(pid));
    return { ok: true, value: new RecordingSession(rec, scPath, sc) };
  }

  /**
   * Closes the recording and completes the sidecar: counters, status (`complete` or `failed`), SHA-256 of the file.
   * `rejected` are the decoder's rejections by reason during the session.
   */
  async finish(extra: { rejected?: Record<string, number>; phaseMetrics?: unknown[] } = {}): Promise<SessionEnd> {
    const s = await this.recorder.close();
    let sha: string | null = null;
    try { sha = await sha256File(s.path); } catch { /* file unreadable: leave null */ }
    const start = this.recorder.startWallMs;
    this.sidecar = {
      ...this.sidecar,
      phaseMetrics: extra.phaseMetrics ?? this.sidecar.phaseMetrics,
      recording: {
        ...this.sidecar.recording,
        status: s.error ? 'failed' : 'complete', startedAt: start === null ? null : new Date(start).toISOString(),
        durationS: s.durationS, records: s.records, samples: s.samples, lost: s.lost, interpolated: s.interpolated, padded: s.padded,
        discontinuities: s.discontinuities, clipped: s.clipped, annotationsDropped: s.annotationsDropped, rejected: { ...(extra.rejected ?? {}) },
        error: s.error ? describeRecorderError(s.error) : null, sha256: sha,
      },
    };
    writeSidecar(this.sidecarPath, this.sidecar);
    return { summary: s, sidecar: this.sidecar, sidecarPath: this.sidecarPath };
  }
}

function describeRecorderError(e: RecorderError): string {
  return 'code' in e ? `${e.kind}: ${e.code} ${e.detail}` : `${e.kind}: ${e.detail}`;
}
