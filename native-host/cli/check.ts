// `check <account> [--json]`: one pass over the watched folders (counts and newest unseen previews), then log out.
import type { FolderCount, Preview } from '../../lib/protocol';
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
    const { poll } = chooseStrategy(client.capabilities, account.folders);
    const { statuses, missing } = await pollFolderStatus(client, account.folders, poll);
    const tracker = new FolderTracker(account.folders);
    for (const status of statuses) tracker.apply(status);
    for (const path of missing) tracker.markMissing(path, { code: 'FOLDER_NOT_FOUND', message: `Folder "${path}" does not exist on the server.` });
    const folders = tracker.counts();
    const previews: Preview[] = [];
    for (const folder of folders) {
      if (folder.unseen > 0 && !folder.problem) previews.push(...(await fetchPreviews(client, folder.folder)).previews);
    }
    if (values.json) out(JSON.stringify({ account: account.name, folders: folders.map(publicCount), previews: previews.map(publicPreview) }));
    else printHuman(folders, previews, out);
  } finally {
    await client.logout().catch(() => client.close());
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
