// Folder-safe profile ids from names: "Anna de Vries" → "anna-de-vries" (letters, digits, - and _; at most 64).
import { WINDOWS_RESERVED_NAMES } from '../../api/id-schema.ts';

/**
 * A profile id for a name; empty when nothing usable remains. Accents are folded (é → e). A name Windows reserves
 * for a device ("Con", "Nul", "Com1") gets `-1` appended: "Con" → "con-1".
 */
export function slugOf(name: string): string {
  const slug = baseSlug(name);
  return WINDOWS_RESERVED_NAMES.test(slug) ? `${slug}-1` : slug;
}

function baseSlug(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
}
