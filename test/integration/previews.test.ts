// Message previews against a real Dovecot without PREVIEW: decoding real MIME samples, read-only access, limits, round trips and bytes.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPreviews, type MessagePreview } from '../../native-host/imap/previews';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { buildMessage } from '../support/mail';
import { connectRecording, dovecotTarget } from '../support/recording-client';
import {
  bWord,
  ISO_8859_1_NAME,
  ISO_8859_1_SUBJECT,
  LEGACY_TEXT,
  multipartMessage,
  multipartPart,
  part,
  qWord,
  rawMessage,
  textMessage,
} from '../support/mime-samples';

let server: DovecotServer;
/** Appends and checks flags: the "other" connection. */
let admin: ImapFlow;
/** Reads previews, logging every command it sends. */
let reader: ImapFlow;
const sentCommands: string[] = [];
let folderCounter = 0;

beforeAll(async () => {
  // These tests exercise our own MIME decoding: the server must not offer PREVIEW (RFC 8970), which would make
  // the snippets itself. test/integration/server-previews.test.ts covers the PREVIEW path.
  const probe = await startDovecot();
  const capabilities = await probe.connect('alice').then(async (client) => {
    const caps = [...client.capabilities.keys()].filter((cap) => !/^(PREVIEW|SNIPPET)/.test(cap) && cap !== 'IMAP4REV1');
    await client.logout();
    return ['IMAP4rev1', ...caps].join(' ');
  });
  await probe.stop();
  server = await startDovecot({ imapCapability: capabilities });
  admin = await server.connect('alice');
  reader = await connectLogged(server, sentCommands);
});
afterAll(async () => {
  await reader?.logout().catch(() => reader.close());
  await admin?.logout().catch(() => admin.close());
  await server?.stop();
});

async function connectLogged(dovecot: DovecotServer, commands: string[]): Promise<ImapFlow> {
  return await connectRecording(dovecotTarget(dovecot), commands, { disableAutoIdle: false });
}

/** A new folder holding `messages` (appended unseen unless flagged otherwise), and their UIDs. */
async function folderWith(messages: (Buffer | string | { raw: Buffer | string; flags?: string[]; date?: Date })[]): Promise<{ folder: string; uids: number[] }> {
  const folder = `Previews${++folderCounter}`;
  await admin.mailboxCreate(folder);
  const uids: number[] = [];
  for (const message of messages) {
    const { raw, flags, date } = typeof message === 'string' || Buffer.isBuffer(message) ? { raw: message, flags: [], date: undefined } : message;
    const result = await admin.append(folder, raw, flags ?? [], date);
    if (!result || result.uid === undefined) throw new Error('APPEND gave no UID');
    uids.push(result.uid);
  }
  return { folder, uids };
}

async function onlyPreview(message: Buffer | string): Promise<MessagePreview> {
  const { folder } = await folderWith([message]);
  sentCommands.length = 0;
  const { previews } = await fetchPreviews(reader, folder);
  expect(previews).toHaveLength(1);
  return previews[0]!;
}

describe('message previews', () => {
  it('decodes a quoted-printable UTF-8 text/plain body, with sender, subject and date', async () => {
    const date = new Date('2025-03-04T05:06:07Z');
    const body = 'Grüße aus Köln — café ☕ and a line long enough that quoted-printable needs a soft line break somewhere.';
    const preview = await onlyPreview(buildMessage({ from: 'Zoë Example <zoe@example.test>', subject: 'Hallo Welt', body, date }));
    expect(preview).toMatchObject({ from: 'Zoë Example', fromAddress: 'zoe@example.test', subject: 'Hallo Welt', date: date.toISOString(), seen: false, flagged: false });
    expect(preview.snippet).toBe(body);
  });

  it('uses the text part of multipart/alternative, not the HTML', async () => {
    const message = multipartMessage('alternative', 'alt-1', [
      part('text/plain; charset=utf-8', 'The plain version wins.', 'quoted-printable'),
      part('text/html; charset=utf-8', '<p>The <b>HTML</b> version loses.</p>', 'quoted-printable'),
    ]);
    expect((await onlyPreview(message)).snippet).toBe('The plain version wins.');
  });

  it('uses the text part of an alternative nested in multipart/mixed', async () => {
    const message = multipartMessage('mixed', 'outer-1', [
      multipartPart('alternative', 'inner-1', [
        part('text/plain; charset=iso-8859-1', LEGACY_TEXT['iso-8859-1'].bytes, 'quoted-printable'),
        part('text/html; charset=utf-8', '<p>HTML twin</p>', '7bit'),
      ]),
      part('application/pdf', Buffer.alloc(1024, 1), 'base64', { 'Content-Disposition': 'attachment; filename="a.pdf"' }),
    ]);
    expect((await onlyPreview(message)).snippet).toBe(LEGACY_TEXT['iso-8859-1'].text);
  });

  it('turns an HTML-only body into text: no head, style or script, entities decoded, whitespace collapsed', async () => {
    const html = [
      '<!DOCTYPE html><html><head><title>Newsletter title</title><style>p { color: red; }</style></head>',
      '<body><!-- tracking --><p>Hello&nbsp;Alice &amp; Bob,</p>',
      '<p>it&#39;s <i>really</i> &#x27;here&#x27;: 3 &lt; 4 &hellip;<br>next   line<br/>',
      '<script>alert("no")</script>Bye&#8212;see&nbsp;you</p></body></html>',
    ].join('\n');
    const preview = await onlyPreview(textMessage({ type: 'text/html', charset: 'utf-8', encoding: 'quoted-printable', bytes: Buffer.from(html) }));
    expect(preview.snippet).toBe("Hello Alice & Bob, it's really 'here': 3 < 4 … next line Bye—see you");
  });

  it('finds the visible text of an HTML mail behind a head longer than the first window', async () => {
    const style = `<style>${'.c { margin: 0; padding: 0; }\n'.repeat(300)}</style>`;
    const html = `<html><head>${style}</head><body><div>Your order has shipped.</div></body></html>`;
    const preview = await onlyPreview(textMessage({ type: 'text/html', charset: 'utf-8', encoding: 'base64', bytes: Buffer.from(html) }));
    expect(preview.snippet).toBe('Your order has shipped.');
    // The first 4 KB held only <head>; one more FETCH reads a larger window of the same body.
    expect(sentCommands.filter((c) => c.includes('UID FETCH'))).toEqual([
      expect.stringContaining('BODY.PEEK[TEXT]<0.4096>'),
      expect.stringMatching(/ UID FETCH \d+ \(UID (?:MODSEQ )?BODY\.PEEK\[TEXT\]<0\.16384>\)$/),
    ]);
  });

  it('finds the text part behind a large inline image', async () => {
    const message = multipartMessage('related', 'rel-1', [
      part('image/png', Buffer.alloc(30 * 1024, 7), 'base64', { 'Content-Disposition': 'inline; filename="logo.png"' }),
      part('text/plain; charset=utf-8', 'Text after the picture.', '7bit'),
    ]);
    expect((await onlyPreview(message)).snippet).toBe('Text after the picture.');
    // Only the text part is fetched the second time, never the image.
    expect(sentCommands.filter((c) => c.includes('UID FETCH'))[1]).toMatch(/ UID FETCH \d+ \(UID (?:MODSEQ )?BODY\.PEEK\[2\]<0\.2048>\)$/);
  });

  it.each([
    ['iso-8859-1', 'quoted-printable'],
    ['windows-1252', 'quoted-printable'],
    ['iso-8859-15', '8bit'],
    ['koi8-r', '8bit'],
    ['shift_jis', 'base64'],
    ['gb2312', 'base64'],
  ] as const)('decodes a %s body sent as %s', async (charset, encoding) => {
    const sample = LEGACY_TEXT[charset];
    const preview = await onlyPreview(textMessage({ charset, encoding, bytes: sample.bytes }));
    expect(preview.snippet).toBe(sample.text);
  });

  it('decodes encoded-word subjects and sender names (B and Q, UTF-8 and ISO-8859-1)', async () => {
    const { folder } = await folderWith([
      rawMessage({ Subject: bWord('Grüße 🎉 aus Köln'), From: `${qWord(Buffer.from('Zoë Ünal', 'utf8'), 'UTF-8')} <zoe@example.test>` }, 'a\r\n'),
      rawMessage({ Subject: qWord(ISO_8859_1_SUBJECT.bytes, 'ISO-8859-1'), From: `${bWord('', 'ISO-8859-1', ISO_8859_1_NAME.bytes)} <j@example.test>` }, 'b\r\n'),
      // Folded across two encoded-words: the space between them is not part of the text.
      rawMessage({ Subject: `${bWord('Zwei Teile: erster ')}\r\n ${bWord('und zweiter Teil — fertig')}` }, 'c\r\n'),
    ]);
    const [split, latin1, utf8] = (await fetchPreviews(reader, folder)).previews;
    expect(utf8).toMatchObject({ subject: 'Grüße 🎉 aus Köln', from: 'Zoë Ünal', fromAddress: 'zoe@example.test' });
    expect(latin1).toMatchObject({ subject: ISO_8859_1_SUBJECT.text, from: ISO_8859_1_NAME.text });
    expect(split?.subject).toBe('Zwei Teile: erster und zweiter Teil — fertig');
  });

  it('caps a 2 000-character subject at 300 and a long body at 200 characters', async () => {
    const words = Array.from({ length: 400 }, (_, i) => `wörd${i}`).join(' ');
    const preview = await onlyPreview(textMessage({ subject: 'S'.repeat(2000), charset: 'utf-8', encoding: 'base64', bytes: Buffer.from(words) }));
    expect(preview.subject).toBe('S'.repeat(300));
    expect(preview.snippet.length).toBeLessThanOrEqual(200);
    expect(preview.snippet.length).toBeGreaterThan(190);
    expect(words.startsWith(preview.snippet)).toBe(true);
  });

  it('drops the incomplete tail where the 4 KB window cuts base64, quoted-printable or a UTF-8 character', async () => {
    // Visible text starts just before the window ends, so the cut lands inside the snippet.
    const visible = 'Grüße aus Köln, ß für ü. '.repeat(20);
    const cases = (['quoted-printable', 'base64', '8bit'] as const).flatMap((encoding) =>
      [0, 1, 2, 3, 4, 5].map((shift) => {
        // Sized so the first window ends some 100-250 bytes into the visible text.
        const padding = { base64: 2850, 'quoted-printable': 3700, '8bit': 3850 }[encoding];
        const html = `<html><body><!-- ${'x'.repeat(padding + shift)} --><p>${visible}</p></body></html>`;
        return textMessage({ subject: `${encoding} ${shift}`, type: 'text/html', charset: 'utf-8', encoding, bytes: Buffer.from(html) });
      }),
    );
    const { folder } = await folderWith(cases);
    const { previews } = await fetchPreviews(reader, folder, { limit: cases.length });
    expect(previews).toHaveLength(18);
    for (const preview of previews) {
      expect(preview.snippet.length, preview.subject).toBeGreaterThan(10);
      expect(preview.snippet.length, preview.subject).toBeLessThan(200);
      expect(visible.startsWith(preview.snippet), `${preview.subject}: ${preview.snippet}`).toBe(true);
    }
  });

  it('gives an empty subject when the Subject header is missing, and INTERNALDATE without a Date header', async () => {
    const arrived = new Date('2024-01-02T03:04:05Z');
    const { folder } = await folderWith([{ raw: rawMessage({ Subject: null, Date: null }, 'No subject here.\r\n'), date: arrived }]);
    const [preview] = (await fetchPreviews(reader, folder)).previews;
    expect(preview).toMatchObject({ subject: '', snippet: 'No subject here.', date: arrived.toISOString() });
  });

  it('takes the snippet from the text part next to a 200 KB attachment, reading only a few kilobytes', async () => {
    const message = multipartMessage('mixed', 'mix-1', [
      part('text/plain; charset=utf-8', 'See the attached report, Grüße.', 'base64'),
      part('application/octet-stream', Buffer.alloc(200 * 1024, 0xab), 'base64', { 'Content-Disposition': 'attachment; filename="report.bin"' }),
    ]);
    const { folder } = await folderWith([message]);
    reader.stats(true);
    const { previews } = await fetchPreviews(reader, folder);
    const { received } = reader.stats(true);
    expect(previews[0]?.snippet).toBe('See the attached report, Grüße.');
    // The attachment alone is ~270 KB of base64; the whole call stays far below it.
    expect(received).toBeLessThan(12 * 1024);
  });

  it('never sets \\Seen: another connection still counts every message unseen', async () => {
    const { folder, uids } = await folderWith([1, 2, 3].map((i) => buildMessage({ subject: `Unread ${i}` })));
    const { previews } = await fetchPreviews(reader, folder);
    expect(previews.map((p) => p.seen)).toEqual([false, false, false]);
    const status = await admin.status(folder, { unseen: true });
    expect(status && status.unseen).toBe(3);
    const lock = await admin.getMailboxLock(folder, { readOnly: true });
    try {
      const flags = await admin.fetchAll(uids.join(','), { uid: true, flags: true }, { uid: true });
      expect(flags).toHaveLength(3);
      for (const message of flags) expect(message.flags?.has('\\Seen')).toBe(false);
    } finally {
      lock.release();
    }
  });

  it('returns the 10 newest unseen of 15, newest first, leaving out seen messages', async () => {
    const unseen = Array.from({ length: 15 }, (_, i) => buildMessage({ subject: `Unseen ${i}` }));
    const seen = Array.from({ length: 3 }, (_, i) => ({ raw: buildMessage({ subject: `Seen ${i}` }), flags: ['\\Seen'] }));
    const { folder, uids } = await folderWith([...unseen.slice(0, 8), seen[0]!, ...unseen.slice(8), seen[1]!, seen[2]!]);
    const unseenUids = uids.filter((_, i) => i !== 8 && i < 16);
    const { previews, uidValidity } = await fetchPreviews(reader, folder);
    expect(previews.map((p) => p.uid)).toEqual(unseenUids.slice(-10).reverse());
    expect(previews.map((p) => p.subject)).toEqual(Array.from({ length: 10 }, (_, i) => `Unseen ${14 - i}`));
    expect(uidValidity).toMatch(/^[1-9]\d*$/);
    expect((await fetchPreviews(reader, folder, { limit: 3 })).previews.map((p) => p.uid)).toEqual(unseenUids.slice(-3).reverse());
  });

  it('returns no previews for an empty folder', async () => {
    const { folder } = await folderWith([]);
    const result = await fetchPreviews(reader, folder);
    expect(result).toEqual({ folder, uidValidity: expect.stringMatching(/^\d+$/), previews: [] });
  });

  it('costs EXAMINE, UID SEARCH and one UID FETCH with BODY.PEEK only', async () => {
    const { folder } = await folderWith([buildMessage({ subject: 'one' }), buildMessage({ subject: 'two' })]);
    const { folder: other } = await folderWith([]);
    const verbsOf = async (path: string): Promise<string[]> => {
      sentCommands.length = 0;
      await fetchPreviews(reader, path);
      return sentCommands.map((line) => line.split(' ').slice(1, 3).join(' ').replace(/ Previews\d+$/, ''));
    };
    // imapflow LISTs a folder once per connection before it first opens it.
    expect(await verbsOf(folder)).toEqual(['LIST ""', 'EXAMINE', 'UID SEARCH', 'UID FETCH']);
    const fetch = sentCommands[3] ?? '';
    expect(fetch).toContain('BODY.PEEK[TEXT]<0.4096>');
    expect(fetch).not.toMatch(/BODY\[/);
    await verbsOf(other);
    expect(await verbsOf(folder)).toEqual(['EXAMINE', 'UID SEARCH', 'UID FETCH']);
    // Still open read-only: nothing to reopen.
    expect(await verbsOf(folder)).toEqual(['UID SEARCH', 'UID FETCH']);
  });

  it('survives malformed messages and still previews the good ones', async () => {
    const { folder } = await folderWith([
      rawMessage({ 'Content-Type': 'multipart/mixed', Subject: 'No boundary' }, '--x\r\nContent-Type: text/plain\r\n\r\nlost\r\n--x--\r\n'),
      textMessage({ subject: 'Broken base64', charset: 'utf-8', encoding: 'base64', bytes: Buffer.from('x') }).toString('latin1').replace('eA==', '!!*&^%$#@'),
      rawMessage({ 'Content-Type': 'text/plain; charset=x-no-such-charset', Subject: 'Odd charset' }, 'caf\u00e9 plain\r\n'),
      rawMessage({ 'Content-Type': 'text/html', Subject: 'Unclosed \u0007 html', From: 'broken <<@>' }, '<p>Hi <b>there<scr'),
      buildMessage({ subject: 'Good one', body: 'All fine.' }),
    ]);
    const { previews } = await fetchPreviews(reader, folder);
    expect(previews).toHaveLength(5);
    expect(previews[0]).toMatchObject({ subject: 'Good one', snippet: 'All fine.' });
    expect(previews[1]).toMatchObject({ subject: 'Unclosed html', snippet: 'Hi there' });
    expect(previews[2]?.snippet).toContain('plain');
    for (const preview of previews) {
      expect(preview.snippet.length).toBeLessThanOrEqual(200);
      expect(preview.subject).not.toMatch(/[\u0000-\u001f]/);
    }
  });
});
