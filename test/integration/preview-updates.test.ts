// Known previews brought up to date on a real Dovecot: only messages new to the list are fetched, and the list stays
// the folder's newest unseen messages after new mail, mail read, unread or expunged elsewhere, and a rebuilt folder.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FolderPreviews } from '../../lib/protocol';
import { updatePreviews } from '../../native-host/imap/preview-update';
import { fetchPreviews } from '../../native-host/imap/previews';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { buildMessage } from '../support/mail';
import { connectRecording, dovecotTarget } from '../support/recording-client';
import { startWatchSession, until } from '../support/watch-session';

let server: DovecotServer;
/** Appends and changes flags: the "other client". */
let other: ImapFlow;
/** Reads previews, recording every command it sends. */
let reader: ImapFlow;
const sent: string[] = [];
let folderCounter = 0;

beforeAll(async () => {
  server = await startDovecot();
  other = await server.connect('alice');
  reader = await connectRecording(dovecotTarget(server), sent);
});
afterAll(async () => {
  await reader?.logout().catch(() => reader.close());
  await other?.logout().catch(() => other.close());
  await server?.stop();
});
beforeEach(() => {
  sent.length = 0;
});

/** A new folder with these messages (unseen unless `read`), and their UIDs in order. */
async function folderWith(messages: { subject: string; read?: boolean }[]): Promise<{ folder: string; uids: number[] }> {
  const folder = `Updates${++folderCounter}`;
  await other.mailboxCreate(folder);
  const uids: number[] = [];
  for (const { subject, read } of messages) uids.push((await other.append(folder, buildMessage({ subject }), read ? ['\\Seen'] : []) as { uid: number }).uid);
  return { folder, uids };
}

async function changeFlags(folder: string, uid: number, change: 'read' | 'unread' | 'expunge'): Promise<void> {
  const lock = await other.getMailboxLock(folder);
  try {
    if (change === 'read') await other.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    else if (change === 'unread') await other.messageFlagsRemove(String(uid), ['\\Seen'], { uid: true });
    else await other.messageDelete(String(uid), { uid: true });
  } finally {
    lock.release();
  }
}

/** Leaves the folder the way the watcher does under NOTIFY, so the next update opens it afresh. */
async function update(known: FolderPreviews, limit = 3): Promise<FolderPreviews> {
  await reader.mailboxClose().catch(() => undefined);
  sent.length = 0;
  const updated = await updatePreviews(reader, known, { limit });
  await reader.mailboxClose();
  return updated;
}

const subjects = (list: FolderPreviews) => list.previews.map((preview) => preview.subject);
/** The UIDs named by every UID FETCH the reader sent. */
const fetchedUids = () => sent.filter((line) => / UID FETCH /.test(line)).map((line) => / UID FETCH (\S+) /.exec(line)![1]!);

describe('bringing known previews up to date', () => {
  it('fetches only a new message, not the ones already shown', async () => {
    const { folder } = await folderWith([{ subject: 'one' }, { subject: 'two' }]);
    const known = await fetchPreviews(reader, folder, { limit: 3 });
    const newUid = (await other.append(folder, buildMessage({ subject: 'three' })) as { uid: number }).uid;
    const updated = await update(known);
    expect(subjects(updated)).toEqual(['three', 'two', 'one']);
    expect(updated.previews[0]).toMatchObject({ uid: newUid, seen: false });
    expect(fetchedUids()).toEqual([String(newUid)]);
  });

  it('fetches nothing when nothing changed', async () => {
    const { folder } = await folderWith([{ subject: 'one' }, { subject: 'two' }]);
    const known = await fetchPreviews(reader, folder, { limit: 3 });
    expect(await update(known)).toEqual(known);
    expect(fetchedUids()).toEqual([]);
  });

  it('drops a message read elsewhere and refills the full list with the next older unseen one', async () => {
    const { folder, uids } = await folderWith([{ subject: 'a' }, { subject: 'b' }, { subject: 'c' }, { subject: 'd' }, { subject: 'e' }]);
    const known = await fetchPreviews(reader, folder, { limit: 3 });
    expect(subjects(known)).toEqual(['e', 'd', 'c']);
    await changeFlags(folder, uids[3]!, 'read');
    const updated = await update(known);
    expect(subjects(updated)).toEqual(['e', 'c', 'b']);
    expect(fetchedUids()).toEqual([String(uids[1])]);
  });

  it('drops a message expunged elsewhere and refills the list', async () => {
    const { folder, uids } = await folderWith([{ subject: 'a' }, { subject: 'b' }, { subject: 'c' }, { subject: 'd' }]);
    const known = await fetchPreviews(reader, folder, { limit: 3 });
    await changeFlags(folder, uids[3]!, 'expunge');
    const updated = await update(known);
    expect(subjects(updated)).toEqual(['c', 'b', 'a']);
    expect(fetchedUids()).toEqual([String(uids[0])]);
  });

  it('keeps a shorter list when no older unseen mail is left to refill it', async () => {
    const { folder, uids } = await folderWith([{ subject: 'old, read', read: true }, { subject: 'b' }, { subject: 'c' }, { subject: 'd' }]);
    const known = await fetchPreviews(reader, folder, { limit: 3 });
    await changeFlags(folder, uids[2]!, 'read');
    const updated = await update(known);
    expect(subjects(updated)).toEqual(['d', 'b']);
    expect(fetchedUids()).toEqual([]);
  });

  it('shows a message marked unread elsewhere where it belongs, and none below a full list', async () => {
    const { folder, uids } = await folderWith([{ subject: 'a', read: true }, { subject: 'b' }, { subject: 'c', read: true }, { subject: 'd' }, { subject: 'e' }]);
    const known = await fetchPreviews(reader, folder, { limit: 3 });
    expect(subjects(known)).toEqual(['e', 'd', 'b']);
    await changeFlags(folder, uids[2]!, 'unread');
    await changeFlags(folder, uids[0]!, 'unread');
    const updated = await update(known);
    // c (between shown messages) joins and pushes b out; a, below the full list, stays out.
    expect(subjects(updated)).toEqual(['e', 'd', 'c']);
    expect(fetchedUids()).toEqual([String(uids[2])]);
  });

  it('fetches the whole list anew when the folder was rebuilt (UIDVALIDITY changed), even where UIDs repeat', async () => {
    const { folder, uids } = await folderWith([{ subject: 'old generation' }]);
    const known = await fetchPreviews(reader, folder, { limit: 3 });
    await other.mailboxDelete(folder);
    await other.mailboxCreate(folder);
    const newUid = (await other.append(folder, buildMessage({ subject: 'new generation' })) as { uid: number }).uid;
    expect(newUid).toBe(uids[0]);
    const updated = await update(known);
    expect(updated.uidValidity).not.toBe(known.uidValidity);
    expect(subjects(updated)).toEqual(['new generation']);
  });
});

describe('the watcher under NOTIFY', () => {
  it('reports a preview read elsewhere leaving the list, an older unseen one taking its place, and new mail', async () => {
    const { folder, uids } = await folderWith([{ subject: 'a' }, { subject: 'b' }, { subject: 'c' }]);
    const { session, seen } = startWatchSession(server, { folders: ['INBOX', folder], tuning: { previewsPerFolder: 2 } });
    const latest = () => seen.previews.filter((event) => event.folders.folder === folder).at(-1)?.folders;
    const showing = (expected: string[]) => () => {
      const list = latest();
      return list !== undefined && JSON.stringify(subjects(list)) === JSON.stringify(expected) && list;
    };
    try {
      await until(showing(['c', 'b']), 10_000, 'the first previews');
      await changeFlags(folder, uids[2]!, 'read');
      await until(showing(['b', 'a']), 5_000, 'c read elsewhere, a in its place');
      await other.append(folder, buildMessage({ subject: 'd' }));
      await until(showing(['d', 'b']), 5_000, 'new mail d');
      await changeFlags(folder, uids[1]!, 'expunge');
      await until(showing(['d', 'a']), 5_000, 'b expunged elsewhere, a in its place');
    } finally {
      await session.stop();
    }
  });
});
