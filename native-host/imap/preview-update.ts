// Brings a folder's known previews up to date after a change, fetching only messages whose previews are not known.
import type { ImapFlow } from 'imapflow';
import type { FolderPreviews } from '../../lib/protocol';
import { newestFirst, newestUnseenPreviews, openUidValidity, previewLimit, previewsOf } from './previews';

/**
 * The newest unseen messages of `known.folder` now, given the list last fetched. On Dovecot one change costs
 * EXAMINE, one `UID SEARCH UNSEEN UID <lowest known>:*` (which unseen messages from the oldest one shown on are
 * still there: mail read or removed elsewhere drops out, new mail shows up) and one UID FETCH of just the messages
 * that join the list — not the whole list again. A list that lost messages and had been full is refilled from older
 * unseen mail with one more search; a changed UIDVALIDITY voids every known UID, so the list is fetched anew.
 * The flags of a message already shown are not read again (a star set elsewhere shows after its next fetch).
 */
export async function updatePreviews(client: ImapFlow, known: FolderPreviews, options: { limit?: number } = {}): Promise<FolderPreviews> {
  const { folder } = known;
  const limit = previewLimit(options.limit);
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const uidValidity = openUidValidity(client, folder);
    if (uidValidity !== known.uidValidity || limit === 0) return await newestUnseenPreviews(client, folder, limit);
    const shown = new Map(known.previews.map((preview) => [preview.uid, preview]));
    // A full list shows nothing below its oldest message; a shorter one showed every unseen message there was.
    const full = known.previews.length >= limit;
    const from = full ? Math.min(...shown.keys()) : 1;
    // `n:*` also names the newest message when every UID is below n (RFC 3501 §6.4.8): keep only UIDs from n on.
    let unseen = newestFirst(await client.search({ seen: false, uid: `${from}:*` }, { uid: true })).filter((uid) => uid >= from);
    if (unseen.length < limit && full && from > 1) {
      // Something shown left a full list: older unseen mail may take its place.
      const older = newestFirst(await client.search({ seen: false, uid: `1:${from - 1}` }, { uid: true })).filter((uid) => uid < from);
      unseen = [...unseen, ...older];
    }
    const wanted = unseen.slice(0, limit);
    const fetched = new Map((await previewsOf(client, folder, wanted.filter((uid) => !shown.has(uid)))).map((preview) => [preview.uid, preview]));
    // A message expunged between the search and the fetch is simply not there.
    const previews = wanted.flatMap((uid) => shown.get(uid) ?? fetched.get(uid) ?? []);
    return { folder, uidValidity, previews };
  } finally {
    lock.release();
  }
}
