// Default mains-notch frequency from the user's locale: 60 Hz where the grid runs at 60 Hz (mostly the Americas), else 50 Hz.

/**
 * Regions (ISO 3166 alpha-2) whose mains grid is 60 Hz. Japan is split (50 Hz east, 60 Hz west) and stays at the
 * 50 Hz default; the user can switch.
 */
export const MAINS_60HZ_REGIONS: ReadonlySet<string> = new Set([
  'US', 'CA', 'MX', 'BR', 'CO', 'VE', 'EC', 'PE', 'CR', 'CU', 'DO', 'GT', 'HN', 'NI', 'PA', 'PR', 'SV', 'BS', 'BZ',
  'HT', 'TT', 'GU', 'AS', 'VI', 'KR', 'TW', 'PH', 'SA', 'LR',
]);

/** Region of a BCP-47 locale tag (`en-US` → `US`, `es-419` → `419`, `nl` → null). */
export function regionOf(locale: string | undefined): string | null {
  if (!locale) return null;
  const parts = locale.replace(/_/g, '-').split('-');
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    if (/^[A-Za-z]{2}$/.test(p) || /^\d{3}$/.test(p)) return p.toUpperCase();
  }
  return null;
}

/** Mains notch default in Hz for a locale: 60 for 60 Hz regions and Latin America (`419`), 50 otherwise. */
export function defaultNotchHz(locale: string | undefined): 50 | 60 {
  const r = regionOf(locale);
  if (r === null) return 50;
  return r === '419' || MAINS_60HZ_REGIONS.has(r) ? 60 : 50;
}
