// Byte-exact raw RFC 822 samples (charsets, transfer encodings, multipart shapes) for tests that APPEND real MIME.
const CRLF = '\r\n';
const DATE = 'Tue, 25 Nov 2025 13:35:00 +0000';

export type TransferEncoding = '7bit' | '8bit' | 'base64' | 'quoted-printable';

/** Default headers plus `headers` (a `null` value drops a default), a blank line, then the body (a string is UTF-8). */
export function rawMessage(headers: Record<string, string | null>, body: Buffer | string): Buffer {
  const all: Record<string, string | null> = {
    From: 'Sample Sender <sender@example.test>',
    To: 'alice@example.test',
    Subject: 'Sample',
    Date: DATE,
    'MIME-Version': '1.0',
    ...headers,
  };
  const lines = Object.entries(all)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => `${name}: ${value}`);
  return Buffer.concat([Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]);
}

/** A single-part text message whose body is `bytes` in `charset`, sent with `encoding`. */
export function textMessage(opts: { subject?: string; type?: string; charset: string; encoding: TransferEncoding; bytes: Buffer }): Buffer {
  return rawMessage(
    {
      Subject: opts.subject ?? 'Sample',
      'Content-Type': `${opts.type ?? 'text/plain'}; charset=${opts.charset}`,
      'Content-Transfer-Encoding': opts.encoding,
    },
    Buffer.from(encodeBody(opts.bytes, opts.encoding) + CRLF, 'latin1'),
  );
}

export interface MimePart {
  headers: Record<string, string>;
  body: string;
}

/** A body part with its transfer encoding applied. */
export function part(type: string, bytes: Buffer | string, encoding: TransferEncoding, extra: Record<string, string> = {}): MimePart {
  const raw = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8');
  return { headers: { 'Content-Type': type, 'Content-Transfer-Encoding': encoding, ...extra }, body: encodeBody(raw, encoding) };
}

/** A multipart body (with its boundary lines) holding `parts`; nest by passing the result of `multipartPart`. */
export function multipartBody(boundary: string, parts: MimePart[]): string {
  const rendered = parts.map((p) => {
    const headerLines = Object.entries(p.headers).map(([name, value]) => `${name}: ${value}`);
    return `--${boundary}${CRLF}${headerLines.join(CRLF)}${CRLF}${CRLF}${p.body}${CRLF}`;
  });
  return `This is a multi-part message in MIME format.${CRLF}${rendered.join('')}--${boundary}--${CRLF}`;
}

export function multipartPart(subtype: string, boundary: string, parts: MimePart[]): MimePart {
  return { headers: { 'Content-Type': `multipart/${subtype}; boundary="${boundary}"` }, body: multipartBody(boundary, parts) };
}

export function multipartMessage(subtype: string, boundary: string, parts: MimePart[], headers: Record<string, string | null> = {}): Buffer {
  // encodeBody keeps raw bytes as latin1 chars, so latin1 turns the text back into those bytes.
  return rawMessage({ 'Content-Type': `multipart/${subtype}; boundary="${boundary}"`, ...headers }, Buffer.from(multipartBody(boundary, parts), 'latin1'));
}

export function encodeBody(bytes: Buffer, encoding: TransferEncoding): string {
  if (encoding === 'base64') return wrap(bytes.toString('base64'), 76);
  if (encoding === 'quoted-printable') return encodeQuotedPrintable(bytes);
  // 7bit/8bit: the bytes as they are (latin1 keeps each byte as one char; rawMessage writes them back as latin1).
  return bytes.toString('latin1');
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join(CRLF);
}

/** RFC 2045 quoted-printable of raw bytes; CRLF in the input stays a hard line break. */
export function encodeQuotedPrintable(bytes: Buffer): string {
  const lines = bytes.toString('latin1').split(CRLF);
  return lines
    .map((line) => {
      const tokens = [...line].map((ch, i) => {
        const code = ch.charCodeAt(0);
        const plain = (code >= 33 && code <= 126 && code !== 61) || (code === 32 && i < line.length - 1);
        return plain ? ch : `=${code.toString(16).toUpperCase().padStart(2, '0')}`;
      });
      const out: string[] = [];
      let current = '';
      for (const token of tokens) {
        if (current.length + token.length > 75) {
          out.push(current + '=');
          current = '';
        }
        current += token;
      }
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF);
}

/** RFC 2047 B encoded-word. */
export function bWord(text: string, charset = 'UTF-8', bytes?: Buffer): string {
  return `=?${charset}?B?${(bytes ?? Buffer.from(text, 'utf8')).toString('base64')}?=`;
}

/** RFC 2047 Q encoded-word of raw bytes in `charset`. */
export function qWord(bytes: Buffer, charset: string): string {
  const encoded = [...bytes]
    .map((b) => (b === 0x20 ? '_' : /[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
  return `=?${charset}?Q?${encoded}?=`;
}

/** Text in legacy charsets, byte-exact (encoded with Python's codecs), with the Unicode it must decode to. */
export const LEGACY_TEXT = {
  'iso-8859-1': { text: 'Grüße aus München', bytes: Buffer.from('4772fcdf6520617573204dfc6e6368656e', 'hex') },
  'windows-1252': { text: '“Smart quotes” cost €5 — really', bytes: Buffer.from('93536d6172742071756f7465739420636f73742080352097207265616c6c79', 'hex') },
  'iso-8859-15': { text: 'Preis: 5 € für œuvre', bytes: Buffer.from('50726569733a203520a42066fc7220bd75767265', 'hex') },
  'koi8-r': { text: 'Привет, мир! Как дела?', bytes: Buffer.from('f0d2c9d7c5d42c20cdc9d22120ebc1cb20c4c5ccc13f', 'hex') },
  shift_jis: { text: 'こんにちは、世界。お元気ですか', bytes: Buffer.from('82b182f182c982bf82cd814190a28a45814282a88cb38b4382c582b782a9', 'hex') },
  gb2312: { text: '你好，世界', bytes: Buffer.from('c4e3bac3a3accac0bde7', 'hex') },
} as const;

export const ISO_8859_1_NAME = { text: 'Jürgen Müller', bytes: Buffer.from('4afc7267656e204dfc6c6c6572', 'hex') };
export const ISO_8859_1_SUBJECT = { text: 'Übersicht für März', bytes: Buffer.from('dc62657273696368742066fc72204de4727a', 'hex') };
