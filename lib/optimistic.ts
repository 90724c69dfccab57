// Predicts the state a read/unread request will lead to, so the popup and badge change at once.
// A refusal is rolled back by asking the host for its state again: the server is the truth.
import { isMailRequest, mailChange, RemovedPreviews } from './optimistic-mail';
import type { AccountView, FolderCount, FolderPreviews } from './protocol';
import type { HostRequest } from './runtime-messages';
import type { ExtensionState } from './state';

/** `removed` keeps what moves took out of the list, for an undo to put back (archive, delete, spam: lib/optimistic-mail.ts). */
export function optimisticChange(state: ExtensionState, request: HostRequest, removed = new RemovedPreviews()): ExtensionState | undefined {
  if (isMailRequest(request)) return mailChange(state, request, removed);
  if (request.type !== 'markRead' && request.type !== 'markUnread' && request.type !== 'markAllRead') return undefined;
  const { account, folder } = request;
  const seen = request.type !== 'markUnread';
  const uids = request.type === 'markAllRead' ? undefined : new Set(request.uids);
  return {
    ...state,
    accounts: state.accounts.map((view) => (view.name === account ? changeAccount(view, folder, seen, uids) : view)),
  };
}

function changeAccount(view: AccountView, folder: string, seen: boolean, uids: Set<number> | undefined): AccountView {
  const preview = view.previews.find((p) => p.folder === folder);
  // How many previewed messages actually change state: the count moves by that much (all of it for "all read").
  const changed = preview?.previews.filter((p) => p.seen !== seen && (!uids || uids.has(p.uid))).length ?? 0;
  const counts = view.counts.map((count): FolderCount => {
    if (count.folder !== folder) return count;
    if (!uids) return { ...count, unseen: 0 };
    const delta = uids.size > changed ? uids.size : changed;
    return { ...count, unseen: Math.max(0, Math.min(count.total, count.unseen + (seen ? -delta : delta))) };
  });
  const previews = view.previews.map((p): FolderPreviews =>
    p.folder !== folder ? p : { ...p, previews: p.previews.map((m) => (!uids || uids.has(m.uid) ? { ...m, seen } : m)) },
  );
  return { ...view, counts, previews };
}
