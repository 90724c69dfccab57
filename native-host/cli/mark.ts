// `mark-read|mark-unread <account> <folder> <uid…>` and `mark-all-read <account> <folder>`: change \Seen on the server.
import { HostError } from '../errors';
import { logoutQuietly, withDeadline } from '../imap/connection-guard';
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
    const uids = rawUids.map(parseUid);
    if (kind !== 'all-read' && (uids.length === 0 || uids.some((uid) => uid === undefined))) {
      throw new HostError('BAD_MESSAGE', `Give one or more message UIDs (whole numbers from 1 to 4294967295, in decimal). Usage: ${usage}`);
    }
    if (values.uidvalidity !== undefined && parseUid(values.uidvalidity) === undefined) {
      throw new HostError('BAD_MESSAGE', `--uidvalidity must be a whole number from 1 to 4294967295. Usage: ${usage}`);
    }
    const change: SeenChange = kind === 'all-read' ? { kind } : { kind, uids: uids as number[] };
    const client = await openAccount(configDir, account, { disableAutoIdle: true });
    let missing: number[];
    try {
      ({ missing } = await withDeadline(client, `${account.host}:${account.port}`, () => changeSeen(client, folder!, change, values.uidvalidity)));
    } finally {
      await logoutQuietly(client);
    }
    if (kind === 'all-read') return out(`Marked every message in ${folder} as read.`);
    if (missing.length) {
      const marked = uids.length - missing.length;
      const which = missing.length === 1 ? `UID ${missing[0]} does not exist there` : `UIDs ${missing.join(', ')} do not exist there`;
      throw new HostError('BAD_MESSAGE', `Marked ${marked} of ${uids.length} message(s) in ${folder} as ${kind}; ${which}.`);
    }
    out(`Marked ${uids.length} message(s) in ${folder} as ${kind}.`);
  };
}

/** A UID or UIDVALIDITY as IMAP has them: a decimal nz-number of 32 bits ("0x2", "1e3" and "+4" are not). */
function parseUid(text: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= 2 ** 32 - 1 ? value : undefined;
}
