// Counts unseen and total messages of the watched folders with STATUS: never SELECT, never touch \Seen.
import type { ImapFlow } from 'imapflow';
import type { FolderCount } from '../../lib/protocol';
import { sanitizeServerText } from './connect';

export async function readFolderCounts(client: ImapFlow, folders: readonly string[]): Promise<FolderCount[]> {
  const counts: FolderCount[] = [];
  for (const path of folders) {
    try {
      const status = await client.status(path, { messages: true, unseen: true });
      if (!status) throw new Error('STATUS failed');
      counts.push({ path, unseen: status.unseen ?? 0, total: status.messages ?? 0 });
    } catch (error) {
      // One missing folder must not hide the others: report it on that folder.
      const said = sanitizeServerText((error as { responseText?: string }).responseText ?? 'no such folder');
      counts.push({ path, unseen: 0, total: 0, problem: { code: 'FOLDER_NOT_FOUND', message: `Folder "${path}" cannot be read (${said}). Pick it again in the options.` } });
    }
  }
  return counts;
}
