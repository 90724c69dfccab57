import { describe, expect, it } from 'vitest';
import { optimisticChange } from '../../lib/optimistic';
import { RemovedPreviews, renumber } from '../../lib/optimistic-mail';
import type { AccountView } from '../../lib/protocol';
import { initialState, type ExtensionState } from '../../lib/state';

function stateWithInbox(unseenUids: number[], total = 10): ExtensionState {
  const account: AccountView = {
    name: 'Work',
    host: 'h',
    port: 993,
    security: 'tls',
    user: 'u',
    folders: ['INBOX', 'Lists'],
    status: { state: 'ok', at: 'x' },
    counts: [
      { folder: 'INBOX', unseen: unseenUids.length, total, uidValidity: '5' },
      { folder: 'Lists', unseen: 2, total: 2, uidValidity: '6' },
    ],
    previews: [
      {
        folder: 'INBOX',
        uidValidity: '5',
        previews: unseenUids.map((uid) => ({ folder: 'INBOX', uid, from: 'A', fromAddress: 'a@x', subject: `S${uid}`, date: '', snippet: '', seen: false, flagged: false })),
      },
    ],
  };
  return { ...initialState(), accounts: [account] };
}

const inbox = (state: ExtensionState) => state.accounts[0]!.counts[0]!;

describe('optimistic read state', () => {
  it('lowers the count and marks the preview read at once', () => {
    const next = optimisticChange(stateWithInbox([7, 8, 9]), { type: 'markRead', account: 'Work', folder: 'INBOX', uidValidity: '5', uids: [8] })!;
    expect(inbox(next).unseen).toBe(2);
    expect(next.accounts[0]!.previews[0]!.previews.find((p) => p.uid === 8)!.seen).toBe(true);
    expect(next.accounts[0]!.counts[1]!.unseen).toBe(2); // other folders untouched
  });

  it('raises the count again on mark unread', () => {
    const read = optimisticChange(stateWithInbox([7, 8]), { type: 'markRead', account: 'Work', folder: 'INBOX', uidValidity: '5', uids: [7] })!;
    const unread = optimisticChange(read, { type: 'markUnread', account: 'Work', folder: 'INBOX', uidValidity: '5', uids: [7] })!;
    expect(inbox(unread).unseen).toBe(2);
  });

  it('empties the folder on mark all read', () => {
    const next = optimisticChange(stateWithInbox([1, 2, 3]), { type: 'markAllRead', account: 'Work', folder: 'INBOX', uidValidity: '5' })!;
    expect(inbox(next).unseen).toBe(0);
    expect(next.accounts[0]!.previews[0]!.previews.every((p) => p.seen)).toBe(true);
  });

  it('never goes below zero or above the total', () => {
    const next = optimisticChange(stateWithInbox([1]), { type: 'markRead', account: 'Work', folder: 'INBOX', uidValidity: '5', uids: [1, 2, 3] })!;
    expect(inbox(next).unseen).toBe(0);
    const over = optimisticChange(stateWithInbox([1], 1), { type: 'markUnread', account: 'Work', folder: 'INBOX', uidValidity: '5', uids: [5, 6] })!;
    expect(inbox(over).unseen).toBe(1);
  });

  it('predicts nothing for requests that do not change read state', () => {
    expect(optimisticChange(stateWithInbox([1]), { type: 'getState' })).toBeUndefined();
  });
});

describe('optimistic moves', () => {
  it('takes moved messages out of the list, the unread count and the total; undo puts them back in order', () => {
    const removed = new RemovedPreviews();
    const moved = optimisticChange(stateWithInbox([7, 8, 9]), { type: 'moveMessages', account: 'Work', folder: 'INBOX', uidValidity: '5', uids: [8], action: 'spam' }, removed)!;
    expect(inbox(moved)).toMatchObject({ unseen: 2, total: 9 });
    expect(moved.accounts[0]!.previews[0]!.previews.map((p) => p.uid)).toEqual([7, 9]);
    const undone = optimisticChange(moved, { type: 'undoMove', account: 'Work', folder: 'INBOX', uidValidity: '5', moved: [{ uid: 8, to: 'Junk', seen: false }] }, removed)!;
    expect(inbox(undone)).toMatchObject({ unseen: 3, total: 10 });
    expect(undone.accounts[0]!.previews[0]!.previews.map((p) => p.uid)).toEqual([9, 8, 7]);
  });

  it('on "archive read" leaves only the unread messages: the total becomes the unread count', () => {
    const next = optimisticChange(stateWithInbox([1, 2], 40), { type: 'archiveRead', account: 'Work', folder: 'INBOX', uidValidity: '5' })!;
    expect(inbox(next)).toMatchObject({ unseen: 2, total: 2 });
  });

  it('after an undo, the restored messages take the UIDs the host reports', () => {
    const removed = new RemovedPreviews();
    const moved = optimisticChange(stateWithInbox([7, 8]), { type: 'moveMessages', account: 'Work', folder: 'INBOX', uidValidity: '5', uids: [8], action: 'archive' }, removed)!;
    const undone = optimisticChange(moved, { type: 'undoMove', account: 'Work', folder: 'INBOX', uidValidity: '5', moved: [{ uid: 8, to: 'Archive', newUid: 30, seen: false }] }, removed)!;
    const renumbered = renumber(undone, 'Work', 'INBOX', [{ uid: 8, to: 'INBOX', newUid: 31, seen: false }]);
    expect(renumbered.accounts[0]!.previews[0]!.previews.map((p) => p.uid).sort()).toEqual([31, 7].sort());
  });
});
