// The one setting the popup needs (previews per account), read without lib/settings.ts so zod stays out of the popup.
// test/unit/popup-constants.test.tsx checks the storage key and default against lib/settings.ts.
import { useEffect, useState } from 'preact/hooks';
import { storage } from 'wxt/utils/storage';
import type { Settings } from '../../lib/settings';

export const DEFAULT_PREVIEWS_PER_ACCOUNT = 10;
const MAX_PREVIEWS_PER_ACCOUNT = 50;

const storedSettings = storage.defineItem<Partial<Settings> | null>('local:settings', { fallback: null });

/** A stored value when it is a sensible count, else the default (damaged or missing settings must not empty the popup). */
export function previewsPerAccount(stored: Partial<Settings> | null | undefined): number {
  const value = stored?.previewsPerAccount;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PREVIEWS_PER_ACCOUNT
    ? value
    : DEFAULT_PREVIEWS_PER_ACCOUNT;
}

export function usePreviewsPerAccount(): number {
  const [limit, setLimit] = useState(DEFAULT_PREVIEWS_PER_ACCOUNT);
  useEffect(() => {
    void storedSettings.getValue().then((value) => setLimit(previewsPerAccount(value)));
    return storedSettings.watch((value) => setLimit(previewsPerAccount(value)));
  }, []);
  return limit;
}
