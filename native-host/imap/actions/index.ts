// The mail actions as the session and the command line run them: find where a message goes, check it is still
// there, move or delete it, and report what undo needs. Each runs on a connection the caller owns.
import type { ImapFlow } from 'imapflow';
import type { AccountSettings } from '../../../lib/account';
import { MAX_MOVE_UIDS, type MovedMessage, type MoveAction } from '../../../lib/protocol-actions';
import { inFolder } from './folder-lock';
import { requireMessages } from './message-facts';
import { deleteSelected, expungeNow, moveSelected } from './move';
import { findTarget } from './targets';

export { saveMessage, type SavedMessage } from './save';
export { setFlagged } from './star';
export { undoMoves } from './undo';
export { expungeNow };

export interface MoveOutcome {
  /** UIDVALIDITY of the folder the messages were in, which the `uid` of each entry belongs to. */
  uidValidity: string;
  moved: MovedMessage[];
  /** Deleted in place and to be expunged after the undo window (only with `expunge: 'later'` on a UIDPLUS server). */
  expungeLater: number[];
  /** archiveRead: read messages left for another round. */
  remaining?: number;
}

const DOING: Record<MoveAction, string> = { archive: 'Archiving', delete: 'Deleting', spam: 'Moving to Junk' };

/**
 * Archive, delete or spam `uids` of `folder`. A delete where there is no Trash (or in Trash) removes the messages for
 * good: at once for `expunge: 'now'` (the command line), after the caller's undo window for `'later'` (the popup).
 */
export async function moveMessages(
  client: ImapFlow,
  account: Pick<AccountSettings, 'name' | 'archiveFolder'>,
  folder: string,
  uidValidity: string | undefined,
  uids: readonly number[],
  action: MoveAction,
  expunge: 'now' | 'later',
): Promise<MoveOutcome> {
  const target = await findTarget(client, account, folder, action);
  return await inFolder(client, folder, uidValidity, DOING[action], async () => {
    const facts = await requireMessages(client, folder, uids);
    const selected = selectedUidValidity(client);
    if (target.kind === 'in-place') return { uidValidity: selected, ...(await deleteSelected(client, folder, uids, facts, expunge)) };
    return { uidValidity: selected, moved: await moveSelected(client, folder, target.folder, uids, facts), expungeLater: [] };
  });
}

/** Archives the folder's read messages that are not marked deleted, the newest MAX_MOVE_UIDS at a time. */
export async function archiveRead(client: ImapFlow, account: Pick<AccountSettings, 'name' | 'archiveFolder'>, folder: string, uidValidity: string | undefined): Promise<MoveOutcome> {
  const target = await findTarget(client, account, folder, 'archive');
  return await inFolder(client, folder, uidValidity, 'Archiving read messages', async () => {
    const read = ((await client.search({ seen: true, deleted: false }, { uid: true })) || []).sort((a, b) => a - b);
    const batch = read.slice(-MAX_MOVE_UIDS);
    const selected = selectedUidValidity(client);
    if (batch.length === 0 || target.kind !== 'folder') return { uidValidity: selected, moved: [], expungeLater: [], remaining: 0 };
    const facts = await requireMessages(client, folder, batch);
    return { uidValidity: selected, moved: await moveSelected(client, folder, target.folder, batch, facts), expungeLater: [], remaining: read.length - batch.length };
  });
}

function selectedUidValidity(client: ImapFlow): string {
  return String(client.mailbox ? client.mailbox.uidValidity : '');
}

/** The deferred half of a delete in place: UID EXPUNGE of those UIDs, if the folder is still the one they belong to. */
export async function expungeDeleted(client: ImapFlow, folder: string, uidValidity: string, uids: readonly number[]): Promise<void> {
  await inFolder(client, folder, uidValidity, 'Deleting for good', () => expungeNow(client, uids));
}
