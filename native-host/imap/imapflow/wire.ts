// Reads and writes what crosses the wire with imapflow's own codecs: folder names, tokens, STATUS items, FETCH responses.
import type { FetchMessageObject, ImapAttribute, ImapFlow, ImapResponse } from 'imapflow';
import { isInbox } from '../../../lib/inbox';
import { imapflowModules, type CommandArgument } from './internals';

/** Folder name as sent on the wire: modified UTF-7 unless the session enabled UTF-8. */
export function encodeFolder(client: ImapFlow, folder: string): string {
  return imapflowModules.encodePath(client, folder);
}

export function decodeFolder(client: ImapFlow, wire: string): string {
  return imapflowModules.decodePath(client, wire);
}

/** The form imapflow itself uses for a folder (namespace prefix added, INBOX upper-cased), so both sides agree. */
export function normalizeFolder(client: ImapFlow, folder: string): string {
  return imapflowModules.normalizePath(client, folder);
}

/** A key under which two spellings of one folder on the wire meet: INBOX in any case is one folder (RFC 3501 §5.1). */
export function wireKey(name: string): string {
  return isInbox(name) ? 'INBOX' : name;
}

export function sameWireName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && wireKey(a) === wireKey(b);
}

export function atom(value: string): CommandArgument {
  return { type: 'ATOM', value };
}

/** A folder name as an argument: a quoted string (the compiler escapes " and \) unless 8-bit or CR/LF needs a literal. */
export function nameArgument(name: string): CommandArgument {
  return /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(name) ? { type: 'STRING', value: name } : { type: 'LITERAL', value: Buffer.from(name, 'utf8') };
}

/** The text of one token of a response; a literal (Dovecot sends 8-bit names that way) arrives as a Buffer. */
export function tokenText(token: ImapAttribute | undefined): string | undefined {
  if (!token || Array.isArray(token)) return undefined;
  const value = token.value;
  if (typeof value === 'string') return value;
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

/** STATUS items as imapflow validates them: counts as numbers, UIDVALIDITY and HIGHESTMODSEQ as bigints. */
export interface StatusItems {
  messages?: number | bigint;
  unseen?: number | bigint;
  uidNext?: number | bigint;
  uidValidity?: number | bigint;
  highestModseq?: number | bigint;
}

const STATUS_KEYS: ReadonlySet<string> = new Set(['messages', 'unseen', 'uidNext', 'uidValidity', 'highestModseq']);

/**
 * Splits an untagged `STATUS "name" (ITEM value …)` line, as STATUS, LIST-STATUS and NOTIFY send it, into the
 * folder's wire name and its items; undefined when the line is not of that shape. Items imapflow's parser
 * rejects (not a number, out of range) are left out, as its own status() does.
 */
export function readStatusLine(response: ImapResponse): { wireName: string; items: StatusItems } | undefined {
  const [name, list] = response.attributes ?? [];
  const wireName = tokenText(name);
  if (wireName === undefined || !Array.isArray(list)) return undefined;
  const items: StatusItems = {};
  imapflowModules.parseStatusList(list, (key, value) => {
    if (STATUS_KEYS.has(key)) items[key as keyof StatusItems] = value;
  });
  return { wireName, items };
}

/** A raw FETCH response read the way imapflow's own fetch() reads it (envelope, flags, dates decoded). */
export async function formatFetchResponse(client: ImapFlow, response: ImapResponse): Promise<FetchMessageObject | undefined> {
  if (!client.mailbox) return undefined;
  try {
    return await imapflowModules.formatMessageResponse(response, client.mailbox, undefined, client);
  } catch {
    return undefined; // one malformed response must not cost the others
  }
}

/**
 * A listed folder's RFC 6154 role the way imapflow's list() finds it: the server's flag where it offers SPECIAL-USE,
 * else a well-known name in many languages; INBOX is \Inbox. `flags` are the LIST flags, lower-cased.
 */
export function guessSpecialUse(serverRoles: boolean, folder: string, delimiter: string, flags: ReadonlySet<string>): string | undefined {
  if (isInbox(folder)) return '\\Inbox';
  const name = (delimiter ? folder.split(delimiter).pop() : folder) ?? folder;
  return imapflowModules.specialUse(serverRoles, { flags: new Set(flags), name }).flag ?? undefined;
}
