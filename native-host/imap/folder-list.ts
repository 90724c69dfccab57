// The account's folders for the folder picker: decoded names, subscription, special-use role; at most a page of them.
import type { ImapFlow, ImapResponse } from 'imapflow';
import { MAX_LISTED_FOLDERS, type FolderInfo } from '../../lib/protocol';
import { atom, decodeFolder, guessSpecialUse, runRawCommand, tokenText } from './imapflow';

export interface FolderListing {
  folders: FolderInfo[];
  /** How many folders the server listed in all (more than `folders` holds when it has too many to show). */
  total: number;
}

/**
 * One `LIST "" "*"` (with RETURN (SUBSCRIBED SPECIAL-USE) where offered, else an LSUB after it), read as it streams:
 * only the first `limit` folders are kept and the rest only counted, so a server with 100,000 folders costs no more
 * memory than one with `limit` (imapflow's own list() keeps every entry, up to a million).
 */
export async function listFolders(client: ImapFlow, limit = MAX_LISTED_FOLDERS): Promise<FolderListing> {
  const extended = client.capabilities.has('LIST-EXTENDED');
  const serverRoles = client.capabilities.has('SPECIAL-USE');
  const returns = extended ? [atom('RETURN'), [atom('SUBSCRIBED'), ...(serverRoles ? [atom('SPECIAL-USE')] : [])]] : [];
  const kept = new Map<string, FolderInfo>();
  let total = 0;
  await runRawCommand(client, 'LIST', ['', '*', ...returns], {
    LIST: (response) => {
      const entry = readListLine(client, response, serverRoles);
      if (!entry || entry.nonexistent) return;
      total++;
      if (kept.size < limit && !kept.has(entry.wireName)) kept.set(entry.wireName, entry.info);
    },
  });
  if (!extended) {
    await runRawCommand(client, 'LSUB', ['', '*'], {
      LSUB: (response) => {
        const folder = kept.get(tokenText(response.attributes?.[2]) ?? '');
        if (folder) folder.subscribed = true;
      },
    });
  }
  return { folders: [...kept.values()], total };
}

/** One `* LIST (flags) "delimiter" name` line as a FolderInfo, or undefined when it is not of that shape. */
function readListLine(client: ImapFlow, response: ImapResponse, serverRoles: boolean): { wireName: string; info: FolderInfo; nonexistent: boolean } | undefined {
  const [flagList, delimiterToken, nameToken] = response.attributes ?? [];
  const wireName = tokenText(nameToken);
  if (wireName === undefined || wireName === '' || !Array.isArray(flagList)) return undefined;
  const flags = new Set(flagList.flatMap((flag) => {
    const text = tokenText(flag);
    return text === undefined ? [] : [text.toLowerCase()];
  }));
  const delimiter = tokenText(delimiterToken) ?? '';
  const folder = decodeFolder(client, wireName).slice(0, 1024);
  const name = (delimiter ? folder.split(delimiter).pop() : folder) || folder;
  const specialUse = guessSpecialUse(serverRoles, folder, delimiter, flags);
  return {
    wireName,
    nonexistent: flags.has('\\nonexistent'),
    info: {
      folder,
      name: name.slice(0, 1024),
      delimiter: delimiter.slice(0, 4),
      subscribed: flags.has('\\subscribed'),
      ...(specialUse ? { specialUse } : {}),
      selectable: !flags.has('\\noselect'),
    },
  };
}
