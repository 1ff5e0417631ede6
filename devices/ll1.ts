// LL1 as a device driver: the existing Ll1Decoder (firmware-protocol/decoder.ts) behind the driver contract.
import { MAX_LINE_BYTES, REJECT_REASONS } from '../firmware-protocol/codec.ts';
import { Ll1Decoder, type DecoderOptions } from '../firmware-protocol/decoder.ts';
import { ascii, type DeviceCounters, type DeviceDriver, type DriverDescription, type DriverHandlers, type HandshakeStep } from './driver.ts';

export const LL1_DESCRIPTION: DriverDescription = {
  id: 'll1',
  name: 'LL1',
  baudRate: 921600,
  lossDetectable: true,
  rejectReasons: REJECT_REASONS,
  rates: [],
  framing: 'lines',
  maxLineBytes: MAX_LINE_BYTES,
};

/** Interval between repeated INFO/START requests during the handshake, ms. */
const HANDSHAKE_RETRY_MS = 400;

/**
 * LL1 (the app's own protocol, PROTOCOL.md): lines in. The decoder, its batch type and its counters are used as they
 * are; this class only maps them onto the contract (`frames` = lines, `rejected` = the decoder's own object).
 */
export class Ll1Driver implements DeviceDriver {
  readonly description = LL1_DESCRIPTION;
  readonly decoder: Ll1Decoder;
  private readonly own: DeviceCounters;

  constructor(handlers: DriverHandlers, opts: DecoderOptions = {}) {
    this.decoder = new Ll1Decoder(handlers, opts);
    this.own = { bytes: 0, frames: 0, samples: 0, batches: 0, lost: 0, skippedBytes: 0, rejected: this.decoder.counters.rejected };
  }

  /** The decoder's counters seen through the contract (refreshed on each read: read at UI rate). */
  get counters(): DeviceCounters {
    const d = this.decoder.counters;
    const c = this.own;
    c.frames = d.lines;
    c.samples = d.samples;
    c.batches = d.batches;
    c.lost = d.lost;
    return c;
  }

  get header() { return this.decoder.currentHeader; }
  get streamId(): number { return this.decoder.currentStreamId; }
  get sampleIndex(): number { return this.decoder.sampleIndex; }

  push(): void {
    throw new Error('LL1 is line-framed: the link splits lines and calls pushLine');
  }

  pushLine(line: Uint8Array, length: number, hostTimeMs: number): void {
    this.decoder.pushLine(line, length, hostTimeMs);
  }

  flush(): void { this.decoder.flush(); }
  reset(): void { this.decoder.reset(); }

  resetCounters(): void {
    this.decoder.resetCounters();
    this.own.bytes = 0;
    this.own.skippedBytes = 0;
  }

  /** INFO then START, repeated until the header comes (a device that resets on open misses the first). */
  startSteps(): readonly HandshakeStep[] {
    return [{ send: ascii('INFO\nSTART\n'), awaitReply: 'stream', timeoutMs: 2000, retryMs: HANDSHAKE_RETRY_MS }];
  }

  /** LL1 answers with lines of its own (`@…` ident, `#LL1…` header): every line is decoded in every mode. */
  setMode(): void { /* nothing to switch */ }

  stopCommand(): Uint8Array { return ascii('STOP\n'); }

  command(name: 'zero'): Uint8Array | null {
    return name === 'zero' ? ascii('ZERO\n') : null;
  }
}
