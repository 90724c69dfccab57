// Where each persisted value lives and the preferences' defaults, free of side effects: importing lib/storage.ts
// defines its items, and WXT reads every defined item from storage at once, which the popup must not pay for.
import type { Settings } from './settings';

/** The storage key of each persisted value (area:name); lib/storage.ts defines its items on these. */
export const STORAGE_KEYS = {
  state: 'session:state',
  settings: 'local:settings',
  collapsedAccounts: 'local:collapsedAccounts',
  notifiedKeys: 'local:notifiedKeys',
  notifyBaselines: 'session:notifyBaselines',
  notificationTargets: 'session:notificationTargets',
} as const;

/** The one source of the preferences' defaults. */
export const DEFAULT_SETTINGS: Settings = {
  notifications: true,
  sound: false,
  quietHours: { enabled: false, start: '22:00', end: '07:00' },
  badgeCounts: 'all',
  previewsPerAccount: 10,
  notifyFolders: {},
  notificationButtons: ['markRead', 'archive'],
};
