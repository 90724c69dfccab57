// `mark-read|mark-unread <account> <folder> <uid…>` and `mark-all-read <account> <folder>`: change \Seen on the server.
import { HostError } from '../errors';
import { changeSeen, type SeenChange } from '../imap/flags';
import { findAccount, openAccount } from './account-lookup';
import { parseCommandArgs, required } from './args';

type Kind = SeenChange['kind'];

export function markCommand(kind: Kind) {
  const usage = kind === 'all-read' ? 'mark-all-read ACCOUNT FOLDER [--uidvalidity N]' : `mark-${kind} ACCOUNT FOLDER UID… [--uidvalidity N]`;
  return async (args: string[], configDir: string, out: (line: string) => void): Promise<void> => {
    const { values, positionals } = parseCommandArgs(args, { uidvalidity: { type: 'string' } }, usage);
    const [name, folder, ...rawUids] = positionals;
    const account = await findAccount(configDir, required(name, 'ACCOUNT', usage));
    required(folder, 'FOLDER', usage);
    const uids = rawUids.map(Number);
    if (kind !== 'all-read' && (uids.length === 0 || uids.some((uid) => !Number.isInteger(uid) || uid < 1 || uid > 2 ** 32 - 1))) {
      throw new HostError('BAD_MESSAGE', `Give one or more message UIDs (positive whole numbers). Usage: ${usage}`);
    }
    if (values.uidvalidity !== undefined && !/^\d{1,10}$/.test(values.uidvalidity)) {
      throw new HostError('BAD_MESSAGE', `--uidvalidity must be a whole number. Usage: ${usage}`);
    }
    const change: SeenChange = kind === 'all-read' ? { kind } : { kind, uids };
    const client = await openAccount(configDir, account, { disableAutoIdle: true });
    try {
      await changeSeen(client, folder!, change, values.uidvalidity);
    } finally {
      await client.logout().catch(() => client.close());
    }
    out(kind === 'all-read' ? `Marked every message in ${folder} as read.` : `Marked ${uids.length} message(s) in ${folder} as ${kind}.`);
  };
}
