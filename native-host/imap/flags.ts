// Marks messages read or unread on the server (the server is the truth), guarded by the folder's UIDVALIDITY.
import type { ImapFlow } from 'imapflow';
import { HostError } from '../errors';

export type SeenChange = { kind: 'read'; uids: number[] } | { kind: 'unread'; uids: number[] } | { kind: 'all-read' };

export interface SeenResult {
  /** UIDs asked for that the folder does not hold (expunged, or never there); nothing was stored for them. */
  missing: number[];
}

/**
 * SELECTs the folder (STORE needs read-write), checks UIDVALIDITY when one is given, finds which of the UIDs
 * exist (`UID SEARCH UID …`), then one `UID STORE … ±FLAGS.SILENT (\Seen)` for those. A UIDVALIDITY mismatch
 * means the UIDs name other messages now: refuse, change nothing.
 */
export async function changeSeen(client: ImapFlow, folder: string, change: SeenChange, expectedUidValidity?: string): Promise<SeenResult> {
  // No server has such a name, and it must never reach the wire where a line break would end the command.
  if (/[\0\r\n]/.test(folder)) throw folderNotFound(folder);
  let lock: { release(): void } | undefined;
  try {
    lock = await client.getMailboxLock(folder, { readOnly: false });
    const mailbox = client.mailbox;
    const current = mailbox ? String(mailbox.uidValidity) : undefined;
    if (expectedUidValidity !== undefined && current !== expectedUidValidity) {
      throw new HostError(
        'UIDVALIDITY_CHANGED',
        `Folder "${folder}" was rebuilt on the server (UIDVALIDITY ${current ?? '?'} instead of ${expectedUidValidity}); nothing was changed. Refresh and try again.`,
      );
    }
    const options = { uid: true, silent: true } as const;
    if (change.kind === 'all-read') {
      const ok = await client.messageFlagsAdd('1:*', ['\\Seen'], options);
      // An empty folder has nothing to store; imapflow reports that as false too.
      if (!ok && mailbox && mailbox.exists > 0) throw refused(folder);
      return { missing: [] };
    }
    const existing = await existingUids(client, change.uids);
    const missing = change.uids.filter((uid) => !existing.has(uid));
    const present = change.uids.filter((uid) => existing.has(uid));
    if (present.length === 0) return { missing };
    const ok = change.kind === 'read'
      ? await client.messageFlagsAdd(present.join(','), ['\\Seen'], options)
      : await client.messageFlagsRemove(present.join(','), ['\\Seen'], options);
    if (!ok) throw refused(folder);
    return { missing };
  } catch (error) {
    if (error instanceof HostError) throw error;
    const said = (error as { responseText?: string }).responseText;
    // No lock means SELECT failed: the folder is gone (or never was) for this user.
    if (lock === undefined || /nonexistent|doesn't exist|not exist|unknown mailbox/i.test(said ?? '')) throw folderNotFound(folder);
    throw new HostError('IMAP_ERROR', `Changing the read state in "${folder}" failed (${(said ?? String(error)).slice(0, 200)}).`);
  } finally {
    lock?.release();
  }
}

/** Which of these UIDs the selected folder holds: one `UID SEARCH UID <set>`. */
async function existingUids(client: ImapFlow, uids: number[]): Promise<Set<number>> {
  const found = await client.search({ uid: uids.join(',') }, { uid: true });
  return new Set(found || []);
}

function folderNotFound(folder: string): HostError {
  const shown = folder.replace(/[\0-\x1f\x7f]/g, ' ');
  return new HostError('FOLDER_NOT_FOUND', `Folder "${shown}" does not exist on the server. Check its name (see: folders ACCOUNT).`);
}

function refused(folder: string): HostError {
  return new HostError('IMAP_ERROR', `The server refused to change the read state in "${folder}". Try again later.`);
}
