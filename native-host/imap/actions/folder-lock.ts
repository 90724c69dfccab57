// Opens one folder for an action on its messages, guarded by the UIDVALIDITY the caller's UIDs belong to.
import type { ImapFlow } from 'imapflow';
import { HostError } from '../../errors';

export interface FolderOptions {
  /** EXAMINE instead of SELECT: for reading only (save as .eml), so nothing can change even by mistake. */
  readOnly?: boolean;
}

/**
 * Selects `folder` (read-write unless told otherwise), checks its UIDVALIDITY when one is given, runs `action`, and
 * releases the folder. A UIDVALIDITY mismatch means the UIDs name other messages now: refuse, change nothing.
 * Server failures become HostErrors that name the folder and what was being done.
 */
export async function inFolder<T>(client: ImapFlow, folder: string, uidValidity: string | undefined, doing: string, action: () => Promise<T>, options: FolderOptions = {}): Promise<T> {
  let lock;
  const wasOpen = client.mailbox !== false && client.mailbox?.path === folder;
  try {
    lock = await client.getMailboxLock(folder, { readOnly: options.readOnly ?? false });
  } catch (error) {
    throw imapFailure(error, folder, doing);
  }
  try {
    // A folder that stayed selected (IDLE's) may not have heard of mail that arrived since: a NOOP brings the
    // server's news, else a UID FETCH or STORE of the newest message finds nothing to act on.
    if (wasOpen && client.mailbox && client.mailbox.path === folder) await client.noop();
    const current = client.mailbox ? String(client.mailbox.uidValidity) : undefined;
    if (uidValidity !== undefined && current !== uidValidity) {
      throw new HostError(
        'UIDVALIDITY_CHANGED',
        `Folder "${folder}" was rebuilt on the server (UIDVALIDITY ${current ?? '?'} instead of ${uidValidity}); nothing was changed. Refresh and try again.`,
      );
    }
    return await action();
  } catch (error) {
    throw imapFailure(error, folder, doing);
  } finally {
    lock.release();
  }
}

/** A failure as a HostError: ours pass through; a missing folder and other server refusals are named. */
export function imapFailure(error: unknown, folder: string, doing: string): HostError {
  if (error instanceof HostError) return error;
  const said = (error as { responseText?: string }).responseText;
  if (/nonexistent|doesn't exist|not exist|unknown mailbox/i.test(said ?? '')) {
    return new HostError('FOLDER_NOT_FOUND', `Folder "${folder}" does not exist on the server any more.`);
  }
  return new HostError('IMAP_ERROR', `${doing} in "${folder}" failed (${(said ?? String(error)).slice(0, 200)}).`);
}

/** A UID set as IMAP writes it. */
export function uidSet(uids: readonly number[]): string {
  return uids.join(',');
}
