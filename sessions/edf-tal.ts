// EDF+ time-stamped annotation lists (TALs): encoding into a record's annotation bytes and strict parsing.

/** One annotation: onset and duration in seconds from the file start. */
export interface Annotation {
  readonly onsetS: number;
  /** Seconds, or null when none was given. */
  readonly durationS: number | null;
  readonly text: string;
}

const ONSET_RE = /^[+-]\d+(\.\d+)?$/;
const DURATION_RE = /^\d+(\.\d+)?$/;
/** Longest annotation text in UTF-8 bytes; longer texts are cut (keeps every TAL well inside one record). */
export const MAX_TEXT_BYTES = 160;

/** Longest annotation text kept when reading a file, characters; longer ones are cut and end in `…`. */
export const MAX_READ_TEXT_CHARS = 512;
/**
 * Control characters shown nowhere: C0 (incl. TAB, CR, LF), DEL, C1, and the bidirectional overrides/isolates that
 * can make a text display differently from what it is.
 */
// eslint-disable-next-line no-control-regex
const DISPLAY_CONTROLS = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * An annotation text read from a file, made safe to display and export: control characters become spaces, the
 * text is trimmed and cut to {@link MAX_READ_TEXT_CHARS}.
 */
export function cleanReadText(text: string): string {
  const t = text.replace(DISPLAY_CONTROLS, ' ').trim();
  return t.length <= MAX_READ_TEXT_CHARS ? t : `${t.slice(0, MAX_READ_TEXT_CHARS - 1)}…`;
}

/** Seconds as a TAL number: up to 7 decimals (100 ns), no exponent, trailing zeros trimmed. */
export function formatSeconds(s: number): string {
  let t = Math.abs(s).toFixed(7);
  t = t.replace(/0+$/, '').replace(/\.$/, '');
  return t;
}

/** Removes TAL control bytes and other control characters; cuts to {@link MAX_TEXT_BYTES} UTF-8 bytes. */
export function sanitizeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const t = text.replace(/[\x00-\x1f\x7f]/g, ' ');
  if (Buffer.byteLength(t, 'utf8') <= MAX_TEXT_BYTES) return t;
  let out = '';
  let bytes = 0;
  for (const ch of t) { // whole code points, never half a surrogate pair
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > MAX_TEXT_BYTES) break;
    out += ch;
    bytes += b;
  }
  return out;
}

/** Encodes one TAL with one text (already sanitized). */
export function encodeTal(a: Annotation): Buffer {
  const sign = a.onsetS < 0 ? '-' : '+';
  let s = sign + formatSeconds(a.onsetS);
  if (a.durationS !== null && a.durationS > 0) s += '\x15' + formatSeconds(a.durationS);
  return Buffer.concat([Buffer.from(s + '\x14', 'latin1'), Buffer.from(a.text, 'utf8'), Buffer.from([0x14, 0x00])]);
}

/** The time-keeping TAL that starts every record: `+onset 0x14 0x14 0x00`. */
export function encodeTimeKeepingTal(onsetS: number): Buffer {
  return Buffer.from(`${onsetS < 0 ? '-' : '+'}${formatSeconds(onsetS)}\x14\x14\x00`, 'latin1');
}

export interface ParsedRecordAnnotations {
  /** Record start from the time-keeping TAL, in seconds. */
  readonly recordOnsetS: number;
  readonly annotations: Annotation[];
}

/**
 * Parses the annotation bytes of one record (one annotation signal). The first TAL must be a time-keeping TAL.
 * Returns a detail string on any violation.
 */
export function parseRecordTals(b: Uint8Array, requireTimeKeeping = true): ParsedRecordAnnotations | string {
  const annotations: Annotation[] = [];
  let recordOnsetS = NaN;
  let i = 0;
  let first = true;
  while (i < b.length && b[i] !== 0) {
    let end = i;
    while (end < b.length && b[end] !== 0) end++;
    if (end >= b.length) return `TAL at byte ${i} is not terminated by 0x00`;
    const tal = b.subarray(i, end);
    const p20 = tal.indexOf(0x14);
    if (p20 < 0) return `TAL at byte ${i} has no 0x14 after its onset`;
    const head = Buffer.from(tal.subarray(0, p20)).toString('latin1');
    const p21 = head.indexOf('\x15');
    const onsetS = p21 < 0 ? head : head.slice(0, p21);
    const durS = p21 < 0 ? null : head.slice(p21 + 1);
    if (!ONSET_RE.test(onsetS)) return `bad onset ${JSON.stringify(onsetS)}`;
    if (durS !== null && !DURATION_RE.test(durS)) return `bad duration ${JSON.stringify(durS)}`;
    if (tal[tal.length - 1] !== 0x14) return `TAL at byte ${i} does not end with 0x14`;
    const texts = Buffer.from(tal.subarray(p20 + 1, tal.length - 1)).toString('utf8').split('\x14');
    const onset = Number(onsetS);
    const duration = durS === null ? null : Number(durS);
    // Only the first annotation signal starts with a time-keeping TAL; in the others (EDFlib writes several) the first
    // TAL is an ordinary annotation and its first text is kept.
    const timeKeeping = first && requireTimeKeeping;
    if (timeKeeping) {
      if (texts[0] !== '') return 'record does not start with a time-keeping TAL';
      recordOnsetS = onset;
    }
    for (let k = 0; k < texts.length; k++) {
      if (timeKeeping && k === 0) continue;
      // Each 0x14 would otherwise make an annotation: empty texts (a crafted file has millions) are skipped.
      if (texts[k]!.length === 0) continue;
      const text = cleanReadText(texts[k]!);
      if (text.length > 0) annotations.push({ onsetS: onset, durationS: duration, text });
    }
    first = false;
    i = end + 1;
  }
  for (let k = i; k < b.length; k++) if (b[k] !== 0) return `non-zero byte ${k} after the last TAL`;
  if (first && requireTimeKeeping) return 'record has no time-keeping TAL';
  if (!requireTimeKeeping) recordOnsetS = NaN;
  return { recordOnsetS, annotations };
}
