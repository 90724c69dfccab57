// The mailbox every benchmark watches: INBOX and 19 folders with a realistic spread of read and unread mail.
import type { DovecotServer } from '../../test/support/dovecot';
import { buildMessage } from '../../test/support/mail';

export const WATCHED_FOLDERS = ['INBOX', ...Array.from({ length: 19 }, (_, i) => `Folder${String(i + 1).padStart(2, '0')}`)];

/** Creates the folders and appends 3 unread messages to every fourth folder and one read message to each. */
export async function seedFolders(server: DovecotServer, user: string, folders: readonly string[] = WATCHED_FOLDERS): Promise<void> {
  const client = await server.connect(user);
  try {
    for (const folder of folders) if (folder !== 'INBOX') await client.mailboxCreate(folder);
    for (const [i, folder] of folders.entries()) {
      if (i % 4 === 0) for (let n = 0; n < 3; n++) await client.append(folder, buildMessage({ subject: `Unread ${n} in ${folder}`, body: 'Hello '.repeat(200) }));
      await client.append(folder, buildMessage({ subject: `Read in ${folder}` }), ['\\Seen']);
    }
  } finally {
    await client.logout();
  }
}
