// Forces Dovecot to rotate an index log, as a busy mailbox does by itself many times a day (issue 9): each flag
// change appends a record; past the size limit the next write rotates the log (dovecot-notify-lateness.md).
import type { ImapFlow } from 'imapflow';
import type { IndexLogWatch } from './index-logs';
import { ROTATE_FOLDER } from './site';

const CHECK_EVERY = 10;
/** A fresh INBOX log needs 1 MB (~8 500 toggles of ~124 B); a fresh list log 64 KB (~360 of ~180 B). */
const MAX_TOGGLES = { list: 2_000, inbox: 10_000 };

/**
 * The mailbox-list index log: \Seen toggles on the unwatched folder's message (~180 B each; rotation at 64 KB, or
 * 8 KB once the log is 5 minutes old). INBOX's own log: \Flagged toggles on an INBOX message, which change no count
 * (rotation at 1 MB, or 32 KB once 5 minutes old). Returns how many toggles it took; throws if none rotated it.
 */
export async function forceRotation(client: ImapFlow, logs: IndexLogWatch, log: 'list' | 'inbox'): Promise<number> {
  const before = logs.rotations(log);
  const folder = log === 'list' ? ROTATE_FOLDER : 'INBOX';
  const flag = log === 'list' ? '\\Seen' : '\\Flagged';
  const lock = await client.getMailboxLock(folder);
  let toggles = 0;
  try {
    // In pairs (the flag ends as it started), checking often: the new log should start nearly empty, or it
    // would rotate again soon by itself.
    while (toggles < MAX_TOGGLES[log] && logs.rotations(log) === before) {
      for (let i = 0; i < CHECK_EVERY; i++, toggles++) {
        if (i % 2 === 0) await client.messageFlagsAdd('1', [flag]);
        else await client.messageFlagsRemove('1', [flag]);
      }
      // The directory watch reports the new inode a moment after the rename.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    lock.release();
  }
  await client.mailboxClose().catch(() => undefined);
  if (logs.rotations(log) === before) throw new Error(`${toggles} flag toggles did not rotate the ${log} index log`);
  return toggles;
}
