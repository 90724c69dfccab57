// The popup's checks of the user's choices it reads from storage without zod (lib/settings.ts would bring zod into
// the popup): previews per account (from the settings) and collapsed accounts, each stored value checked by hand.
import { DEFAULT_SETTINGS } from '../../lib/storage-keys';
import type { Settings } from '../../lib/settings';

const MAX_PREVIEWS_PER_ACCOUNT = 50;

/** A stored value when it is a sensible count, else the default (damaged or missing settings must not empty the popup). */
export function previewsPerAccount(stored: Partial<Settings> | null | undefined): number {
  const value = stored?.previewsPerAccount;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PREVIEWS_PER_ACCOUNT
    ? value
    : DEFAULT_SETTINGS.previewsPerAccount;
}

/** Only names (strings) count; anything else stored there is ignored rather than trusted. */
export function collapsedNames(stored: unknown): string[] {
  return Array.isArray(stored) ? stored.filter((name): name is string => typeof name === 'string').slice(0, 100) : [];
}
