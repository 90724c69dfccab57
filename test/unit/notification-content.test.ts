// What a desktop notification says: sender, subject, snippet and buttons for one message, a list for many.
import { describe, expect, it } from 'vitest';
import { notificationContent } from '../../lib/notification-content';
import { preview } from '../support/notify-fixtures';

const t = (key: string, subs: string[] = []) => [key, ...subs].join(' ');


describe('what a notification says', () => {
  const message = (uid: number, folderPath = 'INBOX') => ({ account: 'Work', folder: folderPath, uidValidity: '100', preview: preview(uid, { folder: folderPath }) });

  it('shows sender, subject and snippet of one message with Mark read and Open buttons', () => {
    const content = notificationContent({ kind: 'single', account: 'Work', message: message(5) }, t, false);
    expect(content).toMatchObject({
      type: 'basic',
      iconUrl: 'icon/128.png',
      title: 'Sender 5',
      message: 'Subject 5\nSnippet 5',
      contextMessage: 'Work',
      buttons: [{ title: 'notifyMarkRead' }, { title: 'notifyOpen' }],
      silent: true,
    });
  });

  it('names the folder when it is not INBOX, and plays a sound when asked', () => {
    const content = notificationContent({ kind: 'single', account: 'Work', message: message(5, 'Lists') }, t, true);
    expect(content.contextMessage).toBe('notifyAccountFolder Work Lists');
    expect(content.silent).toBe(false);
  });

  it('falls back to the address and a placeholder subject', () => {
    const bare = { ...message(5), preview: preview(5, { from: '', subject: '', snippet: '' }) };
    expect(notificationContent({ kind: 'single', account: 'Work', message: bare }, t, false)).toMatchObject({ title: 's5@example.org', message: 'notifyNoSubject' });
  });

  it('summarises many messages as a list with the count and the account', () => {
    const messages = [7, 6, 5, 4, 3, 2, 1].map((uid) => message(uid));
    const content = notificationContent({ kind: 'group', account: 'Work', messages }, t, false);
    expect(content.type).toBe('list');
    expect(content.title).toBe('notifyGroupTitle 7 Work');
    expect(content.items).toHaveLength(5);
    expect(content.items![0]).toEqual({ title: 'Sender 7', message: 'Subject 7' });
    expect(content.contextMessage).toBe('notifyGroupMore 2');
  });
});
