import { describe, expect, it } from 'vitest';
import { FolderCount } from '../../lib/protocol';
import { FolderTracker } from '../../native-host/watch/folder-tracker';

describe('folder tracker', () => {
  it.each([
    ['UIDVALIDITY 99999999999', { uidValidity: '99999999999' }],
    ['MESSAGES beyond 2^32-1', { messages: 9_999_999_999 }],
    ['UNSEEN beyond 2^32-1', { unseen: 2 ** 40 }],
    ['UIDNEXT beyond 2^32-1', { uidNext: 2 ** 32 }],
  ])('shows a folder whose server sent %s as broken, with counts the extension accepts', (_label, bad) => {
    const tracker = new FolderTracker(['INBOX', 'Lists']);
    tracker.apply({ folder: 'Lists', messages: 3, unseen: 1, uidNext: 4, uidValidity: '9' });
    expect(tracker.apply({ folder: 'INBOX', messages: 5, unseen: 2, uidNext: 6, uidValidity: '7', ...bad })).toMatchObject({ countsChanged: true });
    const counts = tracker.counts();
    expect(counts[0]).toMatchObject({ folder: 'INBOX', unseen: 0, total: 0, problem: { code: 'SERVER_INVALID_REPLY', message: expect.stringContaining("outside IMAP's range") } });
    expect(counts[1]).toMatchObject({ folder: 'Lists', unseen: 1, total: 3 });
    for (const count of counts) expect(FolderCount.safeParse(count).success).toBe(true);
    // Valid values again: the folder is counted again.
    tracker.apply({ folder: 'INBOX', messages: 5, unseen: 2, uidNext: 6, uidValidity: '7' });
    expect(tracker.counts()[0]).toEqual({ folder: 'INBOX', unseen: 2, total: 5, uidValidity: '7' });
  });

  it('reports counts and stale previews the first time a folder is heard of', () => {
    const tracker = new FolderTracker(['INBOX', 'Lists']);
    expect(tracker.apply({ folder: 'INBOX', messages: 5, unseen: 2, uidNext: 6, uidValidity: '7' })).toEqual({ countsChanged: true, previewsStale: true, rebuilt: false });
    expect(tracker.counts()).toEqual([{ folder: 'INBOX', unseen: 2, total: 5, uidValidity: '7' }]);
  });

  it('reports nothing when a repeated status says the same', () => {
    const tracker = new FolderTracker(['INBOX']);
    tracker.apply({ folder: 'INBOX', messages: 5, unseen: 2, uidNext: 6, uidValidity: '7' });
    expect(tracker.apply({ folder: 'INBOX', messages: 5, unseen: 2, uidNext: 6, uidValidity: '7' })).toEqual({ countsChanged: false, previewsStale: false, rebuilt: false });
  });

  it('treats a new UIDNEXT as new mail even when the counts did not move', () => {
    const tracker = new FolderTracker(['INBOX']);
    tracker.apply({ folder: 'INBOX', messages: 5, unseen: 2, uidNext: 6 });
    // one message arrived and another was read and deleted meanwhile
    expect(tracker.apply({ folder: 'INBOX', messages: 5, unseen: 2, uidNext: 7 })).toMatchObject({ countsChanged: false, previewsStale: true });
  });

  it('keeps items a partial pushed status leaves out', () => {
    const tracker = new FolderTracker(['INBOX']);
    tracker.apply({ folder: 'INBOX', messages: 5, unseen: 2, uidNext: 6, uidValidity: '7' });
    tracker.apply({ folder: 'INBOX', unseen: 1 });
    expect(tracker.counts()).toEqual([{ folder: 'INBOX', unseen: 1, total: 5, uidValidity: '7' }]);
  });

  it('flags a changed UIDVALIDITY as a rebuilt folder', () => {
    const tracker = new FolderTracker(['INBOX']);
    tracker.apply({ folder: 'INBOX', messages: 5, unseen: 2, uidValidity: '7' });
    expect(tracker.apply({ folder: 'INBOX', messages: 5, unseen: 2, uidValidity: '8' })).toMatchObject({ rebuilt: true, previewsStale: true });
  });

  it('ignores folders it does not watch and reports missing ones once', () => {
    const tracker = new FolderTracker(['INBOX']);
    expect(tracker.apply({ folder: 'Other', messages: 1 })).toEqual({ countsChanged: false, previewsStale: false, rebuilt: false });
    const problem = { code: 'FOLDER_NOT_FOUND' as const, message: 'gone' };
    expect(tracker.markMissing('INBOX', problem)).toBe(true);
    expect(tracker.markMissing('INBOX', problem)).toBe(false);
    expect(tracker.counts()).toEqual([{ folder: 'INBOX', unseen: 0, total: 0, problem }]);
  });

  it('tells whether a folder opened again differs from what was last counted', () => {
    const tracker = new FolderTracker(['INBOX']);
    expect(tracker.differs('INBOX', 0, 1)).toBe(false); // never counted: the first count is on its way
    tracker.apply({ folder: 'INBOX', messages: 5, unseen: 2, uidNext: 6 });
    expect(tracker.differs('INBOX', 5, 6)).toBe(false);
    expect(tracker.differs('INBOX', 6, 7)).toBe(true);
    expect(tracker.differs('INBOX', 5, 7)).toBe(true);
  });
});

