// Star and unstar: \Flagged on the server, by UID, guarded by the folder's UIDVALIDITY.
import type { ImapFlow } from 'imapflow';
import { HostError } from '../../errors';
import { inFolder, uidSet } from './folder-lock';
import { requireMessages } from './message-facts';

export async function setFlagged(client: ImapFlow, folder: string, uidValidity: string | undefined, uids: readonly number[], flagged: boolean): Promise<void> {
  await inFolder(client, folder, uidValidity, flagged ? 'Starring' : 'Removing the star', async () => {
    await requireMessages(client, folder, uids);
    const options = { uid: true, silent: true } as const;
    const ok = flagged ? await client.messageFlagsAdd(uidSet(uids), ['\\Flagged'], options) : await client.messageFlagsRemove(uidSet(uids), ['\\Flagged'], options);
    if (!ok) throw new HostError('IMAP_ERROR', `The server refused to ${flagged ? 'star' : 'unstar'} messages in "${folder}".`);
  });
}
