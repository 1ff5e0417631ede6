// `loslaten record`: device link → recording session until --seconds of samples, SIGINT or SIGTERM; prints a summary.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_BAUD_RATE, type AppError } from '../api/contract.ts';
import { REJECT_REASONS, type DeviceIdent, type StreamHeader } from '../firmware-protocol/codec.ts';
import type { SampleBatch } from '../firmware-protocol/decoder.ts';
import { DeviceLink } from '../core/device/link.ts';
import { describeError } from '../sessions/errors.ts';
import { RecordingSession } from '../sessions/session.ts';
import { EXIT, fail, type Exit } from './exit.ts';

/** One line per device-link error kind. */
export function describeAppError(e: AppError): string {
  switch (e.kind) {
    case 'no-such-port': return `no such port ${e.path}`;
    case 'port-busy': return `port ${e.path} is busy (another program has it open)`;
    case 'permission-denied': return `no permission to open ${e.path}`;
    case 'device-silent': return `device on ${e.path} sent no LL1 header within ${e.waitedMs} ms`;
    case 'not-ll1': return `device on ${e.path} does not speak LL1 (${e.rejectedLines} rejected lines)`;
    case 'port-error': return `port ${e.path}: ${e.detail}`;
    case 'not-connected': return 'not connected';
    case 'invalid-request': return `invalid request ${e.command}: ${e.detail}`;
    case 'unknown-command': return `unknown command ${e.command}`;
    case 'internal': return `internal error: ${e.detail}`;
    default: return `${e.kind}: ${JSON.stringify(e)}`;
  }
}

/** Runs the record command with parsed options. */
export async function recordCommand(v: Record<string, string | boolean | undefined>): Promise<Exit> {
  const port = v.port, out = v.out;
  if (typeof port !== 'string' || port === '') return fail(EXIT.usage, 'record needs --port <path>');
  if (typeof out !== 'string' || out === '') return fail(EXIT.usage, 'record needs --out <file.edf>');
  const baud = v.baud === undefined ? DEFAULT_BAUD_RATE : Number(v.baud);
  if (!Number.isInteger(baud) || baud < 1200 || baud > 4_000_000) return fail(EXIT.usage, '--baud must be an integer 1200..4000000');
  const seconds = v.seconds === undefined ? null : Number(v.seconds);
  if (seconds !== null && !(seconds > 0 && seconds <= 86_400 * 7)) return fail(EXIT.usage, '--seconds must be a positive number');
  const protocol = typeof v.protocol === 'string' ? v.protocol : null;
  const deviceId = port.startsWith('demo:') ? port : `serial:${port}`;
  if (fs.existsSync(out)) return fail(EXIT.data, `${out} already exists; choose another --out file`);
  if (!fs.existsSync(path.dirname(path.resolve(out)))) return fail(EXIT.data, `folder of ${out} does not exist`);

  let session: RecordingSession | null = null;
  let sessionError: string | null = null;
  let ident: DeviceIdent | null = null;
  let wanted = Infinity;
  let taken = 0;
  let done: (() => void) | null = null;
  const finished = new Promise<void>((r) => { done = r; });
  const stop = (): void => { const d = done; done = null; d?.(); };

  const startSession = (h: StreamHeader): void => {
    const appVersion = process.env.npm_package_version ?? '0.1.0';
    const s = RecordingSession.start({
      outPath: path.resolve(out), header: h, ident, appVersion,
      meta: { deviceId, protocol: protocol ? { name: protocol } : null, appVersion },
    });
    if (!s.ok) { sessionError = describeError(s.error); stop(); return; }
    session = s.value;
    if (seconds !== null) wanted = Math.round(seconds * h.rateHz);
  };

  const link = new DeviceLink({
    onIdent: (id) => { ident = id; },
    onHeader: (h) => { if (!session && !sessionError) startSession(h); },
    onBatch: (b: SampleBatch) => {
      const s = session;
      if (!s || taken >= wanted) return;
      const n = Math.min(b.count, wanted - taken);
      s.recorder.onBatch(n === b.count ? b : { ...b, count: n });
      taken += n;
      if (taken >= wanted || !s.recorder.isRecording) stop();
    },
    onEvent: (ev, idx) => session?.recorder.onEvent(ev, idx),
    onLinkEvent: (kind) => {
      const s = session;
      if (!s) return;
      if (kind === 'reconnected') s.recorder.discontinuity({ reason: 'reconnect' });
      else if (kind === 'unplugged' || kind === 'stalled') {
        const h = link.status().header;
        if (h) s.recorder.annotate(link.decoder.sampleIndex / h.rateHz, kind === 'unplugged' ? 'device unplugged' : 'stream stalled');
      }
    },
  });

  const onSignal = (): void => stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const c = await link.connect(deviceId, baud);
    if (!c.ok) return fail(EXIT.data, describeAppError(c.error));
    if (seconds !== null) setTimeout(stop, (seconds + 10) * 1000).unref(); // a silent device still ends the run
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
  const rejected: Record<string, number> = {};
  let rejTotal = 0;
  for (const r of REJECT_REASONS) { rejected[r] = counters.rejected[r]; rejTotal += counters.rejected[r]; }
  const end = await s.finish({ rejected });
  const m = end.summary;
  const byReason = REJECT_REASONS.map((r) => `${r} ${rejected[r]}`).join(', ');
  process.stdout.write(
    `recorded ${m.path} (${m.format}+, ${m.durationS} s, ${m.records} records)\n`
    + `samples ${m.samples}, lost ${m.lost} (interpolated ${m.interpolated}), padded ${m.padded}, discontinuities ${m.discontinuities}\n`
    + `rejected ${rejTotal} (${byReason})\n`
    + `sidecar ${end.sidecarPath}\n`,
  );
  if (m.error) return fail(EXIT.data, describeError(m.error));
  return { code: EXIT.ok };
}
