// Desktop notifications for new mail: the thin shell (storage, chrome.notifications, clicks) around notify-decisions and notification-content.
import { browser } from 'wxt/browser';
import { t } from './i18n';
import { NOTIFICATION_ACTIONS, NOTIFICATION_BUTTONS, notificationContent, type NotificationAction, type NotificationContent } from './notification-content';
import type { MoveAction } from './protocol-actions';
import { decideNotifications, planTarget, readNotifications, type NotificationPlan, type ShownNotification } from './notify-decisions';
import { loadSettings, type Settings } from './settings';
import type { ExtensionState } from './state';
import { extensionState, notificationTargets, notifiedKeys, notifyBaselines } from './storage';

/** Old notifications are closed by the system long before this many pile up; the cap keeps session storage bounded. */
const MAX_TARGETS = 100;
const ID_PREFIX = 'mailbadge-';

/** Called by the worker after every state change (one at a time, in order), with the state before and after. */
export async function onStateChange(before: ExtensionState, after: ExtensionState, now = new Date()): Promise<void> {
  if (sameMail(before, after)) return;
  try {
    await notifyNewMail(after, now);
  } catch (error) {
    // The worker's update queue must keep flowing whatever happens here.
    console.warn('Mailbadge: notifications failed', error);
  }
}

async function notifyNewMail(after: ExtensionState, now: Date): Promise<void> {
  const [notified, baselined, prefs] = await Promise.all([notifiedKeys.getValue(), notifyBaselines.getValue(), loadSettings()]);
  const decision = decideNotifications({ accounts: after.accounts, notified, baselined, settings: prefs, now });
  if (decision.changed) {
    // Recorded before showing: a worker stopped in between may lose a notification but never repeats one.
    await Promise.all([notifiedKeys.setValue(decision.notified), notifyBaselines.setValue(decision.baselined)]);
    for (const plan of decision.show) await show(plan, prefs);
  }
  // Mail read elsewhere (popup, webmail, phone) should not leave its notification behind.
  for (const id of readNotifications(await notificationTargets.getValue(), after.accounts)) await close(id);
}

/** Nothing to decide when no account's previews or counts changed (most updates only touch the host link or a status). */
function sameMail(before: ExtensionState, after: ExtensionState): boolean {
  return (
    before.accounts.length === after.accounts.length &&
    after.accounts.every((account, i) => account.previews === before.accounts[i]?.previews && account.counts === before.accounts[i]?.counts)
  );
}

async function close(id: string): Promise<void> {
  await browser.notifications.clear(id);
  await changeTargets(({ [id]: _closed, ...rest }) => rest);
}

async function show(plan: NotificationPlan, prefs: Settings): Promise<void> {
  const id = `${ID_PREFIX}${crypto.randomUUID()}`;
  const content = notificationContent(plan, t, prefs.sound, prefs.notificationButtons);
  const record: ShownNotification = { ...planTarget(plan), title: content.title, message: content.message, buttons: [...prefs.notificationButtons] };
  await changeTargets((targets) => ({ ...targets, [id]: record }));
  try {
    await browser.notifications.create(id, forThisBrowser(content, import.meta.env.FIREFOX));
  } catch (error) {
    // A platform refusing one notification must not stop the worker's update queue.
    console.warn('Mailbadge: could not show a notification', error);
    await changeTargets(({ [id]: _dropped, ...rest }) => rest);
  }
}

/**
 * Firefox refuses the whole notification over options it lacks (checked in firefox-esr 153): `buttons` ("unsupported
 * by Firefox") and `silent` ("Unexpected property"). There a click on the notification opens the mail; marking read
 * is done in the popup. Firefox follows the system's sound setting.
 */
export function forThisBrowser(content: NotificationContent, firefox: boolean): Omit<NotificationContent, 'buttons' | 'silent'> {
  if (!firefox) return content;
  const { buttons: _buttons, silent: _silent, ...supported } = content;
  return supported;
}

// Writes to the targets item from creation, clicks and closing are chained so none overwrites another.
let targetsQueue: Promise<unknown> = Promise.resolve();
function changeTargets(change: (targets: Record<string, ShownNotification>) => Record<string, ShownNotification>): Promise<void> {
  const next = targetsQueue.then(async () => {
    const entries = Object.entries(change(await notificationTargets.getValue()));
    await notificationTargets.setValue(Object.fromEntries(entries.slice(-MAX_TARGETS)));
  });
  targetsQueue = next.catch(() => undefined);
  return next;
}

export interface NotificationActions {
  markRead(account: string, folder: string, uidValidity: string, uids: number[]): Promise<void>;
  /** Archive, delete or spam, as the popup does (without its undo: the notification is gone). */
  move(account: string, folder: string, uidValidity: string, uids: number[], action: MoveAction): Promise<void>;
  star(account: string, folder: string, uidValidity: string, uids: number[]): Promise<void>;
  open(account: string): Promise<void>;
}

/** Must run in the worker's first turn: MV3 only wakes a stopped worker for listeners registered then. */
export function registerNotificationHandlers(actions: NotificationActions): void {
  browser.notifications.onClicked.addListener((id) => void handleNotificationAction(id, 'open', actions));
  browser.notifications.onButtonClicked.addListener((id, index) => void handleNotificationAction(id, index, actions));
  browser.notifications.onClosed.addListener((id) => {
    if (id.startsWith(ID_PREFIX)) void changeTargets(({ [id]: _closed, ...rest }) => rest);
  });
}

/** What a click (`'open'`) or the button at an index does; the notification goes away afterwards either way. */
export async function handleNotificationAction(id: string, clicked: 'open' | number, actions: NotificationActions): Promise<void> {
  const target = (await notificationTargets.getValue())[id];
  if (!target) return;
  // The buttons it was shown with: the settings may have changed since (a record without them is from before the choice).
  const stored = target.buttons?.filter((b): b is NotificationAction => (NOTIFICATION_ACTIONS as readonly string[]).includes(b));
  const action = clicked === 'open' ? 'open' : (stored ?? NOTIFICATION_BUTTONS)[clicked];
  if (!action) return;
  try {
    if (action === 'open') return await actions.open(target.account);
    await Promise.all(
      target.targets.map((m) => {
        if (action === 'markRead') return actions.markRead(target.account, m.folder, m.uidValidity, m.uids);
        if (action === 'star') return actions.star(target.account, m.folder, m.uidValidity, m.uids);
        return actions.move(target.account, m.folder, m.uidValidity, m.uids, action);
      }),
    );
  } finally {
    await close(id);
  }
}

/** Opens the account's webmail in a tab, or the popup page in a tab when the account has none. */
export async function openAccount(account: string): Promise<void> {
  const state = await extensionState.getValue();
  const webmailUrl = state.accounts.find((a) => a.name === account)?.webmailUrl;
  await browser.tabs.create({ url: webmailUrl ?? browser.runtime.getURL('/popup.html') });
}
