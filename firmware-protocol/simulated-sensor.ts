// The simulated LL1 sensor: the device side of protocol v1 (commands in, header/ident/sample/event lines out).
import {
  encodeEvent, encodeHeader, encodeIdent, encodeSample, parseCommand, MAX_RATE_HZ, SEQ_MODULO,
  type ChannelSpec, type DeviceIdent, type StreamHeader,
} from './codec.ts';
import { PatientModel, type PatientCue } from './patient-model.ts';
import { type SimScriptName } from './sim-scripts.ts';

export { expectedLevel, SIM_SCRIPT_NAMES, isSimScriptName, type SimScriptName } from './sim-scripts.ts';

export type SimKind = 'emg' | 'pressure';

export interface SimOptions {
  /** Default channels: emg → PF + ABD (2 ch, µV, scale 0.1, raw -32768..32767); pressure → P (1 ch, mmHg, scale 0.01, raw -5000..30000). */
  kind: SimKind;
  /** Sample rate, Hz; default 2000 (emg), 100 (pressure). Rounded; outside 1..20000 the default is used. */
  rateHz?: number;
  /** Activation script; default 'demo'. */
  script?: SimScriptName;
  /** Deterministic PRNG seed, default 1. */
  seed?: number;
  /** Mains hum added to EMG, Hz; default 0 (none). */
  mainsHz?: 0 | 50 | 60;
  /** ECG-like spikes on EMG, default false. */
  ecg?: boolean;
  /** Reply to INFO; default vendor Loslaten, model Sim-EMG / Sim-P, serial SIM-<seed>, firmware 1.0.0. */
  ident?: { vendor: string; model: string; serial: string; firmware: string };
  /** Stream from the first advance() without waiting for START (default false). */
  autoStart?: boolean;
}

/** Accepted EMG rates for `RATE`, Hz. */
export const SIM_EMG_RATES_HZ: readonly number[] = [500, 1000, 2000];
/** Accepted pressure rate range for `RATE`, Hz (inclusive). */
export const SIM_PRESSURE_RATE_MIN_HZ = 10;
export const SIM_PRESSURE_RATE_MAX_HZ = 1000;

const EMG_CHANNELS: readonly ChannelSpec[] = [
  { label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
  { label: 'ABD', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 },
];
const PRESSURE_CHANNELS: readonly ChannelSpec[] = [
  { label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: -5000, rawMax: 30000 },
];
/** A battery event is sent at START and then every this many seconds of streaming. */
const BATTERY_EVERY_S = 60;
/** Backlog limit, s: a longer gap between advance() calls drops samples (a seq gap), like a device buffer overflow. */
const MAX_BACKLOG_S = 30;

/** True when `hz` is a rate the simulated sensor of this kind accepts. */
export function isValidSimRate(kind: SimKind, hz: number): boolean {
  if (!Number.isInteger(hz)) return false;
  return kind === 'emg' ? SIM_EMG_RATES_HZ.includes(hz) : hz >= SIM_PRESSURE_RATE_MIN_HZ && hz <= SIM_PRESSURE_RATE_MAX_HZ;
}

/**
 * A simulated LL1 device. Transport-free: feed it command lines and a monotonic clock, send what it returns.
 * The sequence number counts every sample ever produced (it continues across STOP/START); the script clock runs only
 * while streaming, so script time = samples streamed / rate.
 */
export class SimulatedSensor {
  private readonly kind: SimKind;
  private readonly model: PatientModel;
  private readonly ident: DeviceIdent;
  private readonly phys: Float64Array;
  private readonly raws: Int32Array;
  private readonly channels: readonly ChannelSpec[];
  private hdr: StreamHeader;
  private hdrLine: string;
  private rateHz: number;
  private isStreaming = false;
  private sendHeaderOnStart = false;
  private nowMs = Number.NaN;
  /** Device time of sample 0 of the current streaming segment (NaN until the clock is known). */
  private segStartMs = Number.NaN;
  private segEmitted = 0;
  private seq = 0;
  private tareMmHg = 0;
  private lastPhys = Number.NaN;
  /** Script time (s) at which the next battery event is due. */
  private nextBatterySec = 0;
  private readonly leadOff: boolean[];
  private pending: string[] = [];

  constructor(opts: SimOptions) {
    this.kind = opts.kind;
    const fallbackHz = opts.kind === 'emg' ? 2000 : 100;
    const wantHz = Math.round(opts.rateHz ?? fallbackHz);
    this.rateHz = wantHz >= 1 && wantHz <= MAX_RATE_HZ ? wantHz : fallbackHz;
    const seed = opts.seed ?? 1;
    this.model = new PatientModel({
      kind: opts.kind, rateHz: this.rateHz, script: opts.script ?? 'demo', seed,
      mainsHz: opts.mainsHz ?? 0, ecg: opts.ecg ?? false,
    });
    this.ident = opts.ident ?? {
      vendor: 'Loslaten', model: opts.kind === 'emg' ? 'Sim-EMG' : 'Sim-P', serial: `SIM-${seed >>> 0}`, firmware: '1.0.0',
    };
    this.channels = opts.kind === 'emg' ? EMG_CHANNELS : PRESSURE_CHANNELS;
    this.phys = new Float64Array(this.channels.length);
    this.raws = new Int32Array(this.channels.length);
    this.leadOff = this.channels.map(() => false);
    this.hdr = { rateHz: this.rateHz, channels: this.channels };
    this.hdrLine = encodeHeader(this.hdr);
    if (opts.autoStart) {
      this.isStreaming = true;
      this.sendHeaderOnStart = true;
    }
  }

  get streaming(): boolean { return this.isStreaming; }
  get header(): StreamHeader { return this.hdr; }
  /** Script time of the next sample, s. */
  get scriptTimeSec(): number { return this.model.scriptTimeSec; }

  /** The simulated patient follows the app's exercise cues from now on (null: back to its script). */
  follow(cue: PatientCue | null): void { this.model.follow(cue); }

  /** Handles one host command line (no \n); returns lines (no \n) to send at once. */
  command(line: string): string[] {
    const t = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (t.trim() === '') return [];
    const cmd = parseCommand(t.trim());
    if (cmd === null) return [encodeEvent({ name: 'error', args: ['unknown-command'] })];
    if (cmd === 'INFO') return [encodeIdent(this.ident), this.hdrLine];
    if (cmd === 'START') {
      if (!this.isStreaming) {
        this.isStreaming = true;
        this.beginSegment();
      }
      return [this.hdrLine];
    }
    if (cmd === 'STOP') {
      this.isStreaming = false;
      return [];
    }
    if (cmd === 'ZERO') {
      if (this.kind === 'pressure') {
        this.tareMmHg = Number.isNaN(this.lastPhys) ? this.model.currentPressureMmHg() : this.lastPhys;
      }
      return [];
    }
    if (!isValidSimRate(this.kind, cmd.rateHz)) return [encodeEvent({ name: 'error', args: ['bad-rate'] })];
    this.rateHz = cmd.rateHz;
    this.model.setRate(cmd.rateHz);
    this.hdr = { rateHz: cmd.rateHz, channels: this.channels };
    this.hdrLine = encodeHeader(this.hdr);
    if (this.isStreaming) this.beginSegment();
    return [this.hdrLine];
  }

  /**
   * Simulates an electrode coming off (or back on) channel `ch` (index): queues `!lead-off,<label>` /
   * `!lead-on,<label>` for the next advance(); while off, that channel reads 0.
   */
  setLeadOff(ch: number, off: boolean): void {
    const spec = this.channels[ch];
    if (!spec || this.leadOff[ch] === off) return;
    this.leadOff[ch] = off;
    this.pending.push(encodeEvent({ name: off ? 'lead-off' : 'lead-on', args: [spec.label] }));
  }

  /**
   * Advances the device clock to nowMs (monotonic, ms) and returns the lines produced since the previous call:
   * samples at the exact rate (sample k at t0 + k/rate), a header once per second while streaming. First call sets t0.
   */
  advance(nowMs: number): string[] {
    const out = this.pending;
    this.pending = [];
    if (Number.isNaN(this.nowMs)) {
      this.nowMs = nowMs;
      if (this.isStreaming) this.segStartMs = nowMs;
    } else if (nowMs > this.nowMs) {
      this.nowMs = nowMs;
    }
    if (!this.isStreaming) return out;
    if (this.sendHeaderOnStart) {
      this.sendHeaderOnStart = false;
      out.push(this.hdrLine);
    }
    const rate = this.rateHz;
    const due = Math.ceil(((this.nowMs - this.segStartMs) * rate) / 1000 - 1e-6);
    let n = due - this.segEmitted;
    const maxBacklog = Math.ceil(MAX_BACKLOG_S * rate);
    if (n > maxBacklog) {
      const drop = n - maxBacklog;
      this.model.skip(drop);
      this.seq = (this.seq + drop) % SEQ_MODULO;
      this.segEmitted += drop;
      n = maxBacklog;
    }
    for (let i = 0; i < n; i++) {
      const k = this.segEmitted;
      if (k > 0 && k % rate === 0) out.push(this.hdrLine);
      if (this.model.scriptTimeSec >= this.nextBatterySec) {
        out.push(this.batteryLine());
        this.nextBatterySec += BATTERY_EVERY_S;
      }
      this.sampleRaws();
      out.push(encodeSample(this.seq, this.raws));
      this.seq = (this.seq + 1) % SEQ_MODULO;
      this.segEmitted = k + 1;
    }
    return out;
  }

  private beginSegment(): void {
    this.segStartMs = this.nowMs; // NaN before the first advance(): set there
    this.segEmitted = 0;
  }

  private batteryLine(): string {
    const minutes = this.model.scriptTimeSec / 60;
    const pct = Math.max(5, 100 - Math.floor(minutes / 10));
    return encodeEvent({ name: 'battery', args: [String(pct)] });
  }

  /** Computes the next sample into this.raws (scaled, tared, clamped to the declared raw range). */
  private sampleRaws(): void {
    this.model.next(this.phys);
    const isP = this.kind === 'pressure';
    if (isP) this.lastPhys = this.phys[0]!;
    for (let c = 0; c < this.raws.length; c++) {
      const spec = this.channels[c]!;
      const v = isP ? this.phys[c]! - this.tareMmHg : this.phys[c]!;
      let r = this.leadOff[c] ? 0 : Math.round(v / spec.scale);
      if (r < spec.rawMin) r = spec.rawMin;
      else if (r > spec.rawMax) r = spec.rawMax;
      this.raws[c] = r;
    }
  }
}
