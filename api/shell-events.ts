// Events the desktop shell sends the page (a menu item, a recording opened from the OS): one typed, validated lane.
import { z } from 'zod';
import { idSchema } from './id-schema.ts';

/** Most files one event may list (as one drop may import). */
const MAX_FILES = 20;

/** An error value as it crosses to the page: a known `kind` and its fields (the catalogue words it). */
const appErrorShape = z.object({ kind: z.string().min(1).max(64) }).passthrough();

const importedFileSchema = z.discriminatedUnion('ok', [
  z.object({ file: z.string().max(1024), ok: z.literal(true), profileId: idSchema, sessionId: idSchema }).strict(),
  z.object({ file: z.string().max(1024), ok: z.literal(false), error: appErrorShape }).strict(),
]);

/** Every shell → page event, one schema each; the preload drops anything that does not match. */
export const shellEventSchema = z.discriminatedUnion('type', [
  /** A Help-menu item (Help → Safety and guidance). */
  z.object({ type: z.literal('menu'), item: z.enum(['help']) }).strict(),
  /** A recording opened from the OS (double-click, File → Open, second launch) was imported: show it in review. */
  z.object({ type: z.literal('open-session'), profileId: idSchema, sessionId: idSchema }).strict(),
  /** Recordings opened from the OS that could not be imported: list them with the import messages. */
  z.object({ type: z.literal('import-failed'), files: z.array(importedFileSchema).min(1).max(MAX_FILES) }).strict(),
]);

export type ShellEvent = z.infer<typeof shellEventSchema>;
export type ShellEventType = ShellEvent['type'];
export type ShellEventOf<T extends ShellEventType> = Extract<ShellEvent, { type: T }>;

/** The event if `raw` is a valid shell event, else null (a compromised or stale sender changes nothing). */
export function parseShellEvent(raw: unknown): ShellEvent | null {
  const r = shellEventSchema.safeParse(raw);
  return r.success ? r.data : null;
}
