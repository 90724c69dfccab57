// `folders <account> [--json]`: the account's folders with subscription and special-use role, for picking what to watch.
import { logoutQuietly, withDeadline } from '../imap/connection-guard';
import { listFolders } from '../imap/folder-list';
import { findAccount, openAccount } from './account-lookup';
import { parseCommandArgs } from './args';

export async function foldersCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, 'folders ACCOUNT [--json]');
  const account = await findAccount(configDir, positionals[0]);
  const client = await openAccount(configDir, account, { disableAutoIdle: true });
  try {
    const { folders, total } = await withDeadline(client, `${account.host}:${account.port}`, () => listFolders(client));
    if (total > folders.length) process.stderr.write(`mailbadge: ${account.host} has ${total} folders, too many to list; showing the first ${folders.length}.\n`);
    // The CLI's JSON names a folder `path`, as `check --json` does (a documented contract); the protocol says `folder`.
    if (values.json) return out(JSON.stringify(folders.map(({ folder, ...rest }) => ({ path: folder, ...rest }))));
    for (const f of folders) out(`${f.folder}${f.specialUse ? `  ${f.specialUse}` : ''}${f.subscribed ? '' : '  (not subscribed)'}${f.selectable ? '' : '  (holds folders only)'}`);
  } finally {
    await logoutQuietly(client);
  }
}
