// listFolders: the account's folders for the folder picker, over the account's existing session.
import type { HostToExtension } from '../../lib/protocol';
import type { FolderListing } from '../imap/folder-list';
import { defineHandler } from './handler';

export default defineHandler({
  type: 'listFolders',
  async handle(request, { sessions }) {
    return foldersReply(request.id, await sessions.get(request.account).folderList());
  },
});

/** The folders reply; a server with more folders than it lists gets "too many folders; showing the first N". */
export function foldersReply(id: string, { folders, total }: FolderListing): HostToExtension {
  return { type: 'folders', id, folders, ...(total > folders.length ? { truncated: { shown: folders.length, total } } : {}) };
}
