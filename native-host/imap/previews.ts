// Reads previews (sender, subject, date, a short snippet) of a folder's newest unseen messages without ever setting \Seen.
import type { FetchMessageObject, FetchQueryObject, ImapFlow, ImapResponse, MessageEnvelopeObject, MessageStructureObject } from 'imapflow';
import PostalMime from 'postal-mime';
import type { FolderPreviews, Preview as MessagePreview } from '../../lib/protocol';
import { atom, formatFetchResponse, runRawCommand, tokenText } from './imapflow';

// The shapes are the protocol's, so what this returns goes to the extension unchanged.
export type { FolderPreviews, MessagePreview };

const DEFAULT_LIMIT = 10;
// Bounds the bytes one call can pull, whatever the caller asks for.
const MAX_LIMIT = 100;
const SUBJECT_MAX = 300;
const NAME_MAX = 300;
const SNIPPET_MAX = 200;
// The first FETCH reads this much of BODY[TEXT]: enough for the text part of nearly every message
// (multipart headers and boundaries included), small enough that an attachment costs at most this.
const TEXT_WINDOW = 4096;
// Follow-up windows for the text part itself. HTML gets more because templates often spend
// kilobytes on <head> and <style> before the first visible word.
const PLAIN_WINDOW = 2048;
const HTML_WINDOW = 16_384;
// Hostile nesting must not cost unbounded work.
const MAX_MIME_DEPTH = 16;

/**
 * Round trips on a server like Dovecot: EXAMINE (none when the folder is already open read-only on
 * this connection), UID SEARCH UNSEEN, and one UID FETCH (FLAGS ENVELOPE INTERNALDATE BODYSTRUCTURE
 * BODY.PEEK[TEXT]<0.4096>): three in all, plus a one-time `LIST "" folder` that imapflow sends
 * before it first opens a folder it has not listed on this connection.
 * Only a message whose text lies beyond those first 4 KB (after an inline image, or in an HTML part
 * behind a long <head>) costs one more UID FETCH of just that part: one per distinct part number
 * among such messages, each a round trip, as imapflow runs one command at a time.
 * RFC 8970 PREVIEW would spare the body bytes, but imapflow's fetch() cannot ask for it.
 */
export async function fetchPreviews(client: ImapFlow, folder: string, options: { limit?: number } = {}): Promise<FolderPreviews> {
  const limit = clampLimit(options.limit);
  // EXAMINE, not SELECT: a read-only session cannot set \Seen, whatever a later command does.
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const uidValidity = client.mailbox ? String(client.mailbox.uidValidity) : '';
    const uids = limit === 0 ? [] : newestFirst(await client.search({ seen: false }, { uid: true }), limit);
    if (uids.length === 0) return { folder, uidValidity, previews: [] };
    if (client.capabilities.has('PREVIEW')) {
      const fetched = await fetchWithServerPreview(client, uids);
      const previews = fetched.map(({ message, preview }) => toPreview(folder, message, cleanText(preview, SNIPPET_MAX)));
      return { folder, uidValidity, previews: previews.sort((a, b) => b.uid - a.uid) };
    }
    const messages = await client.fetchAll(uids.join(','), FIRST_QUERY, { uid: true });
    const snippets = await snippetsFromTextWindow(messages);
    await fillSnippetsFromTextParts(client, messages, snippets);
    const previews = messages.map((message) => toPreview(folder, message, snippets.get(message.uid) ?? ''));
    return { folder, uidValidity, previews: previews.sort((a, b) => b.uid - a.uid) };
  } finally {
    lock.release();
  }
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

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.max(0, Math.min(MAX_LIMIT, Math.floor(limit)));
}

function newestFirst(uids: number[] | false | undefined, limit: number): number[] {
  return (uids || []).slice().sort((a, b) => b - a).slice(0, limit);
}

// ---------------------------------------------------------------------------------------------
// Snippets

async function snippetsFromTextWindow(messages: FetchMessageObject[]): Promise<Map<number, string>> {
  const snippets = new Map<number, string>();
  for (const message of messages) {
    const body = bodyPart(message, 'TEXT');
    const root = message.bodyStructure ?? PLAIN_UTF8;
    snippets.set(message.uid, body ? await snippetOf(root, body, body.length >= TEXT_WINDOW) : '');
  }
  return snippets;
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

function followUpTarget(message: FetchMessageObject, snippet: string): { key: string; window: number; node: MessageStructureObject } | undefined {
  const root = message.bodyStructure;
  const text = bodyPart(message, 'TEXT');
  // Nothing more to see when the whole body fit in the window.
  if (snippet !== '' || !root || !text || text.length < TEXT_WINDOW) return undefined;
  const node = bestTextPart(root);
  if (!node) return undefined;
  const isHtml = node.type === 'text/html';
  // A single-part plain body was read from its start already; more of it would not help.
  if (node === root && !isHtml) return undefined;
  return { key: node.part ?? 'TEXT', window: isHtml ? HTML_WINDOW : PLAIN_WINDOW, node };
}

/** text/plain over text/html (as in multipart/alternative), first one found, attachments skipped. */
function bestTextPart(root: MessageStructureObject): MessageStructureObject | undefined {
  const found: { plain?: MessageStructureObject; html?: MessageStructureObject } = {};
  const walk = (node: MessageStructureObject, depth: number): void => {
    if (depth > MAX_MIME_DEPTH || node.disposition?.toLowerCase() === 'attachment') return;
    if (node.type === 'text/plain') found.plain ??= node;
    else if (node.type === 'text/html') found.html ??= node;
    else if (node.type.startsWith('multipart/')) for (const child of node.childNodes ?? []) walk(child, depth + 1);
  };
  walk(root, 0);
  return found.plain ?? found.html;
}

function bodyPart(message: FetchMessageObject, key: string): Buffer | undefined {
  return message.bodyParts?.get(key.toLowerCase()) ?? message.bodyParts?.get(key);
}

const PLAIN_UTF8: MessageStructureObject = { type: 'text/plain', parameters: { charset: 'utf-8' } };

/**
 * Decodes a body (or a window of it) described by `node`: postal-mime handles transfer encoding,
 * charset and multipart structure once it gets the headers the IMAP server already told us.
 */
async function snippetOf(node: MessageStructureObject, raw: Buffer, truncated: boolean): Promise<string> {
  try {
    const body = truncated ? dropIncompleteTail(node, raw) : raw;
    const email = await PostalMime.parse(Buffer.concat([syntheticHeader(node), body]), { maxNestingDepth: MAX_MIME_DEPTH });
    const plain = cleanText(email.text ?? '', Infinity);
    const text = plain !== '' ? plain : cleanText(htmlToText(email.html ?? ''), Infinity);
    return capLength(text.replace(/\ufffd+$/, '').trimEnd(), SNIPPET_MAX);
  } catch {
    return '';
  }
}

/** A window can end inside a line: drop that line where a partial line would decode to garbage. */
function dropIncompleteTail(node: MessageStructureObject, raw: Buffer): Buffer {
  const encoding = (node.encoding ?? '').toLowerCase();
  const multipart = node.type.startsWith('multipart/');
  // 7bit/8bit text only risks a split character, which the decoder turns into a trailing U+FFFD.
  if (!multipart && encoding !== 'base64' && encoding !== 'quoted-printable') return raw;
  const lastLf = raw.lastIndexOf(0x0a);
  if (lastLf >= 0) return raw.subarray(0, lastLf + 1);
  if (encoding === 'base64') return raw.subarray(0, raw.length - (raw.length % 4));
  if (encoding === 'quoted-printable') return Buffer.from(raw.toString('latin1').replace(/=[0-9A-Fa-f]?$/, ''), 'latin1');
  return raw;
}

/** Content-Type and transfer encoding rebuilt from BODYSTRUCTURE; values are server data, so only safe characters pass. */
function syntheticHeader(node: MessageStructureObject): Buffer {
  const type = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i.test(node.type) ? node.type : 'text/plain';
  const params = ['charset', 'boundary', 'format', 'delsp']
    .map((name) => [name, (node.parameters?.[name] ?? '').replace(/["\\\r\n\x00-\x1f\x7f]/g, '')] as const)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `; ${name}="${value}"`)
    .join('');
  const encoding = (node.encoding ?? '').replace(/[^A-Za-z0-9-]/g, '') || '7bit';
  return Buffer.from(`Content-Type: ${type}${params}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n`, 'latin1');
}

// ---------------------------------------------------------------------------------------------
// HTML to text

const BLOCK_TAG = /<\/?(?:p|div|br|hr|tr|td|th|li|ul|ol|table|blockquote|section|article|header|footer|h[1-6])\b[^>]*>/gi;
// Their content is never visible text (mail clients run no scripts, so <noscript> stays); a window may
// cut them before the closing tag.
const HIDDEN_ELEMENT = /<(head|script|style|title|template)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  shy: '', zwnj: '', zwj: '', lrm: '', rlm: '',
  copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—', ndash: '–', bull: '•', middot: '·',
  lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«', raquo: '»',
  euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', deg: '°', times: '×', divide: '÷',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß',
  eacute: 'é', egrave: 'è', ecirc: 'ê', aacute: 'á', agrave: 'à', acirc: 'â', ccedil: 'ç', oacute: 'ó', iacute: 'í', uacute: 'ú', ntilde: 'ñ',
};

function htmlToText(html: string): string {
  const withoutMarkup = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(HIDDEN_ELEMENT, ' ')
    .replace(BLOCK_TAG, ' ')
    // Inline tags vanish without a space ("<b>Hel</b>lo"); a lone "<" followed by a space is text.
    .replace(/<(?=[A-Za-z/!?])[^>]*(?:>|$)/g, '');
  // Entities last, so "&lt;b&gt;" stays visible text instead of becoming a tag.
  return decodeEntities(withoutMarkup);
}

function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (entity, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? entity;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? '', 16);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : '\ufffd';
  });
}

// ---------------------------------------------------------------------------------------------
// Envelope fields and text hygiene

function toPreview(folder: string, message: FetchMessageObject, snippet: string): MessagePreview {
  const flags = message.flags ?? new Set<string>();
  const base = { folder, uid: message.uid, snippet, seen: flags.has('\\Seen'), flagged: flags.has('\\Flagged') };
  try {
    return { ...base, ...senderOf(message.envelope), subject: cleanText(message.envelope?.subject ?? '', SUBJECT_MAX), date: dateOf(message) };
  } catch {
    // One malformed envelope must not cost the folder its other previews.
    return { ...base, from: '', fromAddress: '', subject: '', date: '' };
  }
}

function senderOf(envelope: MessageEnvelopeObject | undefined): { from: string; fromAddress: string } {
  const first = envelope?.from?.[0];
  const fromAddress = cleanText(first?.address ?? '', NAME_MAX);
  const name = cleanText(first?.name ?? '', NAME_MAX);
  return { from: name || fromAddress, fromAddress };
}

function dateOf(message: FetchMessageObject): string {
  return isoDate(message.envelope?.date) || isoDate(message.internalDate);
}

function isoDate(value: Date | string | undefined): string {
  if (value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

// Node >= 20.18.3 / 22.13 decodes windows-1252 (and so iso-8859-1, its WHATWG alias) as Latin-1,
// leaving 0x80-0x9F as C1 controls (nodejs/node#60888); iconv-lite does the same for ISO-8859-1
// encoded-words. No real text means a C1 control there, so they are read as windows-1252, as browsers do.
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
// Controls become spaces; invisible and direction-changing characters (preheader padding, spoofing) go.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const INVISIBLE = /[\u00ad\u034f\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function cleanText(text: string, max: number): string {
  const clean = text
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/[\u0080-\u009f]/g, (c1) => WINDOWS_1252_C1[c1.charCodeAt(0) - 0x80] ?? c1)
    .replace(CONTROL, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return capLength(clean, max);
}

/** At most `max` UTF-16 units, never half of a surrogate pair. */
function capLength(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
