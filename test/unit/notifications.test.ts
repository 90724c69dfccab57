// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  forThisBrowser,
  onStateChange,
  openAccount,
  registerNotificationHandlers,
  type NotificationActions,
} from '../../lib/notifications';
import type { NotificationContent } from '../../lib/notification-content';
import { messageKey } from '../../lib/notify-decisions';
import type { AccountView } from '../../lib/protocol';
import { initialState, type ExtensionState } from '../../lib/state';
import { DEFAULT_SETTINGS, extensionState, notificationTargets, notifiedKeys, settings } from '../../lib/storage';
import { preview as previewWithSnippet } from '../support/notify-fixtures';

/** Without a snippet: these tests are about which messages notify, not what they say. */
const preview = (uid: number) => previewWithSnippet(uid, { snippet: '' });


function stateWith(uids: number[], webmailUrl?: string): ExtensionState {
  const account: AccountView = {
    name: 'Work',
    host: 'imap.example.org',
    port: 993,
    security: 'tls',
    user: 'u',
    folders: ['INBOX'],
    ...(webmailUrl ? { webmailUrl } : {}),
    status: { state: 'ok', at: '2026-11-25T10:00:00.000Z' },
    counts: [{ folder: 'INBOX', unseen: uids.length, total: uids.length, uidValidity: '100' }],
    previews: [{ folder: 'INBOX', uidValidity: '100', previews: uids.map(preview) }],
  };
  return { host: { state: 'connected', at: '2026-11-25T10:00:00.000Z' }, accounts: [account] };
}

const NOON = new Date(2026, 10, 25, 12, 0);

/** The worker's sequence: the first state records, the next one brings message 2. */
async function receiveSecondMessage(): Promise<void> {
  await onStateChange(initialState(), stateWith([1]), NOON);
  await onStateChange(stateWith([1]), stateWith([2, 1]), NOON);
}

/** The fake browser keeps each notification's options under its id (Chrome itself answers `true`). */
const shown = async () => Object.entries((await browser.notifications.getAll()) as unknown as Record<string, Record<string, unknown>>);

async function onlyNotification(): Promise<[string, Record<string, unknown>]> {
  const all = await shown();
  expect(all).toHaveLength(1);
  return all[0]!;
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  // The fake browser has no i18n catalogue; like Chrome for an unknown key, answer '' so t() shows the key.
  vi.spyOn(browser.i18n, 'getMessage').mockReturnValue('');
});

describe('notifications from state changes', () => {
  it('shows nothing for the mail already there, then one notification for a new message', async () => {
    const create = vi.spyOn(browser.notifications, 'create');
    await onStateChange(initialState(), stateWith([1]), NOON);
    expect(create).not.toHaveBeenCalled();
    expect(await notifiedKeys.getValue()).toEqual([messageKey('Work', 'INBOX', '100', 1)]);

    await onStateChange(stateWith([1]), stateWith([2, 1]), NOON);
    expect(create).toHaveBeenCalledTimes(1);
    const [id, options] = await onlyNotification();
    expect(options).toMatchObject({ type: 'basic', title: 'Sender 2', message: 'Subject 2', iconUrl: 'icon/128.png', silent: true });
    expect((await notificationTargets.getValue())[id]).toEqual({
      account: 'Work',
      targets: [{ folder: 'INBOX', uidValidity: '100', uids: [2] }],
      title: 'Sender 2',
      message: 'Subject 2',
      buttons: ['markRead', 'archive'],
    });
    expect(await notifiedKeys.getValue()).toContain(messageKey('Work', 'INBOX', '100', 2));
  });

  it('does not repeat a notification after the worker restarted with the same state', async () => {
    await receiveSecondMessage();
    expect(await shown()).toHaveLength(1);
    const create = vi.spyOn(browser.notifications, 'create');
    // A restarted worker starts from the initial state and receives the same accounts from the host again.
    await onStateChange(initialState(), structuredClone(stateWith([2, 1])), NOON);
    expect(create).not.toHaveBeenCalled();
  });

  it('closes a notification once its message was read elsewhere', async () => {
    await receiveSecondMessage();
    expect(await shown()).toHaveLength(1);
    const read = stateWith([2, 1]);
    read.accounts[0]!.previews[0]!.previews[0]!.seen = true;
    await onStateChange(stateWith([2, 1]), read, NOON);
    expect(await shown()).toEqual([]);
    expect(await notificationTargets.getValue()).toEqual({});
  });

  it('records but shows nothing when notifications are switched off', async () => {
    await settings.setValue({ ...DEFAULT_SETTINGS, notifications: false });
    await receiveSecondMessage();
    expect(await shown()).toEqual([]);
    expect(await notifiedKeys.getValue()).toContain(messageKey('Work', 'INBOX', '100', 2));
  });

  it('lets Chrome play its sound when the sound setting is on', async () => {
    await settings.setValue({ ...DEFAULT_SETTINGS, sound: true });
    await receiveSecondMessage();
    const [, options] = await onlyNotification();
    expect(options).toMatchObject({ silent: false });
  });

  it('keeps the worker going when the platform refuses a notification', async () => {
    vi.spyOn(browser.notifications, 'create').mockRejectedValue(new Error('refused'));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(receiveSecondMessage()).resolves.toBeUndefined();
    expect(browser.notifications.create).toHaveBeenCalledTimes(1);
    expect(await notificationTargets.getValue()).toEqual({});
  });
});

describe('notification buttons and clicks', () => {
  type Spies = { [K in keyof NotificationActions]: ReturnType<typeof vi.fn> };
  function actions(): NotificationActions & Spies {
    return { markRead: vi.fn(async () => undefined), move: vi.fn(async () => undefined), star: vi.fn(async () => undefined), open: vi.fn(async () => undefined) };
  }

  it('"Mark read" marks the notified message read through the worker and closes the notification', async () => {
    const worker = actions();
    registerNotificationHandlers(worker);
    await receiveSecondMessage();
    const [id] = await onlyNotification();
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 0);
    await vi.waitFor(async () => expect(await shown()).toEqual([]));
    expect(worker.markRead).toHaveBeenCalledWith('Work', 'INBOX', '100', [2]);
    expect(worker.open).not.toHaveBeenCalled();
    await vi.waitFor(async () => expect(await notificationTargets.getValue()).toEqual({}));
  });

  it('shows the buttons chosen in the settings: Mark read and Archive unless changed', async () => {
    await receiveSecondMessage();
    const [, options] = await onlyNotification();
    expect(options.buttons).toEqual([{ title: 'notifyMarkRead' }, { title: 'notifyArchive' }]);
  });

  it('"Archive" archives the notified message through the worker and closes the notification', async () => {
    const worker = actions();
    registerNotificationHandlers(worker);
    await receiveSecondMessage();
    const [id] = await onlyNotification();
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 1);
    await vi.waitFor(async () => expect(await shown()).toEqual([]));
    expect(worker.move).toHaveBeenCalledWith('Work', 'INBOX', '100', [2], 'archive');
    expect(worker.markRead).not.toHaveBeenCalled();
  });

  it('delete, spam and star buttons do what they say, whichever two are chosen', async () => {
    for (const [buttons, expected] of [
      [['delete', 'spam'], ['move', 'delete', 'spam']],
      [['star', 'markRead'], ['star', undefined, 'markRead']],
    ] as const) {
      fakeBrowser.reset();
      await settings.setValue({ ...DEFAULT_SETTINGS, notificationButtons: [...buttons] });
      const worker = actions();
      registerNotificationHandlers(worker);
      await receiveSecondMessage();
      const [first] = await onlyNotification();
      await fakeBrowser.notifications.onButtonClicked.trigger(first, 0);
      await vi.waitFor(async () => expect(await shown()).toEqual([]));
      if (expected[0] === 'move') expect(worker.move).toHaveBeenCalledWith('Work', 'INBOX', '100', [2], 'delete');
      else expect(worker.star).toHaveBeenCalledWith('Work', 'INBOX', '100', [2]);
    }
  });

  it('a notification keeps the buttons it was shown with when the settings change afterwards', async () => {
    await settings.setValue({ ...DEFAULT_SETTINGS, notificationButtons: ['spam', 'open'] });
    const worker = actions();
    registerNotificationHandlers(worker);
    await receiveSecondMessage();
    const [id] = await onlyNotification();
    await settings.setValue({ ...DEFAULT_SETTINGS, notificationButtons: ['markRead', 'archive'] });
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 0);
    await vi.waitFor(() => expect(worker.move).toHaveBeenCalledWith('Work', 'INBOX', '100', [2], 'spam'));
  });

  it('"Open" and a click on the notification open the account', async () => {
    await settings.setValue({ ...DEFAULT_SETTINGS, notificationButtons: ['markRead', 'open'] });
    const worker = actions();
    registerNotificationHandlers(worker);
    await receiveSecondMessage();
    const [id] = await onlyNotification();
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 1);
    await vi.waitFor(async () => expect(await shown()).toEqual([]));
    expect(worker.open).toHaveBeenCalledWith('Work');

    await onStateChange(stateWith([2, 1]), stateWith([3, 2, 1]), NOON);
    const [second] = await onlyNotification();
    await fakeBrowser.notifications.onClicked.trigger(second);
    await vi.waitFor(() => expect(worker.open).toHaveBeenCalledTimes(2));
    expect(worker.markRead).not.toHaveBeenCalled();
  });

  it('still knows what a notification refers to after the worker restarted', async () => {
    await receiveSecondMessage();
    const [id] = await onlyNotification();
    // A new worker registers fresh handlers; the target comes from session storage.
    const worker = actions();
    registerNotificationHandlers(worker);
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 0);
    await vi.waitFor(() => expect(worker.markRead).toHaveBeenCalledWith('Work', 'INBOX', '100', [2]));
  });

  it('ignores clicks on notifications it does not know', async () => {
    const worker = actions();
    registerNotificationHandlers(worker);
    await fakeBrowser.notifications.onClicked.trigger('someone-else');
    await fakeBrowser.notifications.onButtonClicked.trigger('someone-else', 0);
    expect(worker.open).not.toHaveBeenCalled();
    expect(worker.markRead).not.toHaveBeenCalled();
  });
});

describe('opening an account', () => {
  it('opens the webmail address in a tab', async () => {
    await extensionState.setValue(stateWith([1], 'https://mail.example.org/'));
    const create = vi.spyOn(browser.tabs, 'create');
    await openAccount('Work');
    expect(create).toHaveBeenCalledWith({ url: 'https://mail.example.org/' });
  });

  it('opens the popup page in a tab when the account has no webmail address', async () => {
    await extensionState.setValue(stateWith([1]));
    const create = vi.spyOn(browser.tabs, 'create');
    await openAccount('Work');
    expect(create).toHaveBeenCalledWith({ url: browser.runtime.getURL('/popup.html') });
    expect(create.mock.calls[0]![0].url).toMatch(/popup\.html$/);
  });
});

describe('notification options per browser', () => {
  const content: NotificationContent = { type: 'basic', iconUrl: 'icon/128.png', title: 'Ada', message: 'Hello', buttons: [{ title: 'Mark read' }], silent: true };

  it('keeps buttons and silence for Chromium, and drops both for Firefox, which refuses the whole notification over them', () => {
    expect(forThisBrowser(content, false)).toEqual(content);
    expect(forThisBrowser(content, true)).toEqual({ type: 'basic', iconUrl: 'icon/128.png', title: 'Ada', message: 'Hello' });
  });
});
