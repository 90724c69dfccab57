import type { FetchMessageObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { toPreview } from '../../native-host/imap/message-preview';

const message = (fields: Partial<FetchMessageObject>): FetchMessageObject => ({ seq: 1, uid: 42, ...fields });

describe('a fetched message as a preview', () => {
  it('takes sender, subject, date and flags from the envelope', () => {
    const preview = toPreview('INBOX', message({
      flags: new Set(['\\Flagged']),
      envelope: { subject: 'Lunch?', from: [{ name: 'Ann Example', address: 'ann@example.test' }], date: new Date('2025-11-25T13:35:00Z') },
    }), 'See you at noon');
    expect(preview).toEqual({
      folder: 'INBOX', uid: 42, snippet: 'See you at noon', seen: false, flagged: true,
      from: 'Ann Example', fromAddress: 'ann@example.test', subject: 'Lunch?', date: '2025-11-25T13:35:00.000Z',
    });
  });

  it('falls back to the address without a display name, and to INTERNALDATE without a Date header', () => {
    const preview = toPreview('Work', message({ flags: new Set(['\\Seen']), envelope: { from: [{ address: 'bob@example.test' }] }, internalDate: new Date('2025-01-02T03:04:05Z') }), '');
    expect(preview).toMatchObject({ from: 'bob@example.test', fromAddress: 'bob@example.test', subject: '', date: '2025-01-02T03:04:05.000Z', seen: true });
  });

  it('cleans and caps server text: one line, no controls, at most 300 characters', () => {
    const preview = toPreview('INBOX', message({ envelope: { subject: `Hi\r\n\tthere ${'x'.repeat(400)}`, from: [{ name: 'A\u202eB', address: 'a@b' }] } }), '');
    expect(preview.subject.startsWith('Hi there x')).toBe(true);
    expect(preview.subject).toHaveLength(300);
    expect(preview.from).toBe('AB');
  });

  it('gives an empty date for an unparsable one rather than "Invalid Date"', () => {
    expect(toPreview('INBOX', message({ envelope: { date: new Date('not a date') } }), '').date).toBe('');
  });
});
