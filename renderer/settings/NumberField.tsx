// One number field for every setting: its unit beside it, its range, and a clear message when what is typed cannot be
// used. The value in force changes only with a valid entry; while the field holds something else, the message says
// which value is still in use, so what is shown is never silently different from what is applied.
import { useEffect, useId, useState } from 'react';
import { formatNumber } from '../../api/i18n.ts';
import { useT } from '../i18n/use-t.ts';
import { useUi } from '../state/ui-store.ts';

export interface NumberFieldProps {
  readonly label: string;
  /** Unit shown after the field ('' for none). */
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** The value in force. */
  readonly value: number;
  /** Called with a valid value only. */
  readonly onValid: (v: number) => void;
  readonly testId?: string;
}

/** The number in `text`, or null when it is empty, not a number, not whole (when asked) or outside [min, max]. */
export function parseNumberField(text: string, min: number, max: number, integer = false): number | null {
  const s = text.trim().replace(',', '.');
  if (s === '' || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const v = Number(s);
  if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) return null;
  return v;
}

export function NumberField(p: NumberFieldProps) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const id = useId();
  const [text, setText] = useState(String(p.value));
  // A change from elsewhere (a saved default, a proposal, a unit change) shows up in the field.
  useEffect(() => { if (parseNumberField(text, p.min, p.max, p.integer) !== p.value) setText(String(p.value)); }, [p.value]); // eslint-disable-line react-hooks/exhaustive-deps
  const parsed = parseNumberField(text, p.min, p.max, p.integer);
  const bad = parsed === null;
  const fmt = (x: number) => formatNumber(lang, x, Number.isInteger(x) ? 0 : 1);
  return (
    <span className="number-field">
      <label htmlFor={id}>{p.label}</label>{' '}
      <input id={id} type="text" inputMode="decimal" value={text} data-testid={p.testId} aria-invalid={bad}
        aria-describedby={bad ? `${id}-err` : undefined} size={6}
        onChange={(e) => {
          setText(e.target.value);
          const v = parseNumberField(e.target.value, p.min, p.max, p.integer);
          if (v !== null && v !== p.value) p.onValid(v);
        }}
        onBlur={() => { if (bad) setText(String(p.value)); }} />
      {p.unit && <span className="unit"> {p.unit}</span>}
      {bad && (
        <span className="error field-error" id={`${id}-err`} role="alert" data-testid={p.testId ? `${p.testId}-error` : undefined}>
          {t(p.integer ? 'field.rangeWhole' : 'field.range', { min: fmt(p.min), max: fmt(p.max), unit: p.unit, current: fmt(p.value) })}
        </span>
      )}
    </span>
  );
}
