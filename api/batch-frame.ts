// Binary sample frame shared by both transports: one contiguous batch of raw samples, all channels, one buffer.
import type { SampleBatch } from '../firmware-protocol/decoder.ts';

/** Frame kind byte: raw samples. Other kinds may be added (e.g. processed envelopes) with new numbers. */
export const FRAME_KIND_RAW = 1;
export const FRAME_VERSION = 1;
/** Header bytes before the Int32 payload (a multiple of 8 so typed views are aligned). */
export const FRAME_HEADER_BYTES = 40;
/** Largest accepted frame (16 channels × 65536 samples); anything bigger is malformed. */
export const MAX_FRAME_BYTES = FRAME_HEADER_BYTES + 16 * 65536 * 4;

/**
 * Layout, little-endian: u8 kind, u8 version, u16 channels, u32 count, u32 streamId, u32 lostBefore,
 * f64 firstSampleIndex, f64 hostTimeMs (receive time of the newest line), f64 sentTimeMs (when the frame left the
 * core), then `channels × count` int32 raw values, channel-major.
 */
export function encodeBatchFrame(b: SampleBatch, sentTimeMs: number): ArrayBuffer {
  const n = b.channels.length;
  const buf = new ArrayBuffer(FRAME_HEADER_BYTES + n * b.count * 4);
  const dv = new DataView(buf);
  dv.setUint8(0, FRAME_KIND_RAW);
  dv.setUint8(1, FRAME_VERSION);
  dv.setUint16(2, n, true);
  dv.setUint32(4, b.count, true);
  dv.setUint32(8, b.streamId, true);
  dv.setUint32(12, b.lostBefore, true);
  dv.setFloat64(16, b.firstSampleIndex, true);
  dv.setFloat64(24, b.hostTimeMs, true);
  dv.setFloat64(32, sentTimeMs, true);
  const out = new Int32Array(buf, FRAME_HEADER_BYTES);
  for (let c = 0; c < n; c++) out.set(b.channels[c]!.subarray(0, b.count), c * b.count);
  return buf;
}

/** A decoded frame: views into the received buffer, no copies. */
export interface BatchFrameView {
  readonly streamId: number;
  readonly count: number;
  readonly lostBefore: number;
  readonly firstSampleIndex: number;
  readonly hostTimeMs: number;
  readonly sentTimeMs: number;
  /** Raw values per channel; physical = raw × scale from the stream header in the status. */
  readonly channels: readonly Int32Array[];
}

/** Decodes and validates a frame; returns null for anything malformed (wrong kind, version or length). */
export function decodeBatchFrame(buf: ArrayBuffer): BatchFrameView | null {
  if (!(buf instanceof ArrayBuffer) || buf.byteLength < FRAME_HEADER_BYTES || buf.byteLength > MAX_FRAME_BYTES) return null;
  const dv = new DataView(buf);
  if (dv.getUint8(0) !== FRAME_KIND_RAW || dv.getUint8(1) !== FRAME_VERSION) return null;
  const n = dv.getUint16(2, true);
  const count = dv.getUint32(4, true);
  if (n < 1 || n > 16 || buf.byteLength !== FRAME_HEADER_BYTES + n * count * 4) return null;
  const channels: Int32Array[] = [];
  for (let c = 0; c < n; c++) channels.push(new Int32Array(buf, FRAME_HEADER_BYTES + c * count * 4, count));
  return {
    streamId: dv.getUint32(8, true),
    count,
    lostBefore: dv.getUint32(12, true),
    firstSampleIndex: dv.getFloat64(16, true),
    hostTimeMs: dv.getFloat64(24, true),
    sentTimeMs: dv.getFloat64(32, true),
    channels,
  };
}
