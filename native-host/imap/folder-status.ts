// Counts of several folders at once, without selecting any: one LIST-STATUS round trip where offered, else STATUS each.
import type { ImapFlow, ImapResponse } from 'imapflow';
import { HostError } from '../errors';
import type { PollMethod } from '../watch/strategy';
import { atom, compileCommandLine, decodeFolder, encodeFolder, readStatusLine, runRawCommand } from './imapflow';
import { folderStatus, type FolderStatus } from './status';

export type { FolderStatus };

export interface StatusPollResult {
  statuses: FolderStatus[];
  /** Watched folders the server did not report (deleted, renamed or never existed). */
  missing: string[];
}

const STATUS_ITEMS = ['MESSAGES', 'UNSEEN', 'UIDNEXT', 'UIDVALIDITY'];

/** The status in an untagged STATUS reply, named by its decoded folder name. */
function statusOfReply(client: ImapFlow, response: ImapResponse): FolderStatus | undefined {
  const line = readStatusLine(response);
  return line && folderStatus(decodeFolder(client, line.wireName), line.items);
}

export async function pollFolderStatus(client: ImapFlow, folders: readonly string[], method: PollMethod): Promise<StatusPollResult> {
  if (folders.length === 0) return { statuses: [], missing: [] };
  if (method === 'status') return await pollWithPipelinedStatus(client, folders);
  // LIST-STATUS leaves out the selected folder (RFC 5819 §2); that one is asked with a plain STATUS.
  const selected = client.mailbox ? client.mailbox.path : undefined;
  const others = folders.filter((folder) => folder !== selected);
  const listed = await pollWithListStatus(client, others);
  if (selected === undefined || others.length === folders.length) return listed;
  const own = await pollWithPipelinedStatus(client, [selected]);
  return { statuses: [...own.statuses, ...listed.statuses], missing: [...own.missing, ...listed.missing] };
}

/** `LIST "" (f1 f2 …) RETURN (STATUS (…))`: RFC 5258 multiple patterns + RFC 5819 inline STATUS, one round trip. */
async function pollWithListStatus(client: ImapFlow, folders: readonly string[]): Promise<StatusPollResult> {
  if (folders.length === 0) return { statuses: [], missing: [] };
  const wanted = new Set(folders);
  const found = new Map<string, FolderStatus>();
  const patterns = folders.map((folder) => encodeFolder(client, folder));
  await runRawCommand(client, 'LIST', ['', patterns, atom('RETURN'), [atom('STATUS'), STATUS_ITEMS.map(atom)]], {
    // A folder name with * or % is a pattern to LIST and may match others: keep only the folders asked for.
    LIST: () => undefined,
    STATUS: (response) => {
      const status = statusOfReply(client, response);
      if (status && wanted.has(status.folder)) found.set(status.folder, status);
    },
  });
  return { statuses: folders.flatMap((folder) => found.get(folder) ?? []), missing: folders.filter((folder) => !found.has(folder)) };
}

/**
 * All STATUS commands in one burst, one round trip: imapflow runs one command at a time, so all but the last
 * are written ahead of it (see runRawCommand). Folders whose reply did not come back that way (a missing
 * folder, or a server push router that claimed the line) are asked again one by one.
 */
async function pollWithPipelinedStatus(client: ImapFlow, folders: readonly string[]): Promise<StatusPollResult> {
  if (!client.usable) throw new HostError('CONNECT_FAILED', 'The connection closed while counting folders.');
  const wanted = new Set(folders);
  const found = new Map<string, FolderStatus>();
  const items = STATUS_ITEMS.map(atom);
  const statusOf = (folder: string) => [encodeFolder(client, folder), items];
  const ahead = folders.slice(0, -1).map((folder) => compileCommandLine(`MB${(pipelineTag++).toString(36)}`, 'STATUS', statusOf(folder)));
  if (ahead.some((line) => line === undefined)) return await pollWithStatus(client, folders);
  try {
    await runRawCommand(client, 'STATUS', statusOf(folders.at(-1)!), {
      STATUS: (response) => {
        const status = statusOfReply(client, response);
        if (status && wanted.has(status.folder)) found.set(status.folder, status);
      },
    }, ahead as string[]);
  } catch (error) {
    // NO for the last folder (it does not exist) still leaves the others' replies; anything else is a broken session.
    if ((error as { responseStatus?: string }).responseStatus !== 'NO') throw error;
  }
  const retry = await pollWithStatus(client, folders.filter((folder) => !found.has(folder)));
  for (const status of retry.statuses) found.set(status.folder, status);
  return { statuses: folders.flatMap((folder) => found.get(folder) ?? []), missing: retry.missing };
}

/** Tags for pipelined commands: imapflow's own are hexadecimal, these start with M and never collide. */
let pipelineTag = 0;

/** One STATUS per folder, each waiting for the last: a round trip per folder. */
async function pollWithStatus(client: ImapFlow, folders: readonly string[]): Promise<StatusPollResult> {
  // imapflow's status() answers false on a closed connection too: that is no proof the folders are gone.
  if (!client.usable) throw new HostError('CONNECT_FAILED', 'The connection closed while counting folders.');
  const statuses: FolderStatus[] = [];
  const missing: string[] = [];
  for (const folder of folders) {
    const status = await client.status(folder, { messages: true, unseen: true, uidNext: true, uidValidity: true }).catch(() => false as const);
    if (status) statuses.push(folderStatus(folder, status));
    else missing.push(folder);
  }
  return { statuses, missing };
}
