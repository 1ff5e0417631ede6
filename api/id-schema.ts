// The id of a profile or session as every boundary checks it: it becomes a folder name, so nothing path-like gets in.
import { z } from 'zod';

/** Letters, digits, `-` and `_`, 1–64 characters, starting with a letter or digit (no `.`, `/` or `..`). */
export const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'use letters, digits, - and _ (at most 64)');
