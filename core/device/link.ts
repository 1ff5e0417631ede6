// The device link: owns one sensor connection — driver, handshake, batching, stall detection, auto-reconnect.
import { parseDeviceId, serialDeviceId, serialPathOf } from '../../api/device-id.ts';
import { DEFAULT_BAUD_RATE, type AppError, type LinkState, type LinkStatus, type Result, type SignalQuality } from '../../api/contract.ts';
import { MAX_LINE_BYTES, type DeviceEvent, type DeviceIdent, type StreamHeader } from '../../firmware-protocol/codec.ts';
import { totalBadFrames, type DeviceCounters, type DeviceDriver, type DriverHandlers, type HandshakeStep } from '../../devices/driver.ts';
import { createDriver, type DeviceSettings } from '../../devices/registry.ts';
import { DemoLineSource } from './demo-source.ts';
import type { PatientCue } from '../../firmware-protocol/patient-model.ts';
import type { Framing, LineSource, LineSourceHandlers } from './line-source.ts';
import { SerialLineSource } from './serial-source.ts';
import { findPortBySerialNumber, portSerialNumber } from './ports.ts';

export type LinkEventKind = 'unplugged' | 'reconnected' | 'stalled' | 'resumed';

/** The link's part of the status (the app core adds the recording). */
export type LinkOnlyStatus = Omit<LinkStatus, 'recording'>;

export interface LinkHandlers extends Omit<DriverHandlers, 'onReply'> {
  onStatus?(status: LinkOnlyStatus): void;
  /** Connection-level events (not from the device), with the wall-clock time in ms since epoch. */
  onLinkEvent?(kind: LinkEventKind, wallMs: number): void;
}

export interface LinkOptions {
  /** Samples wait at most this long after their read burst before they go out as a batch, ms. Default 16. */
  readonly flushIntervalMs?: number;
  /**
   * Silence while streaming after which the link reports `stalled`, ms. Default 750 (so it shows within 1 s). Silence
   * means no bytes at all: bytes that decode to nothing are a noisy signal (see {@link SignalQuality}), not a stall.
   */
  readonly stallMs?: number;
  /**
   * Time the device has to start streaming after its start command (LL1: a valid header after INFO/START), ms.
   * Default: the driver's own (2000 for LL1 and the binary devices, 4000 for a text stream: an Arduino restarts).
   */
  readonly handshakeMs?: number;
  /** Reconnect attempt interval after an unplug, ms. Default 250. */
  readonly reconnectPollMs?: number;
  /** Reconnecting longer than this reports `lost` (attempts go on), ms. Default 120000. */
  readonly lostAfterMs?: number;
  /** Injectable source factory (tests). */
  readonly sourceFor?: (deviceId: string, baudRate: number, framing: Framing) => LineSource;
}

const MAX_EVENTS = 20;
/** Window over which the signal quality is judged, ms. */
const QUALITY_WINDOW_MS = 1000;
/** Share of rejected lines (of all lines) from which a window counts as noisy. */
const NOISY_REJECTED_SHARE = 0.05;
/**
 * Housekeeping tick, ms: stall detection (750 ms of silence + at most one tick: shown within 1 s), status (≤ 4/s),
 * and a flush for sources that went quiet mid-batch. Batches themselves go out on each read, not on this tick, so it
 * can be slow: each wakeup of an otherwise idle host costs CPU.
 */
const TICK_MS = 100;
/** Batches go out after a read burst unless the previous one left less than this long ago, ms (≤ ~80 batches/s). */
const MIN_FLUSH_GAP_MS = 12;
function defaultSource(deviceId: string, baudRate: number, framing: Framing): LineSource {
  const d = parseDeviceId(deviceId);
  if (d?.kind === 'demo') return new DemoLineSource(d.sensor);
  return new SerialLineSource(d?.path ?? '', baudRate, framing);
}

/** How the driver's bytes are cut before it sees them. */
function framingOf(d: DeviceDriver): Framing {
  if (d.description.framing === 'bytes') return { kind: 'bytes' };
  return d.description.id === 'll1' ? { kind: 'll1' } : { kind: 'readline', maxLineBytes: d.description.maxLineBytes ?? MAX_LINE_BYTES };
}

export class DeviceLink {
  private drv: DeviceDriver;
  private settings: DeviceSettings = { driver: 'll1' };
  private readonly driverHandlers: DriverHandlers;
  private replyWaiter: ((text: string) => void) | null = null;
  private source: LineSource | null = null;
  private state: LinkState = 'idle';
  private error: AppError | null = null;
  private deviceId: string | null = null;
  private baudRate = DEFAULT_BAUD_RATE;
  private usbSerial: string | null = null;
  private ident: DeviceIdent | null = null;
  private events: { name: string; args: readonly string[]; sampleIndex: number }[] = [];
  /** When bytes last arrived from the device (any bytes: a noisy stream is not a silent one), ms since epoch. */
  private lastBytesAt = 0;
  private lastBytesIn = 0;
  private signal: SignalQuality | undefined = undefined;
  private qualityAt = 0;
  private qualitySamples = 0;
  private qualityRejected = 0;
  private qualityFrames = 0;
  private qualityBytes = 0;
  private tick: ReturnType<typeof setInterval> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectSince = 0;
  private headerWaiter: ((ok: boolean) => void) | null = null;
  private lastStatusAt = 0;
  private lastFlushAt = 0;
  private lastTickAt = 0;
  private ticking = false;
  private lastStatusFrames = -1;
  private readonly opts: Required<Omit<LinkOptions, 'sourceFor' | 'handshakeMs'>> & Pick<LinkOptions, 'sourceFor' | 'handshakeMs'>;
  private readonly sourceHandlers: LineSourceHandlers;

  constructor(private readonly handlers: LinkHandlers, opts: LinkOptions = {}) {
    this.opts = {
      flushIntervalMs: opts.flushIntervalMs ?? 16,
      stallMs: opts.stallMs ?? 750,
      handshakeMs: opts.handshakeMs,
      reconnectPollMs: opts.reconnectPollMs ?? 250,
      lostAfterMs: opts.lostAfterMs ?? 120_000,
      sourceFor: opts.sourceFor,
    };
    this.driverHandlers = {
      onBatch: (b) => handlers.onBatch?.(b),
      onHeader: (h, changed, id) => this.onHeader(h, changed, id),
      onIdent: (id) => { this.ident = id; handlers.onIdent?.(id); this.emitStatus(true); },
      onEvent: (ev, idx) => this.onDeviceEvent(ev, idx),
      onReject: (r) => handlers.onReject?.(r),
      onReply: (text) => this.replyWaiter?.(text),
    };
    this.drv = createDriver(this.settings, this.driverHandlers);
    this.sourceHandlers = {
      onLine: (line, len, t) => { this.drv.pushLine(line, len, t); },
      onBytes: (chunk, len, t) => { this.drv.push(chunk, len, t); },
      onChunkEnd: () => {
        this.noteBytes();
        if (performance.now() - this.lastFlushAt >= MIN_FLUSH_GAP_MS) this.flush();
      },
      onClose: () => this.onSourceLost(),
      onPoll: () => { if (performance.now() - this.lastTickAt >= TICK_MS) this.onTick(); },
    };
  }

  /** Whether the link runs a housekeeping timer of its own (no polling source attached); for diagnostics. */
  get usesOwnTimer(): boolean { return this.tick !== null; }

  /** The driver of the current (or last) connection. */
  get driver(): DeviceDriver { return this.drv; }
  /** The device settings of the current (or last) connection. */
  get deviceSettings(): DeviceSettings { return this.settings; }

  /** The driver's counters, live (bytes include what the port delivered so far). Read at UI rate. */
  get counters(): DeviceCounters {
    const c = this.drv.counters;
    if (this.drv.description.framing === 'lines') return { ...c, bytes: this.bytesSoFar(), rejected: c.rejected };
    return c;
  }

  status(): LinkOnlyStatus {
    const d = this.drv.description;
    const c = this.drv.counters;
    return {
      state: this.state,
      deviceId: this.deviceId,
      error: this.error,
      ident: this.ident,
      header: this.drv.header,
      streamId: this.drv.streamId,
      counters: { ...c, bytes: this.bytesSoFar(), rejected: { ...c.rejected } },
      events: this.events.slice(),
      driver: { id: d.id, name: d.name, lossDetectable: d.lossDetectable, rejectReasons: d.rejectReasons },
      ...(this.signal ? { signal: this.signal } : {}),
    };
  }

  /**
   * Opens the device with the driver `device` names (default LL1; the Demo sensor always speaks LL1), runs the
   * driver's start steps and waits until it streams.
   */
  async connect(deviceId: string, baudRate?: number, device: DeviceSettings = { driver: 'll1' }): Promise<Result<{ deviceId: string }>> {
    await this.disconnect();
    this.settings = deviceId.startsWith('demo:') ? { driver: 'll1' } : device;
    this.drv = createDriver(this.settings, this.driverHandlers, { streamIdBase: this.drv.streamId });
    this.deviceId = deviceId;
    this.baudRate = baudRate ?? (this.settings.driver === 'll1' ? DEFAULT_BAUD_RATE : this.drv.description.baudRate);
    this.ident = null;
    this.events = [];
    this.signal = undefined;
    this.error = null;
    this.setState('connecting');
    const r = await this.openAndHandshake();
    if (!r.ok) {
      this.error = r.error;
      this.setState('error');
      return r;
    }
    const serialPath = serialPathOf(deviceId);
    this.usbSerial = serialPath !== null ? await portSerialNumber(serialPath) : null;
    this.startTick();
    return { ok: true, value: { deviceId } };
  }

  /** Sends the driver's stop command, closes the port and stops reconnecting. */
  async disconnect(): Promise<void> {
    this.stopReconnect();
    this.stopTick();
    this.drv.flush();
    const s = this.source;
    this.source = null;
    if (s) {
      this.countBytes(s);
      s.write(this.drv.stopCommand());
      await s.close();
    }
    this.deviceId = null;
    this.error = null;
    this.setState('idle');
  }

  /** Sends a host command (`zero`: pressure tare) to the connected device, in the driver's bytes. */
  send(command: 'zero'): Result<null> {
    if (!this.source || (this.state !== 'streaming' && this.state !== 'stalled')) return { ok: false, error: { kind: 'not-connected' } };
    const bytes = this.drv.command(command);
    if (bytes) this.source.write(bytes);
    return { ok: true, value: null };
  }

  /** Tells the Demo sensor's simulated patient what the exercise asks now; true when a Demo sensor heard it. */
  followCue(cue: PatientCue | null): boolean {
    if (!(this.source instanceof DemoLineSource)) return false;
    this.source.follow(cue);
    return true;
  }

  private bytesSoFar(): number {
    // Byte drivers count what they are handed; for line drivers the port's splitter counts.
    if (this.drv.description.framing === 'bytes') return this.drv.counters.bytes;
    return this.drv.counters.bytes + (this.source?.bytesIn ?? 0);
  }

  private async openAndHandshake(): Promise<Result<null>> {
    const id = this.deviceId!;
    const path = serialPathOf(id) ?? id;
    const drv = this.drv;
    const source = (this.opts.sourceFor ?? defaultSource)(id, this.baudRate, framingOf(drv));
    const opened = await source.open(this.sourceHandlers);
    if (!opened.ok) return opened;
    this.source = source;
    const badBefore = totalBadFrames(drv.counters);
    let waited = 0;
    let ok = true;
    for (const step of drv.startSteps()) {
      const r = await this.runStep(source, step);
      waited += r.waitedMs;
      if (!r.ok) { ok = false; break; }
    }
    drv.setMode('stream');
    if (ok) { this.syncTickTimer(); return { ok: true, value: null }; }
    this.source = null;
    this.syncTickTimer();
    this.countBytes(source);
    // Leave the device stopped (and for LL1 exactly as before: STOP after a failed handshake).
    source.write(drv.stopCommand());
    await source.close();
    let bad = totalBadFrames(drv.counters) - badBefore;
    const lineCap = drv.description.maxLineBytes ?? MAX_LINE_BYTES;
    // Bytes that never end a line (wrong baud rate, a binary protocol) are not silence: one endless unreadable line.
    if (bad === 0 && drv.description.framing === 'lines' && source.bytesIn > lineCap + 1) bad = 1;
    if (bad === 0 && drv.description.framing === 'bytes' && drv.counters.skippedBytes > 0) bad = 1;
    if (bad === 0) return { ok: false, error: { kind: 'device-silent', path, waitedMs: waited } };
    if (drv.description.id === 'll1') return { ok: false, error: { kind: 'not-ll1', path, rejectedLines: bad } };
    return { ok: false, error: { kind: 'wrong-device', path, driver: drv.description.id, badFrames: bad } };
  }

  /**
   * One start step: write its bytes, then wait for the answer, the stream or the pause it asks for (re-sending every
   * `retryMs` when given). Resolves with whether it succeeded and how long it waited.
   */
  private runStep(source: LineSource, step: HandshakeStep): Promise<{ ok: boolean; waitedMs: number }> {
    const drv = this.drv;
    const timeoutMs = step.awaitReply === 'stream' && this.opts.handshakeMs !== undefined ? this.opts.handshakeMs : step.timeoutMs;
    drv.setMode(step.awaitReply === 'reply' ? 'reply' : step.awaitReply === 'stream' ? 'stream' : 'idle');
    const t0 = Date.now();
    return new Promise((resolve) => {
      let retry: ReturnType<typeof setInterval> | null = null;
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        if (retry) clearInterval(retry);
        this.headerWaiter = null;
        this.replyWaiter = null;
        resolve({ ok, waitedMs: Date.now() - t0 });
      };
      const timer = setTimeout(() => done(step.awaitReply === 'none'), timeoutMs);
      if (step.awaitReply === 'stream') {
        if (drv.header) { done(true); return; }
        this.headerWaiter = (ok) => done(ok);
      } else if (step.awaitReply === 'reply') {
        this.replyWaiter = (text) => { if (!step.replyMustContain || text.includes(step.replyMustContain)) done(true); };
      }
      if (step.send.length > 0) {
        source.write(step.send);
        if (step.retryMs) retry = setInterval(() => source.write(step.send), step.retryMs);
      }
    });
  }

  private countBytes(source: LineSource): void {
    if (this.drv.description.framing === 'lines') this.drv.counters.bytes += source.bytesIn;
  }

  private onHeader(h: StreamHeader, changed: boolean, streamId: number): void {
    this.handlers.onHeader?.(h, changed, streamId);
    if (this.headerWaiter) this.headerWaiter(true);
    if (this.state === 'connecting' || this.state === 'reconnecting' || this.state === 'lost') {
      const wasReconnect = this.state !== 'connecting';
      this.lastBytesAt = Date.now();
      this.lastBytesIn = this.source?.bytesIn ?? 0;
      this.startQualityWindow(Date.now());
      this.setState('streaming');
      if (wasReconnect) this.handlers.onLinkEvent?.('reconnected', Date.now());
    } else if (changed) this.emitStatus(true);
  }

  private onDeviceEvent(ev: DeviceEvent, sampleIndex: number): void {
    this.events.push({ name: ev.name, args: ev.args, sampleIndex });
    if (this.events.length > MAX_EVENTS) this.events.shift();
    this.handlers.onEvent?.(ev, sampleIndex);
    this.emitStatus(true);
  }

  private onSourceLost(): void {
    const s = this.source;
    if (!s) return;
    this.countBytes(s);
    this.source = null;
    this.syncTickTimer();
    this.drv.flush();
    this.handlers.onLinkEvent?.('unplugged', Date.now());
    this.reconnectSince = Date.now();
    this.setState('reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.reconnectTimer = setTimeout(() => { void this.tryReconnect(); }, this.opts.reconnectPollMs);
  }

  private stopReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private async tryReconnect(): Promise<void> {
    this.reconnectTimer = null;
    if (!this.deviceId || (this.state !== 'reconnecting' && this.state !== 'lost')) return;
    // The same device may come back under another path (ttyACM0 → ttyACM1): follow its USB serial number.
    const current = serialPathOf(this.deviceId);
    if (this.usbSerial && current !== null) {
      const moved = await findPortBySerialNumber(this.usbSerial);
      if (moved && moved !== current) this.deviceId = serialDeviceId(moved);
    }
    this.drv.reset();
    const r = await this.openAndHandshake();
    if (!this.deviceId) { if (r.ok) await this.disconnect(); return; }
    if (r.ok) return; // onHeader switched to streaming
    if (this.state === 'reconnecting' && Date.now() - this.reconnectSince > this.opts.lostAfterMs) this.setState('lost');
    this.scheduleReconnect();
  }

  private startTick(): void {
    this.ticking = true;
    this.syncTickTimer();
  }

  private stopTick(): void {
    this.ticking = false;
    this.syncTickTimer();
  }

  /** The link's own timer runs only while no polling source drives the housekeeping (one wakeup source, not two). */
  private syncTickTimer(): void {
    const own = this.ticking && !this.source?.pollIntervalMs;
    if (own && !this.tick) this.tick = setInterval(() => this.onTick(), TICK_MS);
    if (!own && this.tick) { clearInterval(this.tick); this.tick = null; }
  }

  private flush(): void {
    this.lastFlushAt = performance.now();
    this.drv.flush();
  }

  private onTick(): void {
    this.lastTickAt = performance.now();
    if (performance.now() - this.lastFlushAt >= this.opts.flushIntervalMs) this.flush();
    const now = Date.now();
    this.noteBytes();
    // No bytes for longer than 750 ms (or 2.5 sample periods of a slow device) is a stall: shown within 1 s.
    const rate = this.drv.header?.rateHz ?? 1000;
    if (this.state === 'streaming' && now - this.lastBytesAt > Math.max(this.opts.stallMs, 2500 / rate)) {
      this.setState('stalled');
      this.handlers.onLinkEvent?.('stalled', now);
    }
    if ((this.state === 'streaming' || this.state === 'stalled') && now - this.qualityAt >= QUALITY_WINDOW_MS) this.judgeQuality(now);
    this.emitStatus(false);
  }

  /** Bytes arrived since the last look: the device is not silent (whatever the bytes decode to). */
  private noteBytes(): void {
    const b = this.source?.bytesIn ?? 0;
    if (b === this.lastBytesIn) return;
    this.lastBytesIn = b;
    this.lastBytesAt = Date.now();
    if (this.state === 'stalled') { this.setState('streaming'); this.handlers.onLinkEvent?.('resumed', this.lastBytesAt); }
  }

  private startQualityWindow(now: number): void {
    const c = this.drv.counters;
    this.qualityAt = now;
    this.qualitySamples = c.samples;
    this.qualityRejected = totalBadFrames(c);
    this.qualityFrames = c.frames;
    this.qualityBytes = this.source?.bytesIn ?? 0;
  }

  /** Judges the window that just ended: noisy when many lines were unreadable, or bytes came without a valid sample. */
  private judgeQuality(now: number): void {
    const c = this.drv.counters;
    const s = (now - this.qualityAt) / 1000;
    const samples = c.samples - this.qualitySamples;
    const rejected = totalBadFrames(c) - this.qualityRejected;
    const lines = c.frames - this.qualityFrames;
    const bytes = (this.source?.bytesIn ?? 0) - this.qualityBytes;
    const share = lines > 0 ? rejected / lines : 0;
    const noisy = share >= NOISY_REJECTED_SHARE || (bytes > 0 && samples === 0);
    const prev = this.signal?.quality;
    this.signal = {
      quality: noisy ? 'noisy' : 'good', validPerS: Math.round(samples / s), rejectedPerS: Math.round(rejected / s),
      rejectedPercent: Math.round(share * 1000) / 10,
    };
    this.startQualityWindow(now);
    if (prev !== this.signal.quality) this.emitStatus(true);
  }

  private setState(s: LinkState): void {
    if (this.state === s) return;
    this.state = s;
    if (s !== 'error') this.error = null;
    this.emitStatus(true);
  }

  /** Status goes out on every state change and otherwise at most 4×/s while counters move. */
  private emitStatus(force: boolean): void {
    if (!this.handlers.onStatus) return;
    const now = Date.now();
    const frames = this.drv.counters.frames;
    if (!force && (now - this.lastStatusAt < 250 || frames === this.lastStatusFrames)) return;
    this.lastStatusAt = now;
    this.lastStatusFrames = frames;
    this.handlers.onStatus(this.status());
  }
}
