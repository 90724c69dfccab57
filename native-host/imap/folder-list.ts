// The account's folders for the folder picker: decoded names, subscription, special-use role.
import type { ImapFlow } from 'imapflow';
import type { FolderInfo } from '../../lib/protocol';

/** One LIST (with RETURN (SUBSCRIBED SPECIAL-USE) where offered); imapflow decodes modified UTF-7 names. */
export async function listFolders(client: ImapFlow): Promise<FolderInfo[]> {
  const entries = await client.list();
  return entries
    .filter((entry) => !entry.flags.has('\\NonExistent'))
    .map((entry) => ({
      folder: entry.path,
      name: entry.name,
      delimiter: entry.delimiter ?? '',
      subscribed: entry.subscribed,
      ...(entry.specialUse ? { specialUse: entry.specialUse } : {}),
      selectable: !entry.flags.has('\\Noselect'),
    }));
}
