// listFolders: the account's folders for the folder picker, over the account's existing session.
import { defineHandler } from './handler';

export default defineHandler({
  type: 'listFolders',
  async handle(request, { sessions }) {
    return { type: 'folders', id: request.id, folders: await sessions.get(request.account).folderList() };
  },
});
