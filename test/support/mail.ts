// Builds small RFC 822 messages (text/plain, UTF-8, CRLF) for tests to APPEND into a test IMAP server.
import { randomUUID } from 'node:crypto';

export interface MessageOptions {
  from?: string;
  to?: string;
  subject?: string;
  body?: string;
  date?: Date;
  messageId?: string;
  /** Extra headers; one with the same name as a default header replaces it. */
  headers?: Record<string, string>;
}

const CRLF = '\r\n';
// RFC 2047 allows 75-character encoded-words; 36 bytes (a 60-character word) leave room for the
// header name on the first line, so folded header lines stay within 78 characters.
const MAX_ENCODED_WORD_BYTES = 36;
// RFC 5322: header lines SHOULD stay within 78 characters.
const MAX_HEADER_LINE = 78;
// RFC 2045: quoted-printable lines are at most 76 characters, including a soft break's "=".
const MAX_QP_LINE = 76;
// RFC 5322: lines must not exceed 998 characters; longer ones need a transfer encoding.
const MAX_7BIT_LINE = 998;

export function buildMessage(opts: MessageOptions = {}): string {
  const body = normalizeLineEndings(opts.body ?? 'Hello from the test suite.');
  const encoding = needsEncoding(body) ? 'quoted-printable' : '7bit';
  const headers = new Map<string, [string, string]>();
  const setHeader = (name: string, value: string): void => {
    headers.set(name.toLowerCase(), [name, value]);
  };

  setHeader('From', encodeAddress(opts.from ?? 'Demo Sender <sender@example.test>'));
  setHeader('To', encodeAddress(opts.to ?? 'alice@example.test'));
  setHeader('Subject', encodeUnstructured(opts.subject ?? 'Test message'));
  setHeader('Date', formatRfc5322Date(opts.date ?? new Date()));
  setHeader('Message-ID', opts.messageId ?? `<${randomUUID()}@example.test>`);
  setHeader('MIME-Version', '1.0');
  setHeader('Content-Type', 'text/plain; charset=UTF-8');
  setHeader('Content-Transfer-Encoding', encoding);
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    assertHeaderName(name);
    setHeader(name, encodeUnstructured(value));
  }

  const headerLines = [...headers.values()].map(([name, value]) => foldHeader(`${name}: ${value}`));
  const encodedBody = encoding === 'quoted-printable' ? encodeQuotedPrintable(body) : body;
  return headerLines.join(CRLF) + CRLF + CRLF + encodedBody + (encodedBody.endsWith(CRLF) ? '' : CRLF);
}

/** RFC 5322 date-time, e.g. "Tue, 25 Nov 2025 13:35:00 +0000" (Date#toUTCString's "GMT" is obsolete syntax). */
export function formatRfc5322Date(date: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${days[date.getUTCDay()]}, ${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ${time} +0000`;
}

function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n|\r|\n/g, CRLF);
}

function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

function needsEncoding(body: string): boolean {
  return !isAscii(body) || body.split(CRLF).some((line) => line.length > MAX_7BIT_LINE);
}

function assertHeaderName(name: string): void {
  if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) {
    throw new Error(`Invalid header name: ${JSON.stringify(name)}`);
  }
}

/** Encodes only the display name of "Name <addr>"; the address itself must stay ASCII. */
function encodeAddress(address: string): string {
  const match = /^(.*?)\s*<([^>]*)>\s*$/.exec(address);
  if (!match || isAscii(match[1] ?? '')) {
    return stripLineBreaks(address);
  }
  return `${encodeWords(match[1] ?? '')} <${match[2] ?? ''}>`;
}

function encodeUnstructured(value: string): string {
  const flat = stripLineBreaks(value);
  return isAscii(flat) ? flat : encodeWords(flat);
}

// A header value with a bare line break would start a new header (header injection).
function stripLineBreaks(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/** RFC 2047 B-encoded words, folded onto continuation lines, never splitting a character. */
function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char) > MAX_ENCODED_WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  // Folding may later break between the words; decoders drop whitespace between encoded-words.
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join(' ');
}

/** Folds a header line before spaces so each line fits MAX_HEADER_LINE where the words allow it. */
function foldHeader(line: string): string {
  if (line.length <= MAX_HEADER_LINE) return line;
  const [first = '', ...rest] = line.split(' ');
  const lines: string[] = [];
  let current = first;
  for (const word of rest) {
    if (current.length + 1 + word.length > MAX_HEADER_LINE && current.trim() !== '') {
      lines.push(current);
      current = '';
    }
    current += ' ' + word;
  }
  lines.push(current);
  return lines.join(CRLF);
}

function encodeQuotedPrintable(body: string): string {
  return body.split(CRLF).map(encodeQuotedPrintableLine).join(CRLF);
}

function encodeQuotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const tokens: string[] = [];
  bytes.forEach((byte, index) => {
    const isLast = index === bytes.length - 1;
    const isPlain = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !isLast);
    tokens.push(isPlain ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`);
  });
  return wrapQuotedPrintableTokens(tokens);
}

// Tokens are whole characters or whole "=XX" escapes, so a soft break never splits an escape.
function wrapQuotedPrintableTokens(tokens: string[]): string {
  const lines: string[] = [];
  let current = '';
  tokens.forEach((token, index) => {
    const isLastToken = index === tokens.length - 1;
    const limit = isLastToken ? MAX_QP_LINE : MAX_QP_LINE - 1;
    if (current.length + token.length > limit) {
      lines.push(current + '=');
      current = '';
    }
    current += token;
  });
  lines.push(current);
  return lines.join(CRLF);
}
