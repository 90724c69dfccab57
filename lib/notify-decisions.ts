// Decides which desktop notifications new mail deserves, and which shown ones may go: pure functions of the state,
// what was decided before, settings and the clock. What a notification says is lib/notification-content.ts.
import { isInbox } from './inbox';
import type { AccountView, Preview } from './protocol';
import type { Settings } from './settings';

/** Enough for 100 folders of 10 previews each twice over; keys still visible in previews are never dropped. */
export const MAX_NOTIFIED_KEYS = 2000;
/** Up to this many new messages of one account in one update get a notification each; more get one summary. */
export const MAX_SINGLE_NOTIFICATIONS = 3;

/** Identifies one message for good: a UID only means something together with its folder's UIDVALIDITY. */
export function messageKey(account: string, folder: string, uidValidity: string, uid: number): string {
  return JSON.stringify([account, folder, uidValidity, uid]);
}

export function folderKey(account: string, folder: string): string {
  return JSON.stringify([account, folder]);
}

export interface NewMessage {
  account: string;
  folder: string;
  uidValidity: string;
  preview: Preview;
}

export type NotificationPlan =
  | { kind: 'single'; account: string; message: NewMessage }
  | { kind: 'group'; account: string; messages: NewMessage[] };

export type NotifySettings = Pick<Settings, 'notifications' | 'quietHours' | 'notifyFolders'>;

export interface NotifyInput {
  accounts: readonly AccountView[];
  /** Message keys already decided on (shown or deliberately not shown), oldest first. */
  notified: readonly string[];
  /** Folders (folderKey) whose previews have been seen before in this browser session. */
  baselined: readonly string[];
  settings: NotifySettings;
  now: Date;
}

export interface NotifyDecision {
  show: NotificationPlan[];
  notified: string[];
  baselined: string[];
  /** Whether `notified` or `baselined` differ from the input (so the caller only writes storage when needed). */
  changed: boolean;
}

/**
 * Every message key seen in the previews is recorded once, whatever happens to it, so it can never be notified later:
 * - the first previews of a folder (after install, browser start or when a folder starts being watched) only record,
 *   so mail that was already there does not flood the screen;
 * - seen messages, folders not opted in, notifications off and quiet hours record without showing, so switching
 *   notifications on (or the end of quiet hours) does not bring a burst of old mail;
 * - a new UIDVALIDITY makes every message of the folder a new key: the server says its UIDs mean something else now,
 *   and we cannot tell which messages are the same, so unseen ones are notified again (grouped when more than three).
 */
export function decideNotifications(input: NotifyInput): NotifyDecision {
  const notified = new Set(input.notified);
  const baselined = new Set(input.baselined);
  const added: string[] = [];
  const newBaselines: string[] = [];
  const visible = new Set<string>();
  const silent = !input.settings.notifications || inQuietHours(input.now, input.settings.quietHours);
  const show: NotificationPlan[] = [];

  for (const account of input.accounts) {
    const fresh: NewMessage[] = [];
    for (const folder of account.previews) {
      const fKey = folderKey(account.name, folder.folder);
      const firstLook = !baselined.has(fKey);
      if (firstLook) {
        baselined.add(fKey);
        newBaselines.push(fKey);
      }
      const optedIn = notifiesFolder(input.settings, account.name, folder.folder);
      for (const preview of folder.previews) {
        const key = messageKey(account.name, folder.folder, folder.uidValidity, preview.uid);
        visible.add(key);
        if (notified.has(key)) continue;
        notified.add(key);
        added.push(key);
        if (firstLook || preview.seen || !optedIn) continue;
        fresh.push({ account: account.name, folder: folder.folder, uidValidity: folder.uidValidity, preview });
      }
    }
    if (silent || fresh.length === 0) continue;
    if (fresh.length <= MAX_SINGLE_NOTIFICATIONS) show.push(...fresh.map((message) => ({ kind: 'single' as const, account: account.name, message })));
    else show.push({ kind: 'group', account: account.name, messages: fresh });
  }

  const all = [...input.notified, ...added];
  const keepFrom = all.length - MAX_NOTIFIED_KEYS;
  return {
    show,
    notified: all.filter((key, index) => index >= keepFrom || visible.has(key)),
    baselined: [...input.baselined, ...newBaselines],
    changed: added.length > 0 || newBaselines.length > 0,
  };
}

/** INBOX unless the user chose folders for the account. */
export function notifiesFolder(settings: Pick<Settings, 'notifyFolders'>, account: string, folder: string): boolean {
  const chosen = settings.notifyFolders[account] ?? ['INBOX'];
  return chosen.some((name) => name === folder || (isInbox(name) && isInbox(folder)));
}

/**
 * Local wall-clock time within [start, end); a range whose end is before its start crosses midnight.
 * Equal start and end mean the whole day: someone who switched quiet hours on wants quiet.
 */
export function inQuietHours(now: Date, quietHours: Settings['quietHours']): boolean {
  if (!quietHours.enabled) return false;
  const minutes = now.getHours() * 60 + now.getMinutes();
  const start = clockMinutes(quietHours.start);
  const end = clockMinutes(quietHours.end);
  if (start === end) return true;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

function clockMinutes(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

// ---- what a shown notification refers to, and when it may go ------------------------------------------

export interface MessageTarget {
  folder: string;
  uidValidity: string;
  uids: number[];
}

/** What a notification id refers to, kept so its buttons still work after the worker restarted. */
export interface NotificationTarget {
  account: string;
  targets: MessageTarget[];
}

/** A shown notification: what it refers to, and what it said (Chrome cannot be asked for that afterwards). */
export interface ShownNotification extends NotificationTarget {
  title: string;
  message: string;
  /** What its buttons do, in order, as they were when it was shown (absent: Mark read, Open). */
  buttons?: string[];
}

export function planTarget(plan: NotificationPlan): NotificationTarget {
  const messages = plan.kind === 'single' ? [plan.message] : plan.messages;
  const targets: MessageTarget[] = [];
  for (const message of messages) {
    const same = targets.find((target) => target.folder === message.folder && target.uidValidity === message.uidValidity);
    if (same) same.uids.push(message.preview.uid);
    else targets.push({ folder: message.folder, uidValidity: message.uidValidity, uids: [message.preview.uid] });
  }
  return { account: plan.account, targets };
}

/**
 * Notifications whose every message has been read since (in the popup, the webmail or another client), so they can go.
 * A message counts as read when its folder has nothing unseen, its preview says seen, or it is missing from previews that
 * still list an older unseen message (previews are the newest unseen first, so it would be listed if still unseen).
 */
export function readNotifications(shown: Record<string, NotificationTarget>, accounts: readonly AccountView[]): string[] {
  return Object.entries(shown)
    .filter(([, target]) => {
      const account = accounts.find((a) => a.name === target.account);
      return account !== undefined && target.targets.every((t) => t.uids.every((uid) => isRead(account, t.folder, t.uidValidity, uid)));
    })
    .map(([id]) => id);
}

function isRead(account: AccountView, folder: string, uidValidity: string, uid: number): boolean {
  const count = account.counts.find((c) => c.folder === folder);
  if (count && !count.problem && count.unseen === 0 && (count.uidValidity ?? uidValidity) === uidValidity) return true;
  const previews = account.previews.find((p) => p.folder === folder && p.uidValidity === uidValidity);
  if (!previews) return false;
  const preview = previews.previews.find((p) => p.uid === uid);
  if (preview) return preview.seen;
  return previews.previews.some((p) => p.uid < uid && !p.seen);
}
