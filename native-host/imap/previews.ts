// Reads previews (sender, subject, date, a short snippet) of a folder's newest unseen messages without ever setting \Seen.
import type { FetchMessageObject, FetchQueryObject, ImapFlow, ImapResponse, MessageStructureObject } from 'imapflow';
import { IMAP_NUMBER_MAX, type FolderPreviews, type Preview as MessagePreview } from '../../lib/protocol';
import { HostError } from '../errors';
import { atom, formatFetchResponse, runRawCommand, tokenText } from './imapflow';
import { toPreview } from './message-preview';
import { cleanText } from './preview-text';
import { bodyPart, followUpTarget, snippetFromTextWindow, snippetOf, TEXT_WINDOW } from './snippet';

// The shapes are the protocol's, so what this returns goes to the extension unchanged.
export type { FolderPreviews, MessagePreview };

const DEFAULT_LIMIT = 10;
// Bounds the bytes one call can pull, whatever the caller asks for.
const MAX_LIMIT = 100;
// The server's PREVIEW is capped like our own snippets.
const SNIPPET_MAX = 200;

/**
 * Round trips on a server like Dovecot: EXAMINE (none when the folder is already open read-only on
 * this connection), UID SEARCH UNSEEN, and one UID FETCH (FLAGS ENVELOPE INTERNALDATE BODYSTRUCTURE
 * BODY.PEEK[TEXT]<0.4096>): three in all, plus a one-time `LIST "" folder` that imapflow sends
 * before it first opens a folder it has not listed on this connection.
 * Only a message whose text lies beyond those first 4 KB (after an inline image, or in an HTML part
 * behind a long <head>) costs one more UID FETCH of just that part: one per distinct part number
 * among such messages, each a round trip, as imapflow runs one command at a time.
 * Where the server offers RFC 8970 PREVIEW, the UID FETCH asks for that instead of any body bytes.
 * A folder whose previews are known already is brought up to date by ./preview-update.ts instead.
 */
export async function fetchPreviews(client: ImapFlow, folder: string, options: { limit?: number } = {}): Promise<FolderPreviews> {
  const limit = previewLimit(options.limit);
  // EXAMINE, not SELECT: a read-only session cannot set \Seen, whatever a later command does.
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    return await newestUnseenPreviews(client, folder, limit);
  } finally {
    lock.release();
  }
}

/** The previews of the newest unseen messages of the folder open (read-only) on this connection. */
export async function newestUnseenPreviews(client: ImapFlow, folder: string, limit: number): Promise<FolderPreviews> {
  const uidValidity = openUidValidity(client, folder);
  const uids = limit === 0 ? [] : newestFirst(await client.search({ seen: false }, { uid: true }), limit);
  return { folder, uidValidity, previews: await previewsOf(client, folder, uids) };
}

/** The open folder's UIDVALIDITY, checked: previews keyed by a number outside IMAP's range would be meaningless. */
export function openUidValidity(client: ImapFlow, folder: string): string {
  const uidValidity = client.mailbox ? String(client.mailbox.uidValidity) : '';
  if (!/^\d{1,10}$/.test(uidValidity) || Number(uidValidity) > IMAP_NUMBER_MAX) {
    throw new HostError('SERVER_INVALID_REPLY', `The server reported UIDVALIDITY ${uidValidity.slice(0, 24)} for folder "${folder}", outside IMAP's range; its previews are not shown.`);
  }
  return uidValidity;
}

/** Previews of these UIDs of the open folder, newest first (a UID no longer there is left out). */
export async function previewsOf(client: ImapFlow, folder: string, uids: number[]): Promise<MessagePreview[]> {
  if (uids.length === 0) return [];
  if (client.capabilities.has('PREVIEW')) {
    const fetched = await fetchWithServerPreview(client, uids);
    return newestValid(fetched.map(({ message, preview }) => toPreview(folder, message, cleanText(preview, SNIPPET_MAX))));
  }
  const messages = await client.fetchAll(uids.join(','), FIRST_QUERY, { uid: true });
  const snippets = new Map<number, string>();
  for (const message of messages) snippets.set(message.uid, await snippetFromTextWindow(message));
  await fillSnippetsFromTextParts(client, messages, snippets);
  return newestValid(messages.map((message) => toPreview(folder, message, snippets.get(message.uid) ?? '')));
}

/**
 * RFC 8970 PREVIEW: the server makes the snippet, so one `UID FETCH (UID FLAGS ENVELOPE INTERNALDATE PREVIEW)`
 * carries everything and no body byte crosses the wire. imapflow cannot ask for PREVIEW, so the command is raw;
 * imapflow's own response formatter still reads the envelope, flags and date. PREVIEW never sets \Seen.
 */
async function fetchWithServerPreview(client: ImapFlow, uids: number[]): Promise<{ message: FetchMessageObject; preview: string }[]> {
  const wanted = new Set(uids);
  const found = new Map<number, { message: FetchMessageObject; preview: string }>();
  const pending: Promise<void>[] = [];
  const items = ['UID', 'FLAGS', 'ENVELOPE', 'INTERNALDATE', 'PREVIEW'].map(atom);
  await runRawCommand(client, 'UID FETCH', [{ type: 'SEQUENCE', value: uids.join(',') }, items], {
    FETCH: (response) => {
      pending.push(
        formatFetchResponse(client, response).then((message) => {
          if (message && wanted.has(message.uid)) found.set(message.uid, { message, preview: previewItem(response) });
        }),
      );
    },
  });
  await Promise.all(pending);
  return uids.flatMap((uid) => found.get(uid) ?? []);
}

/** The PREVIEW item's text from a raw FETCH response (a string, a literal, or NIL when the server has none). */
function previewItem(response: ImapResponse): string {
  const items = response.attributes?.[1];
  if (!Array.isArray(items)) return '';
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = items[i];
    if (!Array.isArray(key) && typeof key?.value === 'string' && key.value.toUpperCase() === 'PREVIEW') return tokenText(items[i + 1]) ?? '';
  }
  return '';
}

const FIRST_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  envelope: true,
  internalDate: true,
  bodyStructure: true,
  // imapflow sends every body part as BODY.PEEK, which leaves \Seen alone even on a read-write session.
  bodyParts: [{ key: 'TEXT', start: 0, maxLength: TEXT_WINDOW }],
};

/** Newest first, without messages whose UID is not one IMAP allows (a server's lie must not cost the others). */
function newestValid(previews: MessagePreview[]): MessagePreview[] {
  return previews.filter((preview) => Number.isInteger(preview.uid) && preview.uid >= 1 && preview.uid <= IMAP_NUMBER_MAX).sort((a, b) => b.uid - a.uid);
}

/** How many previews a folder keeps: the caller's number within 0–100, 10 by default. */
export function previewLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.max(0, Math.min(MAX_LIMIT, Math.floor(limit)));
}

/** A SEARCH's UIDs (imapflow answers false when the search fails), newest first, at most `limit`. */
export function newestFirst(uids: number[] | false | undefined, limit = Number.POSITIVE_INFINITY): number[] {
  return (uids || []).slice().sort((a, b) => b - a).slice(0, limit);
}

interface FollowUp {
  key: string;
  window: number;
  /** The part's structure, by UID: it tells how to decode what comes back. */
  nodes: Map<number, MessageStructureObject>;
}

/** Second chance for messages whose text part was not (or not visibly) within the first window. */
async function fillSnippetsFromTextParts(client: ImapFlow, messages: FetchMessageObject[], snippets: Map<number, string>): Promise<void> {
  const followUps = new Map<string, FollowUp>();
  for (const message of messages) {
    const target = followUpTarget(message, snippets.get(message.uid) ?? '');
    if (!target) continue;
    const id = `${target.key} ${target.window}`;
    const followUp = followUps.get(id) ?? { key: target.key, window: target.window, nodes: new Map() };
    followUp.nodes.set(message.uid, target.node);
    followUps.set(id, followUp);
  }
  for (const { key, window, nodes } of followUps.values()) {
    try {
      const query: FetchQueryObject = { uid: true, bodyParts: [{ key, start: 0, maxLength: window }] };
      for (const message of await client.fetchAll([...nodes.keys()].join(','), query, { uid: true })) {
        const body = bodyPart(message, key);
        const node = nodes.get(message.uid);
        if (body && node) snippets.set(message.uid, await snippetOf(node, body, body.length >= window));
      }
    } catch {
      // A preview without a snippet beats no preview: keep what the first FETCH gave.
    }
  }
}
