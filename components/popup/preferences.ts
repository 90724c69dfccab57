// The one setting the popup needs (previews per account), read from the settings item without zod (lib/settings.ts
// would bring it into the popup), so each stored value is checked by hand here.
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, settings } from '../../lib/storage';
import type { Settings } from '../../lib/settings';

const MAX_PREVIEWS_PER_ACCOUNT = 50;

/** A stored value when it is a sensible count, else the default (damaged or missing settings must not empty the popup). */
export function previewsPerAccount(stored: Partial<Settings> | null | undefined): number {
  const value = stored?.previewsPerAccount;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PREVIEWS_PER_ACCOUNT
    ? value
    : DEFAULT_SETTINGS.previewsPerAccount;
}

export function usePreviewsPerAccount(): number {
  const [limit, setLimit] = useState(DEFAULT_SETTINGS.previewsPerAccount);
  useEffect(() => {
    void settings.getValue().then((value) => setLimit(previewsPerAccount(value)));
    return settings.watch((value) => setLimit(previewsPerAccount(value)));
  }, []);
  return limit;
}
