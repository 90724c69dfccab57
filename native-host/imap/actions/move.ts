// Moves messages of the selected folder to another folder, or deletes them where they are, the safest way the server
// allows: UID MOVE; else UID COPY + \Deleted + UID EXPUNGE of exactly those UIDs (UIDPLUS); else UID COPY + \Deleted
// and no expunge at all. A bare EXPUNGE could remove messages another client marked deleted, so it is never sent.
import type { ImapFlow } from 'imapflow';
import type { MovedMessage } from '../../../lib/protocol-actions';
import { HostError } from '../../errors';
import { runRawCommand } from '../imapflow';
import { uidSet } from './folder-lock';
import type { MessageFacts } from './message-facts';

export interface MoveCapabilities {
  move: boolean;
  uidplus: boolean;
}

export function moveCapabilities(client: ImapFlow): MoveCapabilities {
  return { move: client.capabilities.has('MOVE'), uidplus: client.capabilities.has('UIDPLUS') };
}

/**
 * Moves `uids` (all present, see requireMessages) from the selected folder `source` to `to`. COPYUID is only taken
 * from a server that offers UIDPLUS: others promised nothing, so their messages are found again by Message-ID.
 */
export async function moveSelected(client: ImapFlow, source: string, to: string, uids: readonly number[], facts: ReadonlyMap<number, MessageFacts>): Promise<MovedMessage[]> {
  const { move, uidplus } = moveCapabilities(client);
  const set = uidSet(uids);
  let kept = false;
  const result = move ? await client.messageMove(set, to, { uid: true }) : await client.messageCopy(set, to, { uid: true });
  if (!result) throw new HostError('IMAP_ERROR', `The server refused to move ${describe(uids)} from "${source}" to "${to}"; nothing was changed.`);
  if (!move) {
    if (uidplus) {
      // imapflow's messageDelete is STORE +FLAGS (\Deleted) then, with UIDPLUS and { uid: true }, UID EXPUNGE of this set.
      if (!(await client.messageDelete(set, { uid: true }))) {
        throw new HostError('IMAP_ERROR', `${capitalized(describe(uids))} ${uids.length === 1 ? 'was' : 'were'} copied to "${to}", but the server refused to remove ${uids.length === 1 ? 'it' : 'them'} from "${source}".`);
      }
    } else {
      await markDeletedInPlace(client, source, set);
      kept = true;
    }
  }
  const map = uidplus ? result.uidMap : undefined;
  const toUidValidity = uidplus && result.uidValidity !== undefined ? String(result.uidValidity) : undefined;
  // With a UID map, a UID missing from it was not moved (it vanished between our check and the move).
  const moved = map ? uids.filter((uid) => map.has(uid)) : uids;
  if (moved.length === 0) throw new HostError('MESSAGE_GONE', `${capitalized(describe(uids))} left "${source}" before the move: another mail client moved or deleted ${uids.length === 1 ? 'it' : 'them'}.`);
  return moved.map((uid) => {
    const fact = facts.get(uid)!;
    const newUid = map?.get(uid);
    return {
      uid,
      to,
      ...(newUid !== undefined ? { newUid } : {}),
      ...(newUid !== undefined && toUidValidity ? { toUidValidity } : {}),
      // Only needed to find the message again without a new UID; left out otherwise to keep replies small.
      ...(newUid === undefined && fact.messageId ? { messageId: fact.messageId } : {}),
      ...(kept ? { kept } : {}),
      seen: fact.seen,
    };
  });
}

/**
 * Deletes `uids` of the selected folder where they are: \Deleted and \Seen (so they stop counting as unread) now;
 * the UID EXPUNGE follows at once (`expunge: 'now'`), after the undo window (`'later'`: the caller schedules
 * expungeNow), or never when the server lacks UIDPLUS.
 */
export async function deleteSelected(client: ImapFlow, source: string, uids: readonly number[], facts: ReadonlyMap<number, MessageFacts>, expunge: 'now' | 'later'): Promise<{ moved: MovedMessage[]; expungeLater: number[] }> {
  const { uidplus } = moveCapabilities(client);
  const set = uidSet(uids);
  if (uidplus && expunge === 'now') {
    if (!(await client.messageDelete(set, { uid: true }))) throw new HostError('IMAP_ERROR', `The server refused to delete ${describe(uids)} in "${source}".`);
    return { moved: uids.map((uid) => ({ uid, seen: facts.get(uid)!.seen })), expungeLater: [] };
  }
  await markDeletedInPlace(client, source, set);
  return { moved: uids.map((uid) => ({ uid, kept: true, seen: facts.get(uid)!.seen })), expungeLater: uidplus ? [...uids] : [] };
}

/** UID EXPUNGE of exactly these UIDs of the selected folder (UIDPLUS): only those still flagged \Deleted go. */
export async function expungeNow(client: ImapFlow, uids: readonly number[]): Promise<void> {
  // Not imapflow's messageDelete: it would flag them \Deleted again, undoing an undelete made meanwhile.
  await runRawCommand(client, 'UID EXPUNGE', [{ type: 'SEQUENCE', value: uidSet(uids) }]);
}

async function markDeletedInPlace(client: ImapFlow, source: string, set: string): Promise<void> {
  if (!(await client.messageFlagsAdd(set, ['\\Deleted', '\\Seen'], { uid: true, silent: true }))) {
    throw new HostError('IMAP_ERROR', `The server refused to mark messages deleted in "${source}".`);
  }
}

function describe(uids: readonly number[]): string {
  return uids.length === 1 ? `message ${uids[0]}` : `${uids.length} messages`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
