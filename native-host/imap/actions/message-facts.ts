// What an action needs to know of its messages before it changes them: that they are still there, whether each was
// read, and its Message-ID (to find it again after a move when the server gives no new UID).
import type { ImapFlow } from 'imapflow';
import { HostError } from '../../errors';
import { uidSet } from './folder-lock';

export interface MessageFacts {
  seen: boolean;
  flagged: boolean;
  deleted: boolean;
  messageId?: string;
}

/** A Message-ID as undo may search for it: printable ASCII within RFC 5322's line length, else none. */
function usableMessageId(value: unknown): string | undefined {
  return typeof value === 'string' && /^<[\x21-\x7e]{1,996}>$/.test(value) ? value : undefined;
}

/** One UID FETCH (FLAGS ENVELOPE) of the selected folder; collected first, as imapflow wants no command inside its loop. */
export async function readFacts(client: ImapFlow, uids: readonly number[]): Promise<Map<number, MessageFacts>> {
  const facts = new Map<number, MessageFacts>();
  for await (const message of client.fetch(uidSet(uids), { uid: true, flags: true, envelope: true }, { uid: true })) {
    const messageId = usableMessageId(message.envelope?.messageId);
    facts.set(message.uid, {
      seen: message.flags?.has('\\Seen') ?? false,
      flagged: message.flags?.has('\\Flagged') ?? false,
      deleted: message.flags?.has('\\Deleted') ?? false,
      ...(messageId ? { messageId } : {}),
    });
  }
  return facts;
}

/**
 * The facts of every UID, or MESSAGE_GONE naming those that are no longer in the folder (another client moved or
 * deleted them, or marked them deleted): then nothing is changed, so an action never half-happens on a stale list.
 */
export async function requireMessages(client: ImapFlow, folder: string, uids: readonly number[]): Promise<Map<number, MessageFacts>> {
  const facts = await readFacts(client, uids);
  const gone = uids.filter((uid) => !facts.has(uid) || facts.get(uid)!.deleted);
  if (gone.length) {
    const which = gone.length === 1 ? `Message ${gone[0]} is` : `Messages ${gone.slice(0, 10).join(', ')}${gone.length > 10 ? ', …' : ''} are`;
    throw new HostError('MESSAGE_GONE', `${which} no longer in "${folder}": another mail client moved or deleted ${gone.length === 1 ? 'it' : 'them'}. Nothing was changed; the list is being refreshed.`);
  }
  return facts;
}
