// Worker states for popup tests: an account with three previews in INBOX (two unread), and helpers to vary it.
import type { AccountView, Preview } from '../../lib/protocol';
import type { ExtensionState } from '../../lib/state';

export const NOW = Date.now();
export const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

export function preview(uid: number, subject: string, overrides: Partial<Preview> = {}): Preview {
  return {
    folder: 'INBOX',
    uid,
    from: `Sender ${uid}`,
    fromAddress: `sender${uid}@example.test`,
    subject,
    date: minutesAgo(uid === 0 ? 0 : 100 - uid),
    snippet: `Snippet of ${subject}`,
    seen: false,
    flagged: false,
    ...overrides,
  };
}

export function account(overrides: Partial<AccountView> = {}): AccountView {
  return {
    name: 'Demo',
    host: 'imap.example.test',
    port: 993,
    security: 'tls',
    user: 'alice',
    folders: ['INBOX'],
    status: { state: 'ok', at: minutesAgo(1) },
    counts: [{ folder: 'INBOX', unseen: 2, total: 5, uidValidity: '42' }],
    countsAt: minutesAgo(1),
    previews: [
      {
        folder: 'INBOX',
        uidValidity: '42',
        previews: [preview(12, 'Newest news'), preview(11, 'Older news'), preview(10, 'Already read', { seen: true })],
      },
    ],
    ...overrides,
  };
}

export function state(accounts: AccountView[], host: ExtensionState['host']['state'] = 'connected'): ExtensionState {
  return { host: { state: host, at: minutesAgo(2) }, accounts };
}
