// The one way a caught error becomes the short `detail` of an error value (every layer uses it).
/**
 * A short, single-line detail of a caught error for an error value's `detail` (never a stack): the message cut to
 * `max` characters, or `fallback` for a non-Error throw. The UI shows `kind`s in words; details are for logs and support.
 */
export function errorDetail(e: unknown, fallback = 'unknown', max = 200): string {
  return e instanceof Error ? e.message.replace(/\s+/g, ' ').slice(0, max) : fallback;
}
