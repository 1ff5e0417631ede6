// The id of a profile or session as every boundary checks it: it becomes a folder name, so nothing path-like gets in.
import { z } from 'zod';

/** Letters, digits, `-` and `_`, 1–64 characters, starting with a letter or digit (no `.`, `/` or `..`). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** The rule of {@link ID_PATTERN} in words (English; the renderer's catalogue has the user's language). */
export const ID_RULE = 'use letters, digits, - and _ (at most 64), not a name Windows reserves (con, nul, aux, prn, com1…)';
/**
 * Names Windows reserves for devices in every folder (any case, with or without an extension): a patient called
 * "Con" or "Aux" would get a folder Windows cannot create or open.
 */
export const WINDOWS_RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
/** True when `id` is a safe profile or session id ({@link ID_PATTERN}) and no Windows reserved name. */
export function isSafeId(id: string): boolean { return ID_PATTERN.test(id) && !WINDOWS_RESERVED_NAMES.test(id); }
export const idSchema = z.string().regex(ID_PATTERN, ID_RULE).refine((id) => !WINDOWS_RESERVED_NAMES.test(id), 'a name Windows reserves (con, nul, aux, prn, com1…)');

