import { describe, expect, it } from 'vitest';
import {
  decideNotifications,
  folderKey,
  inQuietHours,
  MAX_NOTIFIED_KEYS,
  messageKey,
  planTarget,
  readNotifications,
  type NotifyInput,
  type NotifySettings,
} from '../../lib/notify-decisions';
import type { AccountView, FolderPreviews, Preview } from '../../lib/protocol';
import { DEFAULT_SETTINGS } from '../../lib/storage';
import { preview } from '../support/notify-fixtures';


function folder(path: string, uids: number[], uidValidity = '100', overrides: Partial<Preview> = {}): FolderPreviews {
  return { folder: path, uidValidity, previews: uids.map((uid) => preview(uid, { folder: path, ...overrides })) };
}

function account(name: string, ...previews: FolderPreviews[]): AccountView {
  return {
    name,
    host: 'imap.example.org',
    port: 993,
    security: 'tls',
    user: 'u',
    folders: previews.map((p) => p.folder),
    status: { state: 'ok', at: '2026-11-25T10:00:00.000Z' },
    counts: previews.map((p) => ({ folder: p.folder, unseen: p.previews.length, total: p.previews.length, uidValidity: p.uidValidity })),
    previews,
  };
}

const NOON = new Date(2026, 10, 25, 12, 0);
const SETTINGS: NotifySettings = DEFAULT_SETTINGS;

/** Runs decisions over successive account lists, carrying what was recorded from one to the next (as storage would). */
function run(steps: AccountView[][], settings: NotifySettings = SETTINGS, now = NOON) {
  let notified: string[] = [];
  let baselined: string[] = [];
  return steps.map((accounts) => {
    const input: NotifyInput = { accounts, notified, baselined, settings, now };
    const decision = decideNotifications(input);
    notified = decision.notified;
    baselined = decision.baselined;
    return decision;
  });
}

const shownUids = (decision: ReturnType<typeof decideNotifications>) =>
  decision.show.flatMap((plan) => (plan.kind === 'single' ? [plan.message.preview.uid] : plan.messages.map((m) => m.preview.uid)));

describe('which new mail is notified', () => {
  it('records the first state of a folder without notifying anything', () => {
    const [first] = run([[account('Work', folder('INBOX', [3, 2, 1]))]]);
    expect(first!.show).toEqual([]);
    expect(first!.notified).toEqual([1, 2, 3].map((uid) => messageKey('Work', 'INBOX', '100', uid)).reverse());
    expect(first!.baselined).toEqual([folderKey('Work', 'INBOX')]);
    expect(first!.changed).toBe(true);
  });

  it('notifies a new unseen message once', () => {
    const [, second] = run([[account('Work', folder('INBOX', [1]))], [account('Work', folder('INBOX', [2, 1]))]]);
    expect(second!.show).toHaveLength(1);
    expect(second!.show[0]).toMatchObject({ kind: 'single', account: 'Work', message: { folder: 'INBOX', uidValidity: '100', preview: { uid: 2 } } });
  });

  it('does nothing when the same message is seen again', () => {
    const steps = run([[account('Work', folder('INBOX', [1]))], [account('Work', folder('INBOX', [2, 1]))], [account('Work', folder('INBOX', [2, 1]))]]);
    expect(steps[2]!.show).toEqual([]);
    expect(steps[2]!.changed).toBe(false);
  });

  it('does not notify a message that is already seen, nor later when it is marked unread', () => {
    const steps = run([
      [account('Work', folder('INBOX', [1]))],
      [account('Work', folder('INBOX', [2], '100', { seen: true }))],
      [account('Work', folder('INBOX', [2]))],
    ]);
    expect(steps[1]!.show).toEqual([]);
    expect(steps[1]!.notified).toContain(messageKey('Work', 'INBOX', '100', 2));
    expect(steps[2]!.show).toEqual([]);
  });

  it('ignores folders the user did not opt in (INBOX only by default)', () => {
    const steps = run([
      [account('Work', folder('INBOX', []), folder('Lists', [1]))],
      [account('Work', folder('INBOX', []), folder('Lists', [2, 1]))],
    ]);
    expect(steps[1]!.show).toEqual([]);
  });

  it('notifies a folder the user opted in, and no longer INBOX when it is not chosen', () => {
    const settings = { ...SETTINGS, notifyFolders: { Work: ['Lists'] } };
    const steps = run(
      [
        [account('Work', folder('INBOX', [1]), folder('Lists', [1]))],
        [account('Work', folder('INBOX', [2, 1]), folder('Lists', [2, 1]))],
      ],
      settings,
    );
    expect(steps[1]!.show).toHaveLength(1);
    expect(steps[1]!.show[0]).toMatchObject({ message: { folder: 'Lists' } });
  });

  it('treats INBOX case-insensitively when deciding the opt-in', () => {
    const steps = run([[account('Work', folder('Inbox', [1]))], [account('Work', folder('Inbox', [2, 1]))]]);
    expect(shownUids(steps[1]!)).toEqual([2]);
  });

  it('shows nothing when notifications are off, and does not catch up when they are switched on', () => {
    const off = { ...SETTINGS, notifications: false };
    const first = run([[account('Work', folder('INBOX', [1]))], [account('Work', folder('INBOX', [2, 1]))]], off);
    expect(first[1]!.show).toEqual([]);
    const later = decideNotifications({ accounts: [account('Work', folder('INBOX', [2, 1]))], notified: first[1]!.notified, baselined: first[1]!.baselined, settings: SETTINGS, now: NOON });
    expect(later.show).toEqual([]);
  });

  it('records but shows nothing during quiet hours that cross midnight', () => {
    const quiet = { ...SETTINGS, quietHours: { enabled: true, start: '22:00', end: '07:00' } };
    const night = new Date(2026, 10, 25, 23, 30);
    const steps = run([[account('Work', folder('INBOX', [1]))], [account('Work', folder('INBOX', [2, 1]))]], quiet, night);
    expect(steps[1]!.show).toEqual([]);
    expect(steps[1]!.notified).toContain(messageKey('Work', 'INBOX', '100', 2));
    // After the quiet hours the same message stays quiet: it was recorded.
    const morning = decideNotifications({ accounts: [account('Work', folder('INBOX', [2, 1]))], notified: steps[1]!.notified, baselined: steps[1]!.baselined, settings: quiet, now: new Date(2026, 10, 26, 8, 0) });
    expect(morning.show).toEqual([]);
  });

  it('notifies outside quiet hours', () => {
    const quiet = { ...SETTINGS, quietHours: { enabled: true, start: '22:00', end: '07:00' } };
    const steps = run([[account('Work', folder('INBOX', [1]))], [account('Work', folder('INBOX', [2, 1]))]], quiet, NOON);
    expect(shownUids(steps[1]!)).toEqual([2]);
  });

  it('groups more than three new messages of an account into one summary', () => {
    const steps = run([[account('Work', folder('INBOX', [1]))], [account('Work', folder('INBOX', [6, 5, 4, 3, 2, 1]))]]);
    expect(steps[1]!.show).toHaveLength(1);
    expect(steps[1]!.show[0]).toMatchObject({ kind: 'group', account: 'Work' });
    expect(shownUids(steps[1]!)).toEqual([6, 5, 4, 3, 2]);
  });

  it('shows up to three new messages one by one', () => {
    const steps = run([[account('Work', folder('INBOX', [1]))], [account('Work', folder('INBOX', [4, 3, 2, 1]))]]);
    expect(steps[1]!.show.map((plan) => plan.kind)).toEqual(['single', 'single', 'single']);
  });

  it('counts messages under a new UIDVALIDITY as new keys (the server renumbered the folder)', () => {
    const steps = run([[account('Work', folder('INBOX', [2, 1], '100'))], [account('Work', folder('INBOX', [2, 1], '200'))]]);
    expect(shownUids(steps[1]!)).toEqual([2, 1]);
    expect(steps[1]!.notified).toContain(messageKey('Work', 'INBOX', '200', 1));
  });

  it('records the first state of a second account silently while notifying the first', () => {
    const steps = run([[account('Work', folder('INBOX', [1]))], [account('Work', folder('INBOX', [2, 1])), account('Home', folder('INBOX', [7]))]]);
    expect(steps[1]!.show).toHaveLength(1);
    expect(steps[1]!.show[0]).toMatchObject({ account: 'Work' });
  });

  it('keeps at most the cap of keys, but never drops one still shown in previews', () => {
    const old = Array.from({ length: MAX_NOTIFIED_KEYS }, (_, i) => messageKey('Old', 'INBOX', '1', i + 1));
    const visible = messageKey('Work', 'INBOX', '100', 1);
    const decision = decideNotifications({
      accounts: [account('Work', folder('INBOX', [2, 1]))],
      notified: [visible, ...old],
      baselined: [folderKey('Work', 'INBOX')],
      settings: SETTINGS,
      now: NOON,
    });
    expect(decision.notified).toContain(visible);
    expect(decision.notified).toContain(messageKey('Work', 'INBOX', '100', 2));
    expect(decision.notified).not.toContain(old[0]);
    expect(decision.notified.length).toBe(MAX_NOTIFIED_KEYS + 1);
    expect(shownUids(decision)).toEqual([2]);
  });
});

describe('quiet hours', () => {
  const at = (h: number, m = 0) => new Date(2026, 10, 25, h, m);
  const range = (start: string, end: string, enabled = true) => ({ enabled, start, end });

  it('covers a range within one day, end excluded', () => {
    expect(inQuietHours(at(13), range('12:00', '14:00'))).toBe(true);
    expect(inQuietHours(at(14), range('12:00', '14:00'))).toBe(false);
    expect(inQuietHours(at(11, 59), range('12:00', '14:00'))).toBe(false);
  });

  it('covers a range across midnight on both sides', () => {
    expect(inQuietHours(at(23), range('22:00', '07:00'))).toBe(true);
    expect(inQuietHours(at(3), range('22:00', '07:00'))).toBe(true);
    expect(inQuietHours(at(7), range('22:00', '07:00'))).toBe(false);
    expect(inQuietHours(at(12), range('22:00', '07:00'))).toBe(false);
  });

  it('is never quiet when disabled, and all day when start equals end', () => {
    expect(inQuietHours(at(23), range('22:00', '07:00', false))).toBe(false);
    expect(inQuietHours(at(9), range('08:00', '08:00'))).toBe(true);
  });
});

describe('what a notification refers to', () => {
  const message = (uid: number, folderPath = 'INBOX') => ({ account: 'Work', folder: folderPath, uidValidity: '100', preview: preview(uid, { folder: folderPath }) });

  it('refers to every message it shows, folder by folder', () => {
    const plan = { kind: 'group' as const, account: 'Work', messages: [message(3), message(9, 'Lists'), message(2)] };
    expect(planTarget(plan)).toEqual({
      account: 'Work',
      targets: [
        { folder: 'INBOX', uidValidity: '100', uids: [3, 2] },
        { folder: 'Lists', uidValidity: '100', uids: [9] },
      ],
    });
  });
});

describe('notifications of mail read since', () => {
  const shown = (uids: number[], folderPath = 'INBOX') => ({ n1: { account: 'Work', targets: [{ folder: folderPath, uidValidity: '100', uids }] } });

  it('go when their message is seen in the previews', () => {
    const state = account('Work', { ...folder('INBOX', [3, 2]), previews: [preview(3, { seen: true }), preview(2)] });
    expect(readNotifications(shown([3]), [state])).toEqual(['n1']);
    expect(readNotifications(shown([3, 2]), [state])).toEqual([]);
  });

  it('go when the folder has nothing unseen any more', () => {
    const state = { ...account('Work', folder('INBOX', [])), counts: [{ folder: 'INBOX', unseen: 0, total: 9, uidValidity: '100' }] };
    expect(readNotifications(shown([3]), [state])).toEqual(['n1']);
  });

  it('go when the message left the previews while an older unseen one is still listed', () => {
    expect(readNotifications(shown([5]), [account('Work', folder('INBOX', [4, 2]))])).toEqual(['n1']);
  });

  it('stay when the message may only have been pushed out of the previews by newer mail', () => {
    expect(readNotifications(shown([5]), [account('Work', folder('INBOX', [9, 8, 7]))])).toEqual([]);
  });

  it('stay while the message is unseen, or its account or folder is not known yet', () => {
    expect(readNotifications(shown([5]), [account('Work', folder('INBOX', [5, 4]))])).toEqual([]);
    expect(readNotifications(shown([5]), [])).toEqual([]);
    expect(readNotifications(shown([5], 'Lists'), [account('Work', folder('INBOX', [4]))])).toEqual([]);
  });
});
