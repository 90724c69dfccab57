import type { StatusObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { folderStatus } from '../../native-host/imap/status';

describe('one folder status from STATUS items', () => {
  it('keeps counts as numbers and the 64-bit values as decimal strings that survive JSON', () => {
    expect(folderStatus('INBOX', { messages: 5, unseen: 2, uidNext: 6, uidValidity: 1764000000n, highestModseq: 18446744073709551615n })).toEqual({
      folder: 'INBOX', messages: 5, unseen: 2, uidNext: 6, uidValidity: '1764000000', highestModseq: '18446744073709551615',
    });
  });

  it('leaves out what the server did not send (a \\Seen push carries UNSEEN only)', () => {
    expect(folderStatus('Work', { unseen: 0 })).toEqual({ folder: 'Work', unseen: 0 });
  });

  it('takes imapflow\'s status() result as it is (its path is not the folder name we watch)', () => {
    const result: StatusObject = { path: 'INBOX', messages: 1, uidValidity: 7n };
    expect(folderStatus('inbox', result)).toEqual({ folder: 'inbox', messages: 1, uidValidity: '7' });
  });
});
