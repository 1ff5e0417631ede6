// `loslaten record`: device link (any driver) → recording session until --seconds of wall time, SIGINT or SIGTERM; prints a summary.
import { serialDeviceId } from '../api/device-id.ts';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_BAUD_RATE, type AppError } from '../api/contract.ts';
import type { DeviceIdent, StreamHeader } from '../firmware-protocol/codec.ts';
import type { SampleBatch } from '../firmware-protocol/decoder.ts';
import { DeviceLink } from '../core/device/link.ts';
import { classifySerialError } from '../core/device/line-source.ts';
import type { DriverId } from '../devices/driver.ts';
import { LISTEN_MS } from '../devices/probes.ts';
import { defaultDeviceSettings, DRIVER_DESCRIPTIONS, type DeviceSettings } from '../devices/registry.ts';
import { annotationText, RejectionNotes } from '../sessions/annotations.ts';
import { describeError } from '../sessions/errors.ts';
import { RecordingSession } from '../sessions/session.ts';
import { EXIT, fail, type Exit } from './exit.ts';
import { builtInProtocolById, knownProtocolIds } from '../sessions/analysis.ts';
import { ProtocolRunner, type RunnerEvent } from '../training/runner.ts';
import { extensionProblem, parseRecordArgs, settingsProblem } from './record-args.ts';
import { fitsEdf } from '../sessions/edf-layout.ts';

/** One line per device-link error kind. */
export function describeAppError(e: AppError): string {
  switch (e.kind) {
    case 'no-such-port': return `no such port ${e.path}`;
    case 'port-busy': return `port ${e.path} is busy (another program has it open)`;
    case 'permission-denied': return `no permission to open ${e.path}`;
    case 'device-silent': return `device on ${e.path} sent nothing usable within ${e.waitedMs} ms (wrong port, device off, or another --device?)`;
    case 'wrong-device': return `device on ${e.path} does not answer as a ${DRIVER_DESCRIPTIONS[e.driver].name} (${e.badFrames} unreadable frames); try another --device`;
    case 'not-ll1': return `device on ${e.path} does not speak LL1 (${e.rejectedLines} rejected lines)`;
    case 'port-error': return `port ${e.path}: ${e.detail}`;
    case 'not-connected': return 'not connected';
    case 'invalid-request': return `invalid request ${e.command}: ${e.detail}`;
    case 'unknown-command': return `unknown command ${e.command}`;
    case 'internal': return `internal error: ${e.detail}`;
    default: return `${e.kind}: ${JSON.stringify(e)}`;
  }
}

/**
 * `--device auto` on a serial port: listen, then at most the one harmless probe the port's USB identity allows
 * (devices/probes.ts documents every byte). The port is closed again before the recording opens it.
 */
async function autoDetect(port: string): Promise<{ ok: true; driver: DriverId; by: string } | { ok: false; message: string }> {
  const { listSerialPorts } = await import('../core/device/ports.ts');
  const { detectDevice } = await import('../core/device/auto-detect.ts');
  const hint = (await listSerialPorts()).find((p) => p.path === port)?.guess?.hint ?? null;
  let d;
  try { d = await detectDevice(port, hint); } catch (e) {
    // The same words as when the recording itself cannot open the port (busy, missing, no permission).
    return { ok: false, message: describeAppError(classifySerialError(port, e instanceof Error ? e : new Error(String(e)))) };
  }
  if (d.driver) return { ok: true, driver: d.driver, by: d.by === 'listening' ? 'from what it sends' : 'it answered the probe' };
  const sent = d.sent.length ? `; sent ${d.sent.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ')}` : '; nothing sent (no USB identity to choose a safe probe)';
  return { ok: false, message: `could not tell which device is on ${port} (listened ${LISTEN_MS / 1000} s${sent}); give --device ll1|cyton|bitalino|text` };
}

/** Wall-clock slack after `--seconds` for the last samples on their way (USB latency, batching), ms. */
export const STOP_GRACE_MS = 300;

/** Runs the record command with parsed options. */
export async function recordCommand(v: Record<string, string | boolean | undefined>): Promise<Exit> {
  const parsed = parseRecordArgs(v);
  if (!parsed.ok) return fail(EXIT.usage, parsed.message);
  const { port, out, seconds } = parsed.value;
  const protocol = parsed.value.protocol === null ? null : builtInProtocolById(parsed.value.protocol);
  if (parsed.value.protocol !== null && !protocol) {
    return fail(EXIT.usage, `--protocol ${JSON.stringify(parsed.value.protocol)} is not a known protocol; known: ${knownProtocolIds().join(', ')}`);
  }
  const deviceId = port.startsWith('demo:') ? port : serialDeviceId(port);
  if (fs.existsSync(out)) return fail(EXIT.data, `${out} already exists; choose another --out file`);
  if (!fs.existsSync(path.dirname(path.resolve(out)))) return fail(EXIT.data, `folder of ${out} does not exist`);
  let settings: DeviceSettings;
  if (parsed.value.settings) settings = parsed.value.settings;
  else if (port.startsWith('demo:')) settings = { driver: 'll1' };
  else {
    const found = await autoDetect(port);
    if (!found.ok) return fail(EXIT.data, found.message);
    if (found.driver === 'text') {
      if (!parsed.value.textIfFound) return fail(EXIT.usage, `the device on ${port} prints lines of numbers (a text stream): give its --rate and --columns (label:kind:unit:scale:offset,…), or --device text with them`);
      settings = parsed.value.textIfFound;
    } else settings = defaultDeviceSettings(found.driver);
    const p = settingsProblem(settings, out, `the ${DRIVER_DESCRIPTIONS[settings.driver].name} found on ${port}`);
    if (p) return fail(EXIT.usage, p);
    process.stderr.write(`loslaten: found ${DRIVER_DESCRIPTIONS[settings.driver].name} on ${port} (${found.by})\n`);
  }
  // Each driver's own speed unless --baud says otherwise (LL1: the app's default).
  const baud = parsed.value.baud ?? (settings.driver === 'll1' ? DEFAULT_BAUD_RATE : undefined);

  let session: RecordingSession | null = null;
  let sessionError: string | null = null;
  let ident: DeviceIdent | null = null;
  /** Sample-clock index at which recording ends (lost samples count: it is time, not samples received). */
  let endIndex = Infinity;
  let startedAtMs = 0;
  let lastIndex = 0;
  let rateHz = 1;
  /** Bad lines or frames noted in the recording (at most one note per second), beside the counters in the sidecar. */
  const notes = new RejectionNotes(DRIVER_DESCRIPTIONS[settings.driver].framing === 'bytes' ? 'frames' : 'lines');
  let done: (() => void) | null = null;
  const finished = new Promise<void>((r) => { done = r; });
  const stop = (): void => { const d = done; done = null; d?.(); };

  /** The protocol's clock (on the sample clock, as in the app); its phase events become the same annotations. */
  let runner: ProtocolRunner | null = null;
  const writePhaseEvents = (events: readonly RunnerEvent[]): void => {
    const s = session;
    if (!s) return;
    for (const e of events) {
      if (e.type === 'phase-start') s.recorder.annotate(e.sampleIndex / rateHz, annotationText.phaseStart(e.phaseId));
      else if (e.type === 'phase-end') s.recorder.annotate(e.sampleIndex / rateHz, annotationText.phaseEnd(e.phaseId));
      else if (e.type === 'finished') stop(); // the protocol is done: so is the recording
    }
  };

  const startSession = (h: StreamHeader, firstIndex: number): void => {
    const format = fitsEdf(h) ? 'EDF' : 'BDF';
    const wrongExt = extensionProblem(out, format, `this stream (${format === 'BDF' ? 'samples wider than 16 bits' : '16-bit samples'})`);
    if (wrongExt) { sessionError = wrongExt; stop(); return; }
    const appVersion = process.env.npm_package_version ?? '0.1.0';
    const s = RecordingSession.start({
      outPath: path.resolve(out), header: h, ident, appVersion, driver: link.driver.description.id,
      meta: {
        deviceId, appVersion,
        // As the app stores it: the phases' kinds go with the recording (sidecar) and its id into the file.
        protocol: protocol ? { name: protocol.name.en, settings: { id: protocol.id, phases: protocol.phases.map(({ id, kind, target }) => ({ id, kind, target })) } } : null,
      },
    });
    if (!s.ok) { sessionError = describeError(s.error); stop(); return; }
    session = s.value;
    rateHz = h.rateHz;
    if (protocol) {
      const r = ProtocolRunner.create(protocol, h.rateHz);
      if (!r.ok) { sessionError = `protocol ${protocol.id}: ${r.error.kind}`; stop(); return; }
      runner = r.value;
      const started = runner.start(firstIndex);
      if (started.ok) writePhaseEvents(started.value);
    }
    notes.start({}); // the CLI's recording is the whole connection: every bad line since connecting is noted
    startedAtMs = Date.now();
    if (seconds !== null) {
      endIndex = firstIndex + Math.round(seconds * h.rateHz);
      // Wall time ends the run even when samples stop coming or a lossy stream is short of them.
      setTimeout(stop, seconds * 1000 + STOP_GRACE_MS).unref();
    }
  };

  const link = new DeviceLink({
    onIdent: (id) => { ident = id; },
    onBatch: (b: SampleBatch) => {
      if (!session && !sessionError) startSession(b.header, b.firstSampleIndex);
      const s = session;
      if (!s || done === null || b.firstSampleIndex >= endIndex) return;
      const n = Math.min(b.count, endIndex - b.firstSampleIndex);
      s.recorder.onBatch(n === b.count ? b : { ...b, count: n });
      lastIndex = b.firstSampleIndex + n;
      if (runner) writePhaseEvents(runner.advance(lastIndex));
      const note = notes.poll(link.driver.counters.rejected, lastIndex / b.header.rateHz);
      if (note) s.recorder.annotate(lastIndex / b.header.rateHz, note);
      if (b.firstSampleIndex + n >= endIndex || !s.recorder.isRecording) stop();
    },
    onEvent: (ev, idx) => session?.recorder.onEvent(ev, idx),
    onLinkEvent: (kind) => {
      const s = session;
      if (!s) return;
      if (kind === 'reconnected') s.recorder.discontinuity({ reason: 'reconnect' });
      else if (kind === 'unplugged' || kind === 'stalled') {
        const h = link.status().header;
        if (h) s.recorder.annotate(link.driver.sampleIndex / h.rateHz, kind === 'unplugged' ? 'device unplugged' : 'stream stalled');
      }
    },
  });

  const onSignal = (): void => stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const c = await link.connect(deviceId, baud, settings);
    if (!c.ok) return fail(EXIT.data, describeAppError(c.error));
    if (seconds !== null) setTimeout(stop, (seconds + 10) * 1000).unref(); // a device that never streams still ends the run
    await finished;
    await link.disconnect();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (sessionError) return fail(EXIT.data, sessionError);
  const s = session as RecordingSession | null;
  if (!s) return fail(EXIT.data, 'no stream header received; nothing recorded');
  const counters = link.status().counters;
  const reasons = link.driver.description.rejectReasons;
  const rejected: Record<string, number> = {};
  let rejTotal = 0;
  for (const r of reasons) { rejected[r] = counters.rejected[r] ?? 0; rejTotal += rejected[r]; }
  const rn = runner as ProtocolRunner | null; // set by the link's callbacks
  if (rn && (rn.status === 'running' || rn.status === 'paused')) {
    const stopped = rn.stop(lastIndex); // Ctrl+C or --seconds before the end: the running phase ends there
    if (stopped.ok) writePhaseEvents(stopped.value);
  }
  const rest = notes.flush(counters.rejected);
  if (rest) s.recorder.annotate(lastIndex / rateHz, rest);
  const end = await s.finish({ rejected });
  const m = end.summary;
  const byReason = reasons.map((r) => `${r} ${rejected[r]}`).join(', ');
  const lossText = link.driver.description.lossDetectable ? `lost ${m.lost} (interpolated ${m.interpolated})` : 'lost: not detectable (a text stream has no sequence numbers)';
  const wallS = startedAtMs ? (Date.now() - startedAtMs) / 1000 : 0;
  process.stdout.write(
    `recorded ${m.path} (${m.format}+, ${m.durationS} s, ${m.records} records, ${wallS.toFixed(1)} s wall time)\n`
    + `device ${link.driver.description.name} (driver ${link.driver.description.id}), ${m.format === 'BDF' ? '24-bit' : '16-bit'} samples\n`
    + `samples ${m.samples}, ${lossText}, padded ${m.padded}, discontinuities ${m.discontinuities}\n`
    + `rejected ${rejTotal} (${byReason})\n`
    + `sidecar ${end.sidecarPath}\n`,
  );
  if (m.error) return fail(EXIT.data, describeError(m.error));
  return { code: EXIT.ok };
}
