// Folder-safe profile ids from names: "Anna de Vries" → "anna-de-vries" (letters, digits, - and _; at most 64).

/** A profile id for a name; empty when nothing usable remains. Accents are folded (é → e). */
export function slugOf(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
}
