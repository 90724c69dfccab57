// `check <account> [--json]`: one pass over the watched folders, then log out.
import { openImapSession } from '../imap/connect';
import { readFolderCounts } from '../imap/folder-counts';
import { findAccount, passwordFor } from './account-lookup';
import { parseCommandArgs } from './args';

export async function checkCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, 'check ACCOUNT [--json]');
  const account = await findAccount(configDir, positionals[0]);
  const client = await openImapSession(account, await passwordFor(configDir, account), { disableAutoIdle: true });
  try {
    const folders = await readFolderCounts(client, account.folders);
    if (values.json) {
      out(JSON.stringify({ account: account.name, folders: folders.map(({ path, unseen, total, problem }) => ({ path, unseen, total, ...(problem ? { problem } : {}) })), previews: [] }));
    } else {
      for (const f of folders) out(f.problem ? `${f.path}: ${f.problem.message}` : `${f.path}: ${f.unseen} unseen of ${f.total}`);
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
