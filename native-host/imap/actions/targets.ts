// Where each action sends mail on this account: the server's special-use folder (RFC 6154, or imapflow's guess from
// well-known names), the archive folder the user picked, or, for delete without a Trash, nowhere (deleted in place).
import type { ImapFlow } from 'imapflow';
import type { AccountSettings } from '../../../lib/account';
import type { MoveAction } from '../../../lib/protocol-actions';
import { HostError } from '../../errors';

export type Target = { kind: 'folder'; folder: string } | { kind: 'in-place' };

const ROLES: Record<MoveAction, string> = { archive: '\\Archive', delete: '\\Trash', spam: '\\Junk' };

/** One LIST; imapflow marks special-use folders from the server's flags, else from well-known names ("Trash", "Spam"…). */
export async function findTarget(client: ImapFlow, account: Pick<AccountSettings, 'name' | 'archiveFolder'>, source: string, action: MoveAction): Promise<Target> {
  const folders = (await client.list()).filter((entry) => !entry.flags.has('\\NonExistent') && !entry.flags.has('\\Noselect'));
  const withRole = folders.find((entry) => entry.specialUse === ROLES[action])?.path;
  if (action === 'delete') {
    // Deleting in Trash, or where there is no Trash, removes the message for good (after the undo window).
    return withRole && withRole !== source ? { kind: 'folder', folder: withRole } : { kind: 'in-place' };
  }
  let target = withRole;
  if (!target && action === 'archive') {
    const picked = account.archiveFolder;
    if (!picked) {
      throw new HostError('ARCHIVE_FOLDER_UNSET', `The server of "${account.name}" names no Archive folder. Pick the folder to archive to in the account's options.`);
    }
    if (!folders.some((entry) => entry.path === picked)) {
      throw new HostError('FOLDER_NOT_FOUND', `The archive folder "${picked}" of "${account.name}" does not exist on the server. Pick another in the account's options.`);
    }
    target = picked;
  }
  if (!target) {
    throw new HostError('JUNK_FOLDER_MISSING', `"${account.name}" has no Junk folder on the server, so nothing was moved. Create one named "Junk" in your mail client.`);
  }
  if (target === source) {
    throw new HostError('BAD_MESSAGE', `The message is already in "${target}", the folder ${action === 'archive' ? 'archive' : 'spam'} moves it to.`);
  }
  return { kind: 'folder', folder: target };
}
