// Finds a message's snippet: which text part to read, how much of it, and its first words decoded from a window of raw body bytes.
import type { FetchMessageObject, MessageStructureObject } from 'imapflow';
import { capLength, cleanText, htmlToText } from './preview-text';

const SNIPPET_MAX = 200;
// The first FETCH reads this much of BODY[TEXT]: enough for the text part of nearly every message
// (multipart headers and boundaries included), small enough that an attachment costs at most this.
export const TEXT_WINDOW = 4096;
// Follow-up windows for the text part itself. HTML gets more because templates often spend
// kilobytes on <head> and <style> before the first visible word.
const PLAIN_WINDOW = 2048;
const HTML_WINDOW = 16_384;
// Hostile nesting must not cost unbounded work.
const MAX_MIME_DEPTH = 16;
// What a body without BODYSTRUCTURE is taken for.
const PLAIN_UTF8: MessageStructureObject = { type: 'text/plain', parameters: { charset: 'utf-8' } };

/** The snippet from the first window of BODY[TEXT] a message was fetched with ('' when there is none to see there). */
export async function snippetFromTextWindow(message: FetchMessageObject): Promise<string> {
  const body = bodyPart(message, 'TEXT');
  return body ? await snippetOf(message.bodyStructure ?? PLAIN_UTF8, body, body.length >= TEXT_WINDOW) : '';
}

/** Where to look again for a message whose first window showed no text: its text part, and how much of it. */
export function followUpTarget(message: FetchMessageObject, snippet: string): { key: string; window: number; node: MessageStructureObject } | undefined {
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

export function bodyPart(message: FetchMessageObject, key: string): Buffer | undefined {
  return message.bodyParts?.get(key.toLowerCase()) ?? message.bodyParts?.get(key);
}

/**
 * Decodes a body (or a window of it) described by `node`: postal-mime handles transfer encoding,
 * charset and multipart structure once it gets the headers the IMAP server already told us.
 */
export async function snippetOf(node: MessageStructureObject, raw: Buffer, truncated: boolean): Promise<string> {
  // Loaded at the first body to decode: a server with PREVIEW (RFC 8970) makes the snippets itself. Outside the try:
  // a helper installed without this chunk is broken, which must show, unlike a message that does not decode.
  const { default: PostalMime } = await import('postal-mime');
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
