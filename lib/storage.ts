// Every value the extension persists, in one place, each with its default (keys and preference defaults in
// lib/storage-keys.ts). Nothing here ever holds a password. No zod here: pages import this module, and readers that
// need checked values parse them (lib/settings.ts).
import { storage } from 'wxt/utils/storage';
import type { ShownNotification } from './notify-decisions';
import type { Settings } from './settings';
import { initialState, type ExtensionState } from './state';
import { DEFAULT_SETTINGS, STORAGE_KEYS } from './storage-keys';

export { DEFAULT_SETTINGS };

/** Session storage: survives the worker being stopped, cleared when the browser quits (the host re-sends it). */
export const extensionState = storage.defineItem<ExtensionState>(STORAGE_KEYS.state, { fallback: initialState(new Date(0)) });

/**
 * The user's preferences. Version 1 (before items were versioned) held only the fields the release that wrote it
 * knew; from version 2 every field is stored. Readers still check each field (lib/settings.ts `loadSettings`), since
 * storage can be edited by hand.
 */
export const settings = storage.defineItem<Settings>(STORAGE_KEYS.settings, {
  fallback: DEFAULT_SETTINGS,
  version: 2,
  migrations: { 2: completeSettings },
});

/** v1 → v2: the stored choices are kept and what is missing comes from the defaults, quiet hours field by field. */
export function completeSettings(stored: unknown): Settings {
  if (!isRecord(stored)) return DEFAULT_SETTINGS;
  const quietHours = isRecord(stored.quietHours) ? { ...DEFAULT_SETTINGS.quietHours, ...stored.quietHours } : DEFAULT_SETTINGS.quietHours;
  return { ...DEFAULT_SETTINGS, ...stored, quietHours } as Settings;
}

/** Accounts the user collapsed in the popup; they stay collapsed until opened again. */
export const collapsedAccounts = storage.defineItem<string[]>(STORAGE_KEYS.collapsedAccounts, { fallback: [] });

/** Message keys already decided on. Local, so neither a worker restart nor a browser restart repeats a notification. */
export const notifiedKeys = storage.defineItem<string[]>(STORAGE_KEYS.notifiedKeys, { fallback: [] });

/** Folders whose previews were seen in this browser session; session, so mail that arrived while closed does not flood. */
export const notifyBaselines = storage.defineItem<string[]>(STORAGE_KEYS.notifyBaselines, { fallback: [] });

/** What each shown notification refers to and said, for its buttons after a worker restart (Chrome cannot be asked). */
export const notificationTargets = storage.defineItem<Record<string, ShownNotification>>(STORAGE_KEYS.notificationTargets, { fallback: {} });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
