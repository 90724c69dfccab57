// Fills a folder with many messages fast by writing maildir files straight into it (IMAP APPEND would take
// minutes for 100 000), then lets Dovecot index them once, before anything is measured.
import { chownSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DovecotServer } from '../../test/support/dovecot';
import { buildMessage } from '../../test/support/mail';
import { findMailRoot } from './index-logs';

/**
 * Writes `count` messages into `folder` (created first over IMAP), every `unseenEvery`-th one unseen. Maildir++
 * layout, as the test server is configured (`maildir:~/Maildir`: a folder is the directory ".name").
 */
export async function fillFolder(server: DovecotServer, user: string, folder: string, count: number, unseenEvery: number): Promise<void> {
  const client = await server.connect(user);
  try {
    await client.mailboxCreate(folder).catch(() => undefined);
    const root = findMailRoot(server.rootDir, user);
    const dir = join(root, `.${folder}`, 'cur');
    mkdirSync(dir, { recursive: true });
    const { uid, gid } = statSync(root);
    const base = Math.floor(Date.now() / 1000) - count;
    for (let i = 0; i < count; i++) {
      const seen = i % unseenEvery !== 0;
      const text = buildMessage({ subject: `Bulk ${i} in ${folder}`, date: new Date((base + i) * 1000), body: `Message ${i}.` });
      const file = join(dir, `${base + i}.M${i}P${process.pid}.bench,S=${Buffer.byteLength(text)}:2,${seen ? 'S' : ''}`);
      writeFileSync(file, text);
      if (process.getuid?.() === 0) chownSync(file, uid, gid);
    }
    // One STATUS makes Dovecot scan and index the new files now, not during a measurement.
    const status = await client.status(folder, { messages: true });
    if (status === false || status.messages !== count) throw new Error(`${folder} holds ${status === false ? '?' : status.messages} messages, expected ${count}`);
  } finally {
    await client.logout();
  }
}
