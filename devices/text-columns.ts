// Text-stream columns written as `label:kind:unit:scale:offset[,…]` (the settings form and `--columns` syntax).
import type { ChannelKind, WireUnit } from '../firmware-protocol/codec.ts';
import { TEXT_MAX_COLUMNS, textSettingsProblem, type TextColumn } from './text-stream.ts';

const NUMBER_RE = /^[-+]?\d+(\.\d+)?$/;

/** The columns a spec names, or the first problem in words (column number and part). Decimals follow the offset's. */
export function parseTextColumns(spec: string): { ok: true; value: TextColumn[] } | { ok: false; message: string } {
  const parts = spec.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
  if (parts.length === 0 || parts.length > TEXT_MAX_COLUMNS) return { ok: false, message: `1–${TEXT_MAX_COLUMNS} columns` };
  const out: TextColumn[] = [];
  for (const [i, raw] of parts.entries()) {
    const f = raw.split(':').map((x) => x.trim());
    if (f.length !== 5) return { ok: false, message: `column ${i + 1} (${raw}): needs 5 parts label:kind:unit:scale:offset, got ${f.length}` };
    const [label, kind, unit, scaleS, offsetS] = f as [string, string, string, string, string];
    if (!NUMBER_RE.test(scaleS) || !NUMBER_RE.test(offsetS)) return { ok: false, message: `column ${i + 1} (${raw}): scale and offset must be numbers such as 3.2227 and 512` };
    const decimals = Math.min(6, offsetS.split('.')[1]?.length ?? 0);
    out.push({ label, kind: kind as ChannelKind, unit: unit as WireUnit, scale: Number(scaleS), offset: Number(offsetS), ...(decimals ? { decimals } : {}) });
  }
  const p = textSettingsProblem({ rateHz: 1, columns: out });
  return p ? { ok: false, message: p } : { ok: true, value: out };
}

/** The spec text of columns (inverse of {@link parseTextColumns}). */
export function formatTextColumns(cols: readonly TextColumn[]): string {
  return cols.map((c) => `${c.label}:${c.kind}:${c.unit}:${c.scale}:${c.decimals ? c.offset.toFixed(c.decimals) : c.offset}`).join(',');
}
