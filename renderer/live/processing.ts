// Per-channel live processing in the intake: raw frame → EMG RMS envelope (µV), a device's envelope as is (µV), or
// smoothed, tared pressure (chosen unit).
import type { ChannelSpec } from '../../firmware-protocol/codec.ts';
import { DEFAULT_EMG_SETTINGS, EmgChain, effectiveEmgFilter, resolveEmgSettings, type EmgSettings, type EmgSettingsError } from '../../dsp/emg-chain.ts';
import { createPressureChain, type PressureChain, type PressureSettingsError, type PressureUnit } from '../../dsp/pressure.ts';

/** What the user chose for processing; sent from the page to the intake (worker or page). */
export interface ProcessingSettings {
  /** Band 20–500 Hz (default) or 100–500 Hz, notch 50/60/off, RMS window 50–1000 ms (default 200). */
  readonly emg: EmgSettings;
  /** Pressure: low-pass corner in Hz (default 10) and the unit shown (default cmH2O). */
  readonly pressure: { readonly lowPassHz: number; readonly outputUnit: PressureUnit };
}

export const DEFAULT_PROCESSING: ProcessingSettings = { emg: DEFAULT_EMG_SETTINGS, pressure: { lowPassHz: 10, outputUnit: 'cmH2O' } };

/** A processing problem for one channel (the intake falls back to default settings for that channel). */
export type ProcessingError =
  | { readonly kind: 'emg-settings'; readonly channel: string; readonly error: EmgSettingsError }
  | { readonly kind: 'pressure-settings'; readonly channel: string; readonly error: PressureSettingsError };

/** Unit of the processed stream of a channel: µV (RMS for EMG, as sent for a device envelope), else the chosen pressure unit. */
export function processedUnit(c: ChannelSpec, s: ProcessingSettings): string {
  return c.kind === 'pressure' ? s.pressure.outputUnit : 'uV';
}

/**
 * One channel's processor: owns its chain and scratch buffers (grown only when a bigger frame arrives), and
 * resets the filters after a gap in the sample clock.
 */
export class ChannelProcessor {
  private emg: EmgChain | null = null;
  private pressure: PressureChain | null = null;
  /** An `envelope` channel (rectified and smoothed by the device): passed through in µV, never band-passed. */
  private readonly asIs: boolean;
  private filtered = new Float32Array(1024);
  /** Output of the last `process` call (valid for `count` values). */
  out = new Float32Array(1024);
  private nextIndex = -1;

  constructor(readonly channel: ChannelSpec, readonly rateHz: number, settings: ProcessingSettings, onError: (e: ProcessingError) => void) {
    this.asIs = channel.kind === 'envelope';
    if (this.asIs) return;
    if (channel.kind === 'emg') {
      const r = resolveEmgSettings(rateHz, settings.emg);
      if (!r.ok) onError({ kind: 'emg-settings', channel: channel.label, error: r.error });
      // The same rule as the recording header and the analysis: settings clamped to the rate, else the default band.
      const f = effectiveEmgFilter(rateHz, settings.emg);
      this.emg = f ? new EmgChain(f) : null;
    } else {
      const inputUnit = channel.unit === 'uV' ? 'mmHg' : channel.unit;
      const r = createPressureChain(rateHz, { lowPassHz: settings.pressure.lowPassHz, inputUnit, outputUnit: settings.pressure.outputUnit });
      if (r.ok) this.pressure = r.value;
      else {
        onError({ kind: 'pressure-settings', channel: channel.label, error: r.error });
        const d = createPressureChain(rateHz, { lowPassHz: 10, inputUnit, outputUnit: 'mmHg' });
        this.pressure = d.ok ? d.value : null;
      }
    }
  }

  /** Processes one frame's raw values for this channel into `out`. Returns false if there is no chain. */
  process(raw: Int32Array, firstSampleIndex: number): boolean {
    const n = raw.length;
    if (n > this.out.length) {
      const cap = 1 << Math.ceil(Math.log2(n));
      this.out = new Float32Array(cap);
      this.filtered = new Float32Array(cap);
    }
    if (this.nextIndex >= 0 && firstSampleIndex !== this.nextIndex) { this.emg?.reset(); this.pressure?.reset(); }
    this.nextIndex = firstSampleIndex + n;
    if (this.asIs) { const k = this.channel.scale, out = this.out; for (let i = 0; i < n; i++) out[i] = raw[i]! * k; return true; }
    if (this.emg) { this.emg.process(raw, this.channel.scale, n, this.filtered, this.out); return true; }
    if (this.pressure) { this.pressure.process(raw, this.channel.scale, n, this.out); return true; }
    return false;
  }

  /** Host-side zero for pressure: the current smoothed level becomes 0. */
  tare(): void {
    this.pressure?.tare();
  }

  /** Carries a pressure tare offset over to a rebuilt chain. */
  tareOffset(): number | null {
    return this.pressure ? this.pressure.offset() : null;
  }

  setTareOffset(off: number): void {
    this.pressure?.setOffset(off);
  }
}
