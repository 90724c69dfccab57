// Keeps every message to the browser within the 1 MB native-messaging limit by construction: a message that would not
// fit is split into several that each do (a state reply's previews follow as previews events), or trimmed where
// nothing can be split (the oldest previews of a folder, the tail of a folder list, with a notice saying so).
import { MAX_HOST_TO_BROWSER_BYTES, type AccountView, type FolderCount, type FolderPreviews, type HostToExtension } from '../../lib/protocol';

type Of<T extends HostToExtension['type']> = Extract<HostToExtension, { type: T }>;

/** Bytes of a value as a frame body (UTF-8 JSON). */
export function sizeOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** The message itself when it fits; else messages that each fit and together say the same (or as much as fits). */
export function fitToFrame(message: HostToExtension, limit = MAX_HOST_TO_BROWSER_BYTES, now = new Date()): HostToExtension[] {
  if (sizeOf(message) <= limit) return [message];
  switch (message.type) {
    case 'state':
      return fitState(message, limit, now);
    case 'previews':
      return [fitPreviews(message, limit)];
    case 'folderCounts':
      return [{ ...message, folders: fitCounts(message.folders, limit - sizeOf({ ...message, folders: [] })) }];
    case 'folders':
      return [fitFolders(message, limit)];
    default:
      return [message]; // small by construction; the caller refuses it if not
  }
}

/**
 * The state reply carries every account with its counts, and as many previews as fit; the previews left out follow
 * at once as previews events (the extension merges those by folder). Counts that do not fit (hundreds of watched
 * folders with long names) follow the same way, as folderCounts events.
 */
function fitState(reply: Of<'state'>, limit: number, now: Date): HostToExtension[] {
  const at = now.toISOString();
  const bare = reply.accounts.map((account) => ({ ...account, previews: [] as FolderPreviews[] }));
  const followUps: HostToExtension[] = [];
  let accounts: AccountView[] = bare;
  if (sizeOf({ ...reply, accounts }) > limit) {
    accounts = bare.map((account) => ({ ...account, counts: [] }));
    for (const account of reply.accounts) {
      if (account.counts.length) followUps.push(...fitToFrame({ type: 'folderCounts', account: account.name, folders: account.counts, at: account.countsAt ?? at }, limit, now));
    }
  }
  let room = limit - sizeOf({ ...reply, accounts });
  const previewsEvents: HostToExtension[] = [];
  accounts = accounts.map((account, index) => {
    const kept: FolderPreviews[] = [];
    for (const folder of reply.accounts[index]!.previews) {
      const cost = sizeOf(folder) + 1;
      if (cost <= room) {
        kept.push(folder);
        room -= cost;
      } else previewsEvents.push(...fitToFrame({ type: 'previews', account: account.name, ...folder, at }, limit, now));
    }
    return { ...account, previews: kept };
  });
  return [{ ...reply, accounts }, ...followUps, ...previewsEvents];
}

/** One folder's previews, newest first: the oldest go until the event fits. */
function fitPreviews(event: Of<'previews'>, limit: number): Of<'previews'> {
  let room = limit - sizeOf({ ...event, previews: [] });
  const previews = [];
  for (const preview of event.previews) {
    room -= sizeOf(preview) + 1;
    if (room < 0) break;
    previews.push(preview);
  }
  return { ...event, previews };
}

/** Problems say less (their code stays); if that is not enough, the folders that fit, in watch order. */
function fitCounts(folders: FolderCount[], room: number): FolderCount[] {
  const shortened = folders.map((folder) => (folder.problem ? { ...folder, problem: { ...folder.problem, message: folder.problem.message.slice(0, 160) } } : folder));
  const kept: FolderCount[] = [];
  for (const folder of shortened) {
    room -= sizeOf(folder) + 1;
    if (room < 0) break;
    kept.push(folder);
  }
  return kept;
}

/** The first folders that fit, and how many there were. */
function fitFolders(reply: Of<'folders'>, limit: number): Of<'folders'> {
  const total = reply.truncated?.total ?? reply.folders.length;
  let room = limit - sizeOf({ ...reply, folders: [], truncated: { shown: total, total } });
  const folders = [];
  for (const folder of reply.folders) {
    room -= sizeOf(folder) + 1;
    if (room < 0) break;
    folders.push(folder);
  }
  return { ...reply, folders, truncated: { shown: folders.length, total } };
}
