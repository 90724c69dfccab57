// `archive|delete|spam`, `star|unstar`, `undo` and `save`: the popup's mail actions from a terminal, for scripts and
// for checking a server by hand. Each opens its own connection and logs out.
import { writeFile } from 'node:fs/promises';
import type { ImapFlow } from 'imapflow';
import * as z from 'zod';
import type { AccountSettings } from '../../lib/account';
import { UidValidity } from '../../lib/names';
import { MAX_MOVE_UIDS, MovedMessage, type MoveAction } from '../../lib/protocol-actions';
import { HostError } from '../errors';
import { moveMessages, saveMessage, setFlagged, undoMoves } from '../imap/actions';
import { findAccount, openAccount } from './account-lookup';
import { parseCommandArgs, required } from './args';

type Out = (line: string) => void;

export function moveCommand(action: MoveAction) {
  const usage = `${action} ACCOUNT FOLDER UID… [--uidvalidity N] [--json]`;
  return async (args: string[], configDir: string, out: Out): Promise<void> => {
    const { values, positionals } = parseCommandArgs(args, { uidvalidity: { type: 'string' }, json: { type: 'boolean' } }, usage);
    const [name, folder, ...rawUids] = positionals;
    const uids = parseUids(rawUids, usage);
    const uidValidity = parseUidValidity(values.uidvalidity, usage);
    const account = await findAccount(configDir, required(name, 'ACCOUNT', usage));
    const outcome = await withSession(configDir, account, (client) => moveMessages(client, account, required(folder, 'FOLDER', usage), uidValidity, uids, action, 'now'));
    // What `undo --moved` takes back, as it is: the folder's UIDVALIDITY guards the UIDs in each entry.
    if (values.json) return out(JSON.stringify({ folder, uidValidity: outcome.uidValidity, moved: outcome.moved }));
    for (const entry of outcome.moved) out(describeMove(folder!, entry));
  };
}

export function starCommand(flagged: boolean) {
  const usage = `${flagged ? 'star' : 'unstar'} ACCOUNT FOLDER UID… [--uidvalidity N]`;
  return async (args: string[], configDir: string, out: Out): Promise<void> => {
    const { values, positionals } = parseCommandArgs(args, { uidvalidity: { type: 'string' } }, usage);
    const [name, folder, ...rawUids] = positionals;
    const uids = parseUids(rawUids, usage);
    const uidValidity = parseUidValidity(values.uidvalidity, usage);
    const account = await findAccount(configDir, required(name, 'ACCOUNT', usage));
    await withSession(configDir, account, (client) => setFlagged(client, required(folder, 'FOLDER', usage), uidValidity, uids, flagged));
    out(`${flagged ? 'Starred' : 'Unstarred'} ${uids.length} message(s) in ${folder}.`);
  };
}

const UNDO_USAGE = "undo ACCOUNT FOLDER --moved JSON   (JSON: what archive|delete|spam --json printed, or its \"moved\" list)";
const MovedList = z.array(MovedMessage).min(1).max(MAX_MOVE_UIDS);
const PrintedMove = z.object({ uidValidity: UidValidity.optional(), moved: MovedList });

export async function undoCommand(args: string[], configDir: string, out: Out): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { moved: { type: 'string' }, json: { type: 'boolean' } }, UNDO_USAGE);
  const [name, folder] = positionals;
  const raw = required(values.moved, '--moved', UNDO_USAGE);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new HostError('BAD_MESSAGE', `--moved is not JSON. Usage: ${UNDO_USAGE}`);
  }
  // The whole printed object, or just its list: checked against the one that was given, so errors name the field.
  const parsed = Array.isArray(json) ? PrintedMove.safeParse({ moved: json }) : PrintedMove.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HostError('BAD_MESSAGE', `--moved is not what a move printed (${issue?.path.join('.') || 'value'}: ${issue?.message}). Usage: ${UNDO_USAGE}`);
  }
  const { moved, uidValidity } = parsed.data;
  const account = await findAccount(configDir, required(name, 'ACCOUNT', UNDO_USAGE));
  // Without the UIDVALIDITY a move printed, the UIDs of messages still in the folder are taken as they are.
  const restored = await withSession(configDir, account, (client) => undoMoves(client, required(folder, 'FOLDER', UNDO_USAGE), uidValidity, moved));
  if (values.json) return out(JSON.stringify({ folder, restored: restored.map(({ uid, newUid }) => ({ uid, ...(newUid !== undefined ? { newUid } : {}) })) }));
  for (const entry of restored) out(`Message ${entry.uid} is back in ${folder}${entry.newUid !== undefined ? ` (UID ${entry.newUid})` : ''}.`);
}

const SAVE_USAGE = 'save ACCOUNT FOLDER UID --out FILE [--uidvalidity N]';

export async function saveCommand(args: string[], configDir: string, out: Out): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { out: { type: 'string' }, uidvalidity: { type: 'string' } }, SAVE_USAGE);
  const [name, folder, rawUid] = positionals;
  const [uid] = parseUids([required(rawUid, 'UID', SAVE_USAGE)], SAVE_USAGE);
  const file = required(values.out, '--out', SAVE_USAGE);
  const uidValidity = parseUidValidity(values.uidvalidity, SAVE_USAGE);
  const account = await findAccount(configDir, required(name, 'ACCOUNT', SAVE_USAGE));
  const chunks: Buffer[] = [];
  const saved = await withSession(configDir, account, (client) => saveMessage(client, required(folder, 'FOLDER', SAVE_USAGE), uidValidity, uid!, (_index, data) => chunks.push(data)));
  try {
    // 'wx': never overwrite a file; 0600: a message is private.
    await writeFile(file, Buffer.concat(chunks), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HostError('BAD_MESSAGE', code === 'EEXIST' ? `${file} already exists; pick another name or remove it first.` : `Cannot write ${file}: ${(error as Error).message}.`);
  }
  out(`Saved message ${uid} of ${folder} (${saved.bytes} bytes) to ${file}.`);
}

async function withSession<T>(configDir: string, account: AccountSettings, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await openAccount(configDir, account, { disableAutoIdle: true });
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

function parseUids(raw: string[], usage: string): number[] {
  const uids = raw.map((text) => (/^\d{1,10}$/.test(text) ? Number(text) : Number.NaN));
  if (uids.length === 0 || uids.some((uid) => !Number.isInteger(uid) || uid < 1 || uid > 2 ** 32 - 1)) {
    throw new HostError('BAD_MESSAGE', `Give one or more message UIDs (positive whole numbers). Usage: ${usage}`);
  }
  if (uids.length > MAX_MOVE_UIDS) throw new HostError('BAD_MESSAGE', `At most ${MAX_MOVE_UIDS} UIDs at once. Usage: ${usage}`);
  return uids;
}

function parseUidValidity(raw: string | undefined, usage: string): string | undefined {
  if (raw !== undefined && !/^\d{1,10}$/.test(raw)) throw new HostError('BAD_MESSAGE', `--uidvalidity must be a whole number. Usage: ${usage}`);
  return raw;
}

function describeMove(folder: string, entry: MovedMessage): string {
  if (entry.to) {
    const where = `message ${entry.uid} from ${folder} to ${entry.to}${entry.newUid !== undefined ? ` (UID ${entry.newUid} there)` : ''}`;
    return entry.kept
      ? `Copied ${where}; the original is flagged deleted (the server lacks UIDPLUS, so Mailbadge never expunges: your mail client will).`
      : `Moved ${where}.`;
  }
  return entry.kept
    ? `Flagged message ${entry.uid} deleted in ${folder} (no Trash folder; the server lacks UIDPLUS, so your mail client will expunge it).`
    : `Deleted message ${entry.uid} from ${folder} for good (the account has no Trash folder).`;
}
