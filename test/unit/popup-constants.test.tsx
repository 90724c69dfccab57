// The popup's zod-free reading of the settings matches lib/settings.ts.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREVIEWS_PER_ACCOUNT, previewsPerAccount } from '../../components/popup/preferences';
import { DEFAULT_SETTINGS } from '../../lib/settings';

describe('popup constants', () => {
  it('defaults to the same number of previews as the settings', () => {
    expect(DEFAULT_PREVIEWS_PER_ACCOUNT).toBe(DEFAULT_SETTINGS.previewsPerAccount);
  });

  it('uses a stored preview count only when it is a whole number from 0 to 50', () => {
    expect(previewsPerAccount({ previewsPerAccount: 0 })).toBe(0);
    expect(previewsPerAccount({ previewsPerAccount: 25 })).toBe(25);
    expect(previewsPerAccount({ previewsPerAccount: 51 })).toBe(DEFAULT_SETTINGS.previewsPerAccount);
    expect(previewsPerAccount({ previewsPerAccount: 2.5 })).toBe(DEFAULT_SETTINGS.previewsPerAccount);
    expect(previewsPerAccount(null)).toBe(DEFAULT_SETTINGS.previewsPerAccount);
  });
});
