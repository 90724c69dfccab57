// Predicts what archive, delete, spam, "archive read", star and undo do to the state, so the popup and the badge change
// at once; lib/optimistic.ts routes these requests here. The worker asks the host for the truth when one is refused.
import type { AccountView, FolderCount, FolderPreviews, Preview } from './protocol';
import type { MovedMessage } from './protocol-actions';
import type { HostRequest } from './runtime-messages';
import type { ExtensionState } from './state';

/** Messages taken out of the list by a move, kept for a while so an undo can put them back where they were. */
export class RemovedPreviews {
  private readonly removed = new Map<string, { preview: Preview; at: number }>();

  constructor(private readonly keepMs = 60_000) {}

  remember(account: string, preview: Preview, now = Date.now()): void {
    for (const [key, entry] of this.removed) if (now - entry.at > this.keepMs) this.removed.delete(key);
    this.removed.set(key(account, preview.folder, preview.uid), { preview, at: now });
  }

  take(account: string, folder: string, uid: number): Preview | undefined {
    const entry = this.removed.get(key(account, folder, uid));
    this.removed.delete(key(account, folder, uid));
    return entry?.preview;
  }
}

function key(account: string, folder: string, uid: number): string {
  return JSON.stringify([account, folder, uid]);
}

type MailRequest = Extract<HostRequest, { type: 'moveMessages' | 'archiveRead' | 'setFlagged' | 'undoMove' }>;

export function isMailRequest(request: HostRequest): request is MailRequest {
  return request.type === 'moveMessages' || request.type === 'archiveRead' || request.type === 'setFlagged' || request.type === 'undoMove';
}

export function mailChange(state: ExtensionState, request: MailRequest, removed: RemovedPreviews): ExtensionState {
  return {
    ...state,
    accounts: state.accounts.map((view) => (view.name === request.account ? changeAccount(view, request, removed) : view)),
  };
}

function changeAccount(view: AccountView, request: MailRequest, removed: RemovedPreviews): AccountView {
  const { folder } = request;
  const shown = view.previews.find((p) => p.folder === folder)?.previews ?? [];
  let leaving: (m: Preview) => boolean = () => false;
  let change: (count: FolderCount) => FolderCount = (count) => count;
  let previews: (list: Preview[]) => Preview[] = (list) => list;
  switch (request.type) {
    case 'moveMessages': {
      const uids = new Set(request.uids);
      leaving = (m) => uids.has(m.uid);
      // A message not in the list is one of the newest unseen ones the popup did not show: count it as unseen.
      const unseen = request.uids.filter((uid) => !shown.some((m) => m.uid === uid && m.seen)).length;
      change = (count) => ({ ...count, unseen: Math.max(0, count.unseen - unseen), total: Math.max(0, count.total - uids.size) });
      break;
    }
    case 'archiveRead':
      leaving = (m) => m.seen;
      change = (count) => ({ ...count, total: count.unseen });
      break;
    case 'setFlagged': {
      const uids = new Set(request.uids);
      previews = (list) => list.map((m) => (uids.has(m.uid) ? { ...m, flagged: request.flagged } : m));
      break;
    }
    case 'undoMove': {
      const back = request.moved.flatMap((entry) => removed.take(view.name, folder, entry.uid) ?? []);
      const unseen = request.moved.filter((entry) => !entry.seen).length;
      previews = (list) => [...list, ...back].sort(newestFirst);
      change = (count) => ({ ...count, unseen: count.unseen + unseen, total: count.total + request.moved.length });
      break;
    }
  }
  for (const m of shown) if (leaving(m)) removed.remember(view.name, m);
  return {
    ...view,
    counts: view.counts.map((count) => (count.folder === folder ? change(count) : count)),
    previews: view.previews.map((p): FolderPreviews => (p.folder === folder ? { ...p, previews: previews(p.previews.filter((m) => !leaving(m))) } : p)),
  };
}

/** After an undo the host says each message's UID back in the folder: the restored previews take it. */
export function renumber(state: ExtensionState, account: string, folder: string, moved: readonly MovedMessage[]): ExtensionState {
  const newUid = new Map(moved.flatMap((entry) => (entry.newUid !== undefined ? [[entry.uid, entry.newUid] as const] : [])));
  if (newUid.size === 0) return state;
  return {
    ...state,
    accounts: state.accounts.map((view) =>
      view.name !== account
        ? view
        : { ...view, previews: view.previews.map((p) => (p.folder !== folder ? p : { ...p, previews: p.previews.map((m) => ({ ...m, uid: newUid.get(m.uid) ?? m.uid })) })) },
    ),
  };
}

function newestFirst(a: Preview, b: Preview): number {
  return (Date.parse(b.date) || 0) - (Date.parse(a.date) || 0) || b.uid - a.uid;
}
