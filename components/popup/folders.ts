// Which folders an account card shows, and which of their newest messages fit the per-account preview limit.
import type { AccountView, FolderCount, Preview } from '../../lib/protocol';

export interface FolderGroup {
  folder: string;
  unseen: number;
  total: number;
  /** Guards every UID sent back to the host; absent until the host has read the folder. */
  uidValidity?: string;
  problem?: FolderCount['problem'];
  previews: Preview[];
}

/** Watched folders in settings order, each with its share of the account's newest `limit` previews (newest first). */
export function folderGroups(account: AccountView, limit: number): FolderGroup[] {
  const newest = account.previews
    .flatMap((folder) => folder.previews)
    .sort(newestFirst)
    .slice(0, Math.max(0, limit));
  const folders = unique([...account.folders, ...account.counts.map((c) => c.folder), ...account.previews.map((p) => p.folder)]);
  return folders.map((folder) => {
    const count = account.counts.find((c) => c.folder === folder);
    const previews = account.previews.find((p) => p.folder === folder);
    return {
      folder,
      unseen: count?.unseen ?? 0,
      total: count?.total ?? 0,
      uidValidity: previews?.uidValidity ?? count?.uidValidity,
      problem: count?.problem,
      previews: newest.filter((p) => p.folder === folder),
    };
  });
}

/** By date, newest first; messages without a date go last, and UIDs (arrival order) break ties. */
function newestFirst(a: Preview, b: Preview): number {
  const at = Date.parse(a.date) || 0;
  const bt = Date.parse(b.date) || 0;
  return bt - at || b.uid - a.uid;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
