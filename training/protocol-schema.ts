// Validation of user-defined protocols loaded from files (zod), with errors a person can read.
import { errorDetail } from '../api/error-detail.ts';
import { z } from 'zod';
import { PHASE_KINDS, PHASE_TARGETS, type Protocol } from './protocols.ts';

export const PROTOCOL_LIMITS = {
  maxPhases: 200,
  minDurationS: 1,
  maxDurationS: 3600,
  maxTextChars: 500,
  maxIdChars: 64,
  /** Largest protocol file accepted, in characters. */
  maxFileChars: 1_000_000,
} as const;

const L = PROTOCOL_LIMITS;
const text = z.string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(L.maxTextChars, { error: `must be at most ${L.maxTextChars} characters` });
const localText = z.object({ nl: text, en: text }, { error: 'must have both a Dutch (nl) and an English (en) text' }).strict();
const id = z.string({ error: 'must be text' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: 'may only contain letters, digits, - and _' })
  .max(L.maxIdChars, { error: `must be at most ${L.maxIdChars} characters` });

const phaseSchema = z.object({
  id,
  name: localText,
  durationS: z.number({ error: 'must be a number of seconds' })
    .finite({ error: 'must be a number of seconds' })
    .min(L.minDurationS, { error: `must be at least ${L.minDurationS} second` })
    .max(L.maxDurationS, { error: `must be at most ${L.maxDurationS} seconds (one hour)` }),
  instruction: localText,
  target: z.enum(PHASE_TARGETS, { error: `must be one of ${PHASE_TARGETS.join(', ')}` }),
  pacer: z.boolean({ error: 'must be true or false' }),
  kind: z.enum(PHASE_KINDS, { error: `must be one of ${PHASE_KINDS.join(', ')}` }),
}, { error: 'must be a phase object' }).strict();

/** Schema of a protocol file. Unknown keys are rejected so typos do not pass silently. */
export const protocolSchema = z.object({
  id,
  name: localText,
  description: localText.optional(),
  phases: z.array(phaseSchema, { error: 'must be a list of phases' })
    .min(1, { error: 'needs at least one phase' })
    .max(L.maxPhases, { error: `may have at most ${L.maxPhases} phases` }).readonly(),
}, { error: 'must be a protocol object' }).strict().superRefine((p, ctx) => {
  const seen = new Set<string>();
  p.phases.forEach((ph, i) => {
    if (seen.has(ph.id)) ctx.addIssue({ code: 'custom', path: ['phases', i, 'id'], message: `"${ph.id}" is used by an earlier phase; phase ids must be unique` });
    seen.add(ph.id);
  });
});

/** One readable problem: where (e.g. `phase 3 › durationS`) and what. */
export interface ProtocolIssue { readonly where: string; readonly message: string }

export type ProtocolLoadError =
  | { readonly kind: 'too-large'; readonly chars: number; readonly maxChars: number }
  | { readonly kind: 'not-json'; readonly detail: string }
  | { readonly kind: 'invalid-protocol'; readonly issues: readonly ProtocolIssue[] };

export type ProtocolResult = { readonly ok: true; readonly value: Protocol } | { readonly ok: false; readonly error: ProtocolLoadError };

/** Turns a zod path into words: ['phases', 2, 'name', 'nl'] → `phase 3 › name › nl`. */
function describePath(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const k = path[i];
    if (k === 'phases' && typeof path[i + 1] === 'number') { parts.push(`phase ${(path[i + 1] as number) + 1}`); i++; }
    else parts.push(String(k));
  }
  return parts.length ? parts.join(' › ') : 'protocol';
}

/** Validates an already-parsed value; reports up to 20 issues. */
export function parseProtocol(value: unknown): ProtocolResult {
  const r = protocolSchema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const issues = r.error.issues.slice(0, 20).map((i) => {
    // Unknown keys: name them, so "durationSec" is easy to spot.
    const message = i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message;
    return { where: describePath(i.path), message };
  });
  return { ok: false, error: { kind: 'invalid-protocol', issues } };
}

/** Parses and validates the text of a protocol file (JSON). */
export function parseProtocolText(textIn: string): ProtocolResult {
  if (textIn.length > L.maxFileChars) return { ok: false, error: { kind: 'too-large', chars: textIn.length, maxChars: L.maxFileChars } };
  let value: unknown;
  try {
    value = JSON.parse(textIn);
  } catch (e) {
    return { ok: false, error: { kind: 'not-json', detail: errorDetail(e, 'invalid JSON') } };
  }
  return parseProtocol(value);
}

/** One line per issue, for logs and the CLI (the UI translates `kind`s itself). */
export function formatProtocolError(e: ProtocolLoadError): string {
  switch (e.kind) {
    case 'too-large': return `The protocol file is too large (${e.chars} characters; at most ${e.maxChars}).`;
    case 'not-json': return `The protocol file is not valid JSON: ${e.detail}`;
    case 'invalid-protocol': return e.issues.map((i) => `${i.where}: ${i.message}`).join('\n');
  }
}
