// `check <account> [--json]`: one pass over the watched folders (counts and newest unseen previews), then log out.
import type { FolderCount, Preview } from '../../lib/protocol';
import { logoutQuietly, withDeadline } from '../imap/connection-guard';
import { pollFolderStatus } from '../imap/folder-status';
import { fetchPreviews } from '../imap/previews';
import { chooseStrategy } from '../watch/strategy';
import { FolderTracker } from '../watch/folder-tracker';
import { findAccount, openAccount } from './account-lookup';
import { parseCommandArgs } from './args';

export async function checkCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, 'check ACCOUNT [--json]');
  const account = await findAccount(configDir, positionals[0]);
  const client = await openAccount(configDir, account, { disableAutoIdle: true });
  try {
    const { folders, previews } = await withDeadline(client, `${account.host}:${account.port}`, async () => {
      const { poll } = chooseStrategy(client.capabilities, account.folders);
      const { statuses, missing } = await pollFolderStatus(client, account.folders, poll);
      const tracker = new FolderTracker(account.folders);
      for (const status of statuses) tracker.apply(status);
      for (const path of missing) tracker.markMissing(path, { code: 'FOLDER_NOT_FOUND', message: `Folder "${path}" does not exist on the server.` });
      const counted = tracker.counts();
      const found: Preview[] = [];
      for (const folder of counted) {
        if (folder.unseen > 0 && !folder.problem) found.push(...(await fetchPreviews(client, folder.folder)).previews);
      }
      return { folders: counted, previews: found };
    });
    if (values.json) out(JSON.stringify({ account: account.name, folders: folders.map(publicCount), previews: previews.map(publicPreview) }));
    else printHuman(folders, previews, out);
  } finally {
    await logoutQuietly(client);
  }
}

/** `check --json` is a documented contract (design.md): a folder is `path` there, so the protocol's `folder` is mapped back here. */
function publicCount({ folder, unseen, total, problem }: FolderCount) {
  return { path: folder, unseen, total, ...(problem ? { problem } : {}) };
}

function publicPreview({ folder, uid, from, subject, date, snippet }: Preview) {
  return { folder, uid, from, subject, date, snippet };
}

function printHuman(folders: FolderCount[], previews: Preview[], out: (line: string) => void): void {
  for (const f of folders) {
    out(f.problem ? `${f.folder}: ${f.problem.message}` : `${f.folder}: ${f.unseen} unseen of ${f.total}`);
    for (const p of previews.filter((preview) => preview.folder === f.folder)) {
      out(`  ${p.date.slice(0, 16).replace('T', ' ')}  ${p.from || p.fromAddress}: ${p.subject || '(no subject)'}`);
    }
  }
}
