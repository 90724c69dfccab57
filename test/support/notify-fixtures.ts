// One unseen message's preview for the notification tests: everything derived from its UID, so a test names only
// what it is about.
import type { Preview } from '../../lib/protocol';

export function preview(uid: number, overrides: Partial<Preview> = {}): Preview {
  return {
    folder: 'INBOX',
    uid,
    from: `Sender ${uid}`,
    fromAddress: `s${uid}@example.org`,
    subject: `Subject ${uid}`,
    date: '2026-11-25T10:00:00.000Z',
    snippet: `Snippet ${uid}`,
    seen: false,
    flagged: false,
    ...overrides,
  };
}
