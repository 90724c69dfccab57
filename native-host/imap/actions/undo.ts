// Puts back what a move listed: messages whose original stayed (flagged \Deleted) are undeleted and their copy
// removed; moved ones are found in the folder they went to (by new UID, else by Message-ID) and moved back.
import type { ImapFlow } from 'imapflow';
import type { MovedMessage } from '../../../lib/protocol-actions';
import { HostError } from '../../errors';
import { inFolder, uidSet } from './folder-lock';
import { readFacts, requireMessages } from './message-facts';
import { deleteSelected, moveSelected } from './move';

/** Each message back in `source`: `uid` is the one it had there before the move, `newUid` the one it has now (when known). */
export async function undoMoves(client: ImapFlow, source: string, sourceUidValidity: string | undefined, moved: readonly MovedMessage[]): Promise<MovedMessage[]> {
  const restored: MovedMessage[] = [];
  const kept = moved.filter((entry) => entry.kept);
  if (kept.length) restored.push(...(await undelete(client, source, sourceUidValidity, kept)));
  const byTarget = new Map<string, MovedMessage[]>();
  for (const entry of moved) {
    if (entry.kept) continue;
    if (!entry.to) throw new HostError('MESSAGE_GONE', `Message ${entry.uid} was deleted for good; it cannot be put back.`);
    byTarget.set(entry.to, [...(byTarget.get(entry.to) ?? []), entry]);
  }
  for (const [target, entries] of byTarget) restored.push(...(await moveBack(client, source, target, entries)));
  return restored;
}

/** The originals are still in `source`: clear \Deleted (and a \Seen the move added), then remove any copy made. */
async function undelete(client: ImapFlow, source: string, uidValidity: string | undefined, entries: readonly MovedMessage[]): Promise<MovedMessage[]> {
  const uids = entries.map((entry) => entry.uid);
  await inFolder(client, source, uidValidity, 'Putting messages back', async () => {
    const facts = await readFacts(client, uids);
    const gone = uids.filter((uid) => !facts.has(uid));
    if (gone.length) {
      throw new HostError('MESSAGE_GONE', `${gone.length === 1 ? `Message ${gone[0]} was` : `${gone.length} messages were`} already removed from "${source}" for good; undo came too late.`);
    }
    await client.messageFlagsRemove(uidSet(uids), ['\\Deleted'], { uid: true, silent: true });
    const unread = entries.filter((entry) => !entry.seen).map((entry) => entry.uid);
    if (unread.length) await client.messageFlagsRemove(uidSet(unread), ['\\Seen'], { uid: true, silent: true });
  });
  const copies = new Map<string, MovedMessage[]>();
  for (const entry of entries) if (entry.to) copies.set(entry.to, [...(copies.get(entry.to) ?? []), entry]);
  for (const [target, copied] of copies) {
    try {
      await inFolder(client, target, undefined, 'Removing the copies', async () => {
        const found = await locate(client, target, copied);
        const facts = await requireMessages(client, target, found);
        // Without UIDPLUS the copy stays flagged \Deleted (and \Seen), like the original did: never a bare EXPUNGE.
        await deleteSelected(client, target, found, facts, 'now');
      });
    } catch (error) {
      // A copy someone else already removed is no reason to report failure: the originals are back.
      if (!(error instanceof HostError && error.code === 'MESSAGE_GONE')) throw error;
    }
  }
  return entries.map((entry) => ({ uid: entry.uid, to: source, newUid: entry.uid, seen: entry.seen }));
}

async function moveBack(client: ImapFlow, source: string, target: string, entries: readonly MovedMessage[]): Promise<MovedMessage[]> {
  return await inFolder(client, target, sameValidity(entries), 'Putting messages back', async () => {
    const found = await locate(client, target, entries);
    const facts = await requireMessages(client, target, found);
    const back = await moveSelected(client, target, source, found, facts);
    const newUidOf = new Map(back.map((entry) => [entry.uid, entry.newUid]));
    return entries.map((entry, i) => {
      const newUid = newUidOf.get(found[i]!);
      return { uid: entry.uid, to: source, ...(newUid !== undefined ? { newUid } : {}), seen: entry.seen };
    });
  });
}

/** The UIDVALIDITY the new UIDs of these entries were given under, if every one has the same (else none to check). */
function sameValidity(entries: readonly MovedMessage[]): string | undefined {
  const values = new Set(entries.map((entry) => entry.toUidValidity));
  return values.size === 1 ? [...values][0] : undefined;
}

/**
 * Each entry's UID in the selected folder `target`, in order: its new UID where the server gave one, else the newest
 * message with its Message-ID (SEARCH HEADER matches substrings, so each candidate's envelope is compared exactly).
 */
async function locate(client: ImapFlow, target: string, entries: readonly MovedMessage[]): Promise<number[]> {
  const found: number[] = [];
  for (const entry of entries) {
    if (entry.newUid !== undefined) {
      found.push(entry.newUid);
      continue;
    }
    if (!entry.messageId) {
      throw new HostError('MESSAGE_GONE', `Message ${entry.uid} has no Message-ID and the server gave no new UID, so it cannot be found in "${target}" again; move it back in your mail client.`);
    }
    const candidates = (await client.search({ header: { 'message-id': entry.messageId } }, { uid: true })) || [];
    const facts = candidates.length ? await readFacts(client, candidates) : new Map();
    const exact = candidates.filter((uid) => facts.get(uid)?.messageId === entry.messageId && !facts.get(uid)?.deleted && !found.includes(uid));
    const newest = Math.max(...exact);
    if (!Number.isFinite(newest)) throw new HostError('MESSAGE_GONE', `Message ${entry.uid} is no longer in "${target}": another mail client moved or deleted it.`);
    found.push(newest);
  }
  return found;
}
