// The user's preferences as a schema, and the one way to read them checked; the stored item and its defaults are in
// lib/storage.ts (zod-free, for the popup).
import * as z from 'zod';
import { NOTIFICATION_ACTIONS } from './notification-content';
import { DEFAULT_SETTINGS, settings } from './storage';

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const Settings = z.object({
  notifications: z.boolean(),
  sound: z.boolean(),
  quietHours: z.object({ enabled: z.boolean(), start: Clock, end: Clock }),
  /** What the badge counts: every watched folder, or INBOX only. */
  badgeCounts: z.enum(['all', 'inbox']),
  /** Newest unseen messages shown per account in the popup. */
  previewsPerAccount: z.number().int().min(0).max(50),
  /** Folders whose new mail raises a desktop notification, per account; INBOX when an account is absent. */
  notifyFolders: z.record(z.string(), z.array(z.string())),
  /** The (at most two, Chrome's limit) buttons on a new-mail notification; a click on it opens the account anyway. */
  notificationButtons: z.array(z.enum(NOTIFICATION_ACTIONS)).max(2),
});
export type Settings = z.infer<typeof Settings>;

/** Reads settings, falling back field by field to the defaults: one damaged field never costs the others. */
export async function loadSettings(): Promise<Settings> {
  const stored: unknown = await settings.getValue();
  const result: Settings = { ...DEFAULT_SETTINGS };
  if (typeof stored !== 'object' || stored === null) return result;
  for (const key of Object.keys(Settings.shape) as (keyof Settings)[]) {
    const parsed = Settings.shape[key].safeParse((stored as Record<string, unknown>)[key]);
    if (parsed.success) Object.assign(result, { [key]: parsed.data });
  }
  return result;
}
