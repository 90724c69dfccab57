import type { FetchMessageObject, MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { followUpTarget, snippetFromTextWindow, snippetOf, TEXT_WINDOW } from '../../native-host/imap/snippet';
import { encodeBody, multipartBody, part } from '../support/mime-samples';

const plain = (encoding: string, charset = 'utf-8'): MessageStructureObject => ({ type: 'text/plain', parameters: { charset }, encoding });
const html: MessageStructureObject = { type: 'text/html', parameters: { charset: 'utf-8' }, encoding: '7bit' };
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('snippet of a body window', () => {
  it('decodes transfer encoding and charset from what BODYSTRUCTURE said', async () => {
    expect(await snippetOf(plain('quoted-printable'), latin1('Gr=C3=BC=C3=9Fe aus M=C3=BCnchen'), false)).toBe('Grüße aus München');
    expect(await snippetOf(plain('8bit', 'iso-8859-1'), Buffer.from('4772fcdf65', 'hex'), false)).toBe('Grüße');
  });

  it('drops the line a window cut in base64 or quoted-printable instead of showing garbage', async () => {
    const base64 = encodeBody(Buffer.from('First line of the message.\r\nSecond line here.', 'utf8'), 'base64');
    expect(await snippetOf(plain('base64'), latin1(base64.slice(0, 30)), true)).toBe('First line of the mes');
    expect(await snippetOf(plain('quoted-printable'), latin1('Caf=C3=A9 ok\r\nna=C3=AF=C'), true)).toBe('Café ok');
  });

  it('drops a UTF-8 character a window split in two', async () => {
    const bytes = Buffer.from('Grüße', 'utf8');
    expect(await snippetOf(plain('8bit'), bytes.subarray(0, 3), true)).toBe('Gr');
  });

  it('prefers the plain part of multipart/alternative and reads HTML only when there is none', async () => {
    const alternative = { type: 'multipart/alternative', parameters: { boundary: 'b1' } };
    const body = multipartBody('b1', [part('text/plain; charset=utf-8', 'Plain words', '7bit'), part('text/html; charset=utf-8', '<p>HTML words</p>', '7bit')]);
    expect(await snippetOf(alternative, latin1(body), false)).toBe('Plain words');
    expect(await snippetOf(html, Buffer.from('<head><style>x{}</style></head><p>Only&nbsp;HTML</p>'), false)).toBe('Only HTML');
  });

  it('caps a snippet at 200 characters', async () => {
    expect(await snippetOf(plain('7bit'), Buffer.from('x'.repeat(500)), false)).toBe('x'.repeat(200));
  });

  it('never lets server-supplied structure values inject header lines', async () => {
    const hostile: MessageStructureObject = { type: 'text/html\r\nX-Evil: 1', parameters: { charset: 'utf-8"\r\n\r\n<b>injected</b>' }, encoding: '7bit\r\n\r\nbody' };
    // The type falls back to text/plain, so markup in the body stays visible text; nothing reaches the body from the header.
    expect(await snippetOf(hostile, Buffer.from('Still <i>text</i>'), false)).toBe('Still <i>text</i>');
  });

  it('reads the first window of BODY[TEXT], as plain UTF-8 when there is no BODYSTRUCTURE', async () => {
    const message: FetchMessageObject = { seq: 1, uid: 3, bodyParts: new Map([['text', Buffer.from('Hello there')]]) };
    expect(await snippetFromTextWindow(message)).toBe('Hello there');
    expect(await snippetFromTextWindow({ seq: 1, uid: 4 })).toBe('');
  });
});

describe('where to look again when the first window showed no text', () => {
  const full = Buffer.alloc(TEXT_WINDOW, 0x41);
  const withStructure = (bodyStructure: MessageStructureObject, text: Buffer = full): FetchMessageObject => ({ seq: 1, uid: 9, bodyStructure, bodyParts: new Map([['text', text]]) });
  const mixed = (...childNodes: MessageStructureObject[]): MessageStructureObject => ({ type: 'multipart/mixed', childNodes });

  it('the text part behind an inline image, with the plain window', () => {
    const message = withStructure(mixed({ type: 'image/png', part: '1' }, { type: 'text/plain', part: '2' }));
    expect(followUpTarget(message, '')).toMatchObject({ key: '2', window: 2048 });
  });

  it('an HTML-only body again with a larger window (templates spend kilobytes on <head>)', () => {
    expect(followUpTarget(withStructure({ type: 'text/html' }), '')).toMatchObject({ key: 'TEXT', window: 16_384 });
  });

  it('skips attachments, and prefers text/plain over text/html', () => {
    const message = withStructure(mixed({ type: 'text/plain', part: '1', disposition: 'attachment' }, { type: 'text/html', part: '2' }, { type: 'text/plain', part: '3' }));
    expect(followUpTarget(message, '')?.key).toBe('3');
  });

  it('nothing when a snippet was found, the whole body fit, or a single plain body was already read from its start', () => {
    const behindImage = mixed({ type: 'image/png', part: '1' }, { type: 'text/plain', part: '2' });
    expect(followUpTarget(withStructure(behindImage), 'found')).toBeUndefined();
    expect(followUpTarget(withStructure(behindImage, Buffer.from('short')), '')).toBeUndefined();
    expect(followUpTarget(withStructure({ type: 'text/plain' }), '')).toBeUndefined();
  });
});
