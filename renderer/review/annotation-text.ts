// Annotations as people read them: markers and events in words, phases by name (they have their own list), device
// housekeeping (battery, padding, lost samples) apart, and a marker's bare "#n" hidden once its text followed.
import type { SessionAnnotation } from '../../api/contract.ts';
import type { MessageKey } from '../i18n/messages.ts';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface ShownAnnotation { readonly onsetS: number; readonly kind: string; readonly text: string; readonly housekeeping: boolean }

const HOUSEKEEPING = new Set(['padding', 'lost']);

/** The annotation list of a session for review, in the user's language (phase, pacer and protocol annotations left out). */
export function shownAnnotations(anns: readonly SessionAnnotation[], t: T): ShownAnnotation[] {
  const out: ShownAnnotation[] = [];
  const markers = anns.filter((a) => a.kind === 'marker').map((a) => ({ onsetS: a.onsetS, body: a.text.replace(/^marker: ?/, '') }));
  for (const a of anns) {
    if (a.kind === 'phase-start' || a.kind === 'phase-end' || a.kind === 'pacer' || a.kind === 'protocol') continue;
    if (a.kind === 'marker') {
      const body = a.text.replace(/^marker: ?/, '');
      // `#2` placed with M, then `#2 coughed` when its text was added: one line.
      if (/^#\d+$/.test(body) && markers.some((m) => Math.abs(m.onsetS - a.onsetS) < 1e-3 && m.body.startsWith(`${body} `))) continue;
      out.push({ onsetS: a.onsetS, kind: a.kind, text: t('rev.ann.marker', { text: body }), housekeeping: false });
      continue;
    }
    const words = a.text.split(' ');
    let text = a.text;
    if (a.kind === 'reconnect') text = t('rev.ann.reconnect');
    else if (a.kind === 'padding') text = t('rev.ann.padding');
    else if (a.kind === 'lost') text = t('rev.ann.lost', { n: Number(/\d+/.exec(a.text)?.[0] ?? 0) });
    else if (a.kind === 'device') {
      const name = words[0]!;
      const arg = words.slice(1).join(' ');
      text = name === 'lead-off' || name === 'lead-on' || name === 'battery' || name === 'error' ? t(`event.${name}`, { arg }) : t('event.other', { name, arg });
    }
    out.push({ onsetS: a.onsetS, kind: a.kind, text, housekeeping: HOUSEKEEPING.has(a.kind) || (a.kind === 'device' && words[0] === 'battery') });
  }
  return out;
}
