// Marks messages read or unread on the server (the server is the truth), guarded by the folder's UIDVALIDITY.
import type { ImapFlow } from 'imapflow';
import { HostError } from '../errors';

export type SeenChange = { kind: 'read'; uids: number[] } | { kind: 'unread'; uids: number[] } | { kind: 'all-read' };

/**
 * SELECTs the folder (STORE needs read-write), checks UIDVALIDITY when one is given, then one
 * `UID STORE … ±FLAGS.SILENT (\Seen)`. A UIDVALIDITY mismatch means the UIDs name other messages now:
 * refuse, change nothing.
 */
export async function changeSeen(client: ImapFlow, folder: string, change: SeenChange, expectedUidValidity?: string): Promise<void> {
  const lock = await client.getMailboxLock(folder, { readOnly: false });
  try {
    const mailbox = client.mailbox;
    const current = mailbox ? String(mailbox.uidValidity) : undefined;
    if (expectedUidValidity !== undefined && current !== expectedUidValidity) {
      throw new HostError(
        'UIDVALIDITY_CHANGED',
        `Folder "${folder}" was rebuilt on the server (UIDVALIDITY ${current ?? '?'} instead of ${expectedUidValidity}); nothing was changed. Refresh and try again.`,
      );
    }
    const options = { uid: true, silent: true } as const;
    let ok: boolean;
    if (change.kind === 'all-read') ok = await client.messageFlagsAdd('1:*', ['\\Seen'], options);
    else if (change.kind === 'read') ok = await client.messageFlagsAdd(change.uids.join(','), ['\\Seen'], options);
    else ok = await client.messageFlagsRemove(change.uids.join(','), ['\\Seen'], options);
    // An empty folder has nothing to store; imapflow reports that as false too.
    if (!ok && mailbox && mailbox.exists > 0) {
      throw new HostError('IMAP_ERROR', `The server refused to change the read state in "${folder}". Try again later.`);
    }
  } catch (error) {
    if (error instanceof HostError) throw error;
    const said = (error as { responseText?: string }).responseText;
    if (/nonexistent|doesn't exist|not exist|unknown mailbox/i.test(said ?? '')) {
      throw new HostError('FOLDER_NOT_FOUND', `Folder "${folder}" does not exist on the server any more.`);
    }
    throw new HostError('IMAP_ERROR', `Changing the read state in "${folder}" failed (${(said ?? String(error)).slice(0, 200)}).`);
  } finally {
    lock.release();
  }
}
