// One home for storage: every item is defined in lib/storage.ts; the settings item upgrades an old stored shape on
// load (not dropped), and the popup's zod-free reading of it agrees with the schema.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { previewsPerAccount } from '../../components/popup/preferences';
import { Settings } from '../../lib/settings';
import { DEFAULT_SETTINGS } from '../../lib/storage';

/** What a release from before versioned settings wrote: only the fields it knew, quiet hours without an end. */
const VERSION_1 = { notifications: false, sound: true, quietHours: { enabled: true, start: '21:30' }, previewsPerAccount: 4 };

/** Loads lib/storage.ts afresh, as an updated extension does: its items run their migrations when defined. */
async function freshStorage() {
  vi.resetModules();
  const storage = await import('../../lib/storage');
  const { loadSettings } = await import('../../lib/settings');
  return { ...storage, loadSettings };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('settings storage', () => {
  it('upgrades a version 1 value: every stored choice kept, missing fields from the defaults', async () => {
    await browser.storage.local.set({ settings: VERSION_1 });
    const { settings, loadSettings } = await freshStorage();

    const upgraded = {
      ...DEFAULT_SETTINGS,
      notifications: false,
      sound: true,
      quietHours: { enabled: true, start: '21:30', end: DEFAULT_SETTINGS.quietHours.end },
      previewsPerAccount: 4,
    };
    expect(await settings.getValue()).toEqual(upgraded);
    expect(Settings.safeParse(upgraded).success).toBe(true);
    expect(await loadSettings()).toEqual(upgraded);
    // Written back with its version, so the migration runs once.
    expect(await browser.storage.local.get(['settings', 'settings$'])).toEqual({ settings: upgraded, settings$: { v: 2 } });
  });

  it('keeps a complete version 1 value as it was', async () => {
    const complete = { ...DEFAULT_SETTINGS, badgeCounts: 'inbox', notifyFolders: { Work: ['INBOX', 'Lists'] } };
    await browser.storage.local.set({ settings: complete });
    const { settings } = await freshStorage();
    expect(await settings.getValue()).toEqual(complete);
  });

  it('leaves a version 2 value alone', async () => {
    const stored = { ...DEFAULT_SETTINGS, sound: true };
    await browser.storage.local.set({ settings: stored, settings$: { v: 2 } });
    const { settings } = await freshStorage();
    expect(await settings.getValue()).toEqual(stored);
  });

  it('answers the defaults on a fresh install, and stores the version with the first save', async () => {
    const { settings } = await freshStorage();
    expect(await settings.getValue()).toEqual(DEFAULT_SETTINGS);
    await settings.setValue({ ...DEFAULT_SETTINGS, sound: true });
    expect(await browser.storage.local.get('settings$')).toEqual({ settings$: { v: 2 } });
  });

  it('reads a stored value with one damaged field keeping every other choice', async () => {
    const stored = { ...DEFAULT_SETTINGS, sound: true, badgeCounts: 'inbox', previewsPerAccount: 'many' };
    await browser.storage.local.set({ settings: stored, settings$: { v: 2 } });
    const { loadSettings } = await freshStorage();
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, sound: true, badgeCounts: 'inbox' });
  });

  it('replaces a stored value that is not settings at all by the defaults', async () => {
    await browser.storage.local.set({ settings: ['not', 'settings'] });
    const { settings } = await freshStorage();
    expect(await settings.getValue()).toEqual(DEFAULT_SETTINGS);
  });
});

describe("the popup's reading of previews per account", () => {
  it('accepts exactly the counts the settings schema accepts, else the default', () => {
    for (const value of [0, 1, 25, 50, 51, -1, 2.5, Number.NaN]) {
      const valid = Settings.shape.previewsPerAccount.safeParse(value).success;
      expect(previewsPerAccount({ previewsPerAccount: value })).toBe(valid ? value : DEFAULT_SETTINGS.previewsPerAccount);
    }
    expect(previewsPerAccount(null)).toBe(DEFAULT_SETTINGS.previewsPerAccount);
  });
});

describe('one home for storage', () => {
  it('defines every storage item in lib/storage.ts and nowhere else', () => {
    const sources = ['lib', 'components', 'entrypoints'].flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.tsx?$/.test(file))
        .map((file) => join(dir, file)),
    );
    const defining = sources.filter((file) => readFileSync(file, 'utf8').includes('storage.defineItem'));
    expect(defining).toEqual([join('lib', 'storage.ts')]);
  });
});
