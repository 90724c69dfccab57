// Archive, delete, spam, star and undo against a real Dovecot, with and without MOVE and UIDPLUS (Dovecot told not to
// advertise them): where each message ends up, what undo restores, and that no bare EXPUNGE is ever sent.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveRead, moveMessages, setFlagged, undoMoves } from '../../native-host/imap/actions';
import { inFolder } from '../../native-host/imap/actions/folder-lock';
import { requireMessages } from '../../native-host/imap/actions/message-facts';
import { moveSelected } from '../../native-host/imap/actions/move';
import { HostError } from '../../native-host/errors';
import { MailActions } from '../../native-host/mail-actions';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { buildMessage } from '../support/mail';
import { connectRecording, dovecotTarget } from '../support/recording-client';

const ACCOUNT = { name: 'Test' };
const WITH_ARCHIVE = { Drafts: 'Drafts', Sent: 'Sent', Trash: 'Trash', Junk: 'Junk', Archive: 'Archive' };

let fullCapabilities: string[];

beforeAll(async () => {
  const probe = await startDovecot();
  const client = await probe.connect('alice');
  fullCapabilities = [...client.capabilities.keys()].filter((cap) => cap !== 'IMAP4REV1');
  await client.logout();
  await probe.stop();
  expect(fullCapabilities).toEqual(expect.arrayContaining(['MOVE', 'UIDPLUS']));
});

const without = (...drop: string[]) => ['IMAP4rev1', ...fullCapabilities.filter((cap) => !drop.includes(cap))].join(' ');

/** Filled in by beforeAll, before any test reads it. */
class ServerContext {
  server!: DovecotServer;
  client!: ImapFlow;
  other!: ImapFlow;
  readonly sent: string[] = [];
}

/** One Dovecot, a recording client for the code under test and a second client that plays the user's other mail app. */
function useServer(capabilities: () => string | undefined, specialFolders: Record<string, string> = WITH_ARCHIVE) {
  const ctx = new ServerContext();
  beforeAll(async () => {
    const imapCapability = capabilities();
    ctx.server = await startDovecot({ specialFolders, ...(imapCapability ? { imapCapability } : {}) });
    ctx.client = await connectRecording(dovecotTarget(ctx.server), ctx.sent);
    ctx.other = await ctx.server.connect('alice');
  });
  afterAll(async () => {
    await ctx.client?.logout().catch(() => ctx.client.close());
    await ctx.other?.logout().catch(() => ctx.other.close());
    await ctx.server?.stop();
  });
  return ctx;
}

type Ctx = ServerContext;

async function append(ctx: Ctx, subject: string, flags: string[] = [], folder = 'INBOX'): Promise<{ uid: number; messageId: string }> {
  const messageId = `<${subject.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2)}@example.test>`;
  const uid = await ctx.server.append('alice', folder, buildMessage({ subject, messageId }), flags);
  return { uid: uid!, messageId };
}

/** Every message of a folder as the other client sees it: UID, Message-ID and flags. */
async function contents(ctx: Ctx, folder: string): Promise<{ uid: number; messageId: string; flags: string[] }[]> {
  const lock = await ctx.other.getMailboxLock(folder, { readOnly: true });
  try {
    await ctx.other.noop(); // the folder may have stayed selected since before the last change
    const found: { uid: number; messageId: string; flags: string[] }[] = [];
    if (!ctx.other.mailbox || ctx.other.mailbox.exists === 0) return found;
    for await (const m of ctx.other.fetch('1:*', { uid: true, flags: true, envelope: true })) {
      found.push({ uid: m.uid, messageId: m.envelope?.messageId ?? '', flags: [...(m.flags ?? [])].filter((flag) => flag !== '\\Recent').sort() });
    }
    return found;
  } finally {
    lock.release();
  }
}

async function uidValidity(ctx: Ctx, folder: string): Promise<string> {
  const status = await ctx.other.status(folder, { uidValidity: true });
  return String(status && status.uidValidity);
}

const bareExpunges = (sent: string[]) => sent.filter((line) => /^\S+ EXPUNGE\b/i.test(line));

async function refusal(promise: Promise<unknown>): Promise<HostError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(HostError);
  return error as HostError;
}

/** What must hold whichever of MOVE and UIDPLUS the server offers. */
function commonBehaviour(ctx: Ctx, expected: { move: boolean; uidplus: boolean }) {
  it(`archives to \\Archive with ${expected.move ? 'UID MOVE' : 'UID COPY'}${expected.uidplus ? ', reporting the new UID' : ''}, and never sends a bare EXPUNGE`, async () => {
    const bystander = await append(ctx, 'Flagged deleted by someone else', ['\\Deleted']);
    const mine = await append(ctx, 'Archive me');
    ctx.sent.length = 0;
    const { moved } = await moveMessages(ctx.client, ACCOUNT, 'INBOX', await uidValidity(ctx, 'INBOX'), [mine.uid], 'archive', 'now');

    const archived = (await contents(ctx, 'Archive')).find((m) => m.messageId === mine.messageId);
    expect(archived).toBeDefined();
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ uid: mine.uid, to: 'Archive', seen: false });
    if (expected.uidplus) expect(moved[0]).toMatchObject({ newUid: archived!.uid, toUidValidity: await uidValidity(ctx, 'Archive') });
    else expect(moved[0]).toMatchObject({ messageId: mine.messageId });
    expect(ctx.sent.some((line) => / UID MOVE /.test(line))).toBe(expected.move);
    expect(ctx.sent.some((line) => / UID COPY /.test(line))).toBe(!expected.move);
    expect(ctx.sent.some((line) => / UID EXPUNGE /.test(line))).toBe(!expected.move && expected.uidplus);
    expect(bareExpunges(ctx.sent)).toEqual([]);

    const inbox = await contents(ctx, 'INBOX');
    // The message someone else flagged \Deleted is still there: nobody expunged the whole folder.
    expect(inbox.find((m) => m.uid === bystander.uid)?.flags).toEqual(['\\Deleted']);
    const left = inbox.find((m) => m.uid === mine.uid);
    if (expected.move || expected.uidplus) expect(left).toBeUndefined();
    // Without MOVE and UIDPLUS the original stays, flagged deleted and read so it no longer counts as unread.
    else expect(left?.flags).toEqual(['\\Deleted', '\\Seen']);
  });

  it('undo puts an archived message back in INBOX, unread as it was, and takes it out of Archive', async () => {
    const mine = await append(ctx, 'Archive and undo');
    const { moved, uidValidity: inboxValidity } = await moveMessages(ctx.client, ACCOUNT, 'INBOX', undefined, [mine.uid], 'archive', 'now');
    ctx.sent.length = 0;
    const restored = await undoMoves(ctx.client, 'INBOX', inboxValidity, moved);

    const back = (await contents(ctx, 'INBOX')).filter((m) => m.messageId === mine.messageId && !m.flags.includes('\\Deleted'));
    expect(back).toHaveLength(1);
    expect(back[0]!.flags).toEqual([]);
    expect(restored).toEqual([expect.objectContaining({ uid: mine.uid, to: 'INBOX', seen: false })]);
    if (expected.uidplus || !expected.move) expect(restored[0]!.newUid).toBe(back[0]!.uid);
    // Without UIDPLUS, undo found the message (or, without MOVE either, the copy to remove) by its Message-ID.
    expect(ctx.sent.some((line) => / UID SEARCH HEADER Message-ID /i.test(line))).toBe(!expected.uidplus);
    const archive = (await contents(ctx, 'Archive')).filter((m) => m.messageId === mine.messageId);
    expect(archive.every((m) => m.flags.includes('\\Deleted'))).toBe(true);
    if (expected.uidplus) expect(archive).toEqual([]);
    expect(bareExpunges(ctx.sent)).toEqual([]);
  });

  it('delete moves to \\Trash and spam to \\Junk', async () => {
    const trash = await append(ctx, 'Delete me');
    const junk = await append(ctx, 'Buy now');
    expect((await moveMessages(ctx.client, ACCOUNT, 'INBOX', undefined, [trash.uid], 'delete', 'now')).moved[0]).toMatchObject({ to: 'Trash' });
    expect((await moveMessages(ctx.client, ACCOUNT, 'INBOX', undefined, [junk.uid], 'spam', 'now')).moved[0]).toMatchObject({ to: 'Junk' });
    expect((await contents(ctx, 'Trash')).map((m) => m.messageId)).toContain(trash.messageId);
    expect((await contents(ctx, 'Junk')).map((m) => m.messageId)).toContain(junk.messageId);
  });

  it('stars and unstars by UID with \\Flagged, touching nothing else', async () => {
    const mine = await append(ctx, 'Star me', ['\\Seen']);
    const validity = await uidValidity(ctx, 'INBOX');
    await setFlagged(ctx.client, 'INBOX', validity, [mine.uid], true);
    expect((await contents(ctx, 'INBOX')).find((m) => m.uid === mine.uid)?.flags).toEqual(['\\Flagged', '\\Seen']);
    await setFlagged(ctx.client, 'INBOX', validity, [mine.uid], false);
    expect((await contents(ctx, 'INBOX')).find((m) => m.uid === mine.uid)?.flags).toEqual(['\\Seen']);
  });

  it('reports a message another client already moved, and changes nothing', async () => {
    const mine = await append(ctx, 'Moved elsewhere first');
    const other = await append(ctx, 'Still here');
    const lock = await ctx.other.getMailboxLock('INBOX');
    try {
      await ctx.other.messageMove(String(mine.uid), 'Trash', { uid: true });
    } finally {
      lock.release();
    }
    const error = await refusal(moveMessages(ctx.client, ACCOUNT, 'INBOX', undefined, [other.uid, mine.uid], 'archive', 'now'));
    expect(error.code).toBe('MESSAGE_GONE');
    expect(error.message).toBe(`Message ${mine.uid} is no longer in "INBOX": another mail client moved or deleted it. Nothing was changed; the list is being refreshed.`);
    expect((await contents(ctx, 'INBOX')).find((m) => m.uid === other.uid)?.flags).toEqual([]);
  });

  it('refuses UIDs of a rebuilt folder (UIDVALIDITY changed), and changes nothing', async () => {
    const mine = await append(ctx, 'Guarded');
    const error = await refusal(moveMessages(ctx.client, ACCOUNT, 'INBOX', '1', [mine.uid], 'archive', 'now'));
    expect(error.code).toBe('UIDVALIDITY_CHANGED');
    expect((await contents(ctx, 'INBOX')).some((m) => m.uid === mine.uid)).toBe(true);
  });

  it('leaves the message where it was when the server refuses the move', async () => {
    const mine = await append(ctx, 'Refused');
    // The target vanished between looking it up and moving: the server answers NO [TRYCREATE].
    const error = await refusal(
      inFolder(ctx.client, 'INBOX', undefined, 'Archiving', async () =>
        moveSelected(ctx.client, 'INBOX', 'Vanished', [mine.uid], await requireMessages(ctx.client, 'INBOX', [mine.uid])),
      ),
    );
    expect(error.code).toBe('IMAP_ERROR');
    expect(error.message).toContain('"Vanished"');
    expect((await contents(ctx, 'INBOX')).find((m) => m.uid === mine.uid)?.flags).toEqual([]);
  });

  it('archives the read messages of a folder, leaving unread and deleted ones', async () => {
    const folder = 'Lists';
    await ctx.other.mailboxCreate(folder);
    const read = [await append(ctx, 'Read one', ['\\Seen'], folder), await append(ctx, 'Read two', ['\\Seen'], folder)];
    const unread = await append(ctx, 'Unread', [], folder);
    await append(ctx, 'Read but deleted', ['\\Seen', '\\Deleted'], folder);
    const { moved, remaining } = await archiveRead(ctx.client, ACCOUNT, folder, undefined);
    expect(moved.map((m) => m.uid)).toEqual(read.map((m) => m.uid));
    expect(remaining).toBe(0);
    const left = (await contents(ctx, folder)).filter((m) => !m.flags.includes('\\Deleted'));
    expect(left.map((m) => m.uid)).toEqual([unread.uid]);
  });
}

describe('with MOVE and UIDPLUS', () => {
  const ctx = useServer(() => undefined);
  commonBehaviour(ctx, { move: true, uidplus: true });
});

describe('without MOVE (UIDPLUS offered)', () => {
  const ctx = useServer(() => without('MOVE'));
  commonBehaviour(ctx, { move: false, uidplus: true });
});

describe('without MOVE or UIDPLUS', () => {
  const ctx = useServer(() => without('MOVE', 'UIDPLUS'));
  commonBehaviour(ctx, { move: false, uidplus: false });
});

describe('with MOVE but without UIDPLUS', () => {
  const ctx = useServer(() => without('UIDPLUS'));
  commonBehaviour(ctx, { move: true, uidplus: false });
});

describe('on an account without Trash, Archive or Junk', () => {
  const ctx = useServer(() => undefined, { Drafts: 'Drafts', Sent: 'Sent' });
  const EXPUNGE_DELAY_MS = 400;
  /** The session's actions on the test connection, with a short undo window. */
  const actions = (account: { name: string; archiveFolder?: string } = ACCOUNT) => new MailActions(account, (action) => action(ctx.client), EXPUNGE_DELAY_MS);
  const settle = () => new Promise((resolve) => setTimeout(resolve, EXPUNGE_DELAY_MS + 300));

  it('deletes in place: flagged deleted and read at once, expunged by UID after the undo window, nobody else\'s deleted mail touched', async () => {
    const bystander = await append(ctx, 'Someone else deleted this', ['\\Deleted']);
    const mine = await append(ctx, 'Delete for good');
    ctx.sent.length = 0;
    const { moved } = await actions().move('INBOX', await uidValidity(ctx, 'INBOX'), [mine.uid], 'delete');
    expect(moved).toEqual([{ uid: mine.uid, kept: true, seen: false }]);
    expect((await contents(ctx, 'INBOX')).find((m) => m.uid === mine.uid)?.flags).toEqual(['\\Deleted', '\\Seen']);
    await settle();
    const inbox = await contents(ctx, 'INBOX');
    expect(inbox.some((m) => m.uid === mine.uid)).toBe(false);
    expect(inbox.find((m) => m.uid === bystander.uid)?.flags).toEqual(['\\Deleted']);
    expect(ctx.sent.filter((line) => / UID EXPUNGE /.test(line))).toEqual([expect.stringMatching(new RegExp(` UID EXPUNGE ${mine.uid}$`))]);
    expect(bareExpunges(ctx.sent)).toEqual([]);
  });

  it('undo within the window keeps the message: undeleted, unread again, and never expunged', async () => {
    const mine = await append(ctx, 'Delete, then undo');
    const mailActions = actions();
    const validity = await uidValidity(ctx, 'INBOX');
    const { moved } = await mailActions.move('INBOX', validity, [mine.uid], 'delete');
    const restored = await mailActions.undo('INBOX', validity, moved);
    expect(restored).toEqual([{ uid: mine.uid, to: 'INBOX', newUid: mine.uid, seen: false }]);
    await settle();
    expect((await contents(ctx, 'INBOX')).find((m) => m.uid === mine.uid)?.flags).toEqual([]);
  });

  it('says undo came too late once the message is gone for good', async () => {
    const mine = await append(ctx, 'Too late');
    const mailActions = actions();
    const validity = await uidValidity(ctx, 'INBOX');
    const { moved } = await mailActions.move('INBOX', validity, [mine.uid], 'delete');
    await settle();
    const error = await refusal(mailActions.undo('INBOX', validity, moved));
    expect(error.code).toBe('MESSAGE_GONE');
    expect(error.message).toContain('undo came too late');
  });

  it('asks for an archive folder, and archives to the one picked', async () => {
    const mine = await append(ctx, 'Archive without Archive');
    const unset = await refusal(actions().move('INBOX', await uidValidity(ctx, 'INBOX'), [mine.uid], 'archive'));
    expect(unset.code).toBe('ARCHIVE_FOLDER_UNSET');
    const missing = await refusal(actions({ name: 'Test', archiveFolder: 'Kept' }).move('INBOX', await uidValidity(ctx, 'INBOX'), [mine.uid], 'archive'));
    expect(missing.code).toBe('FOLDER_NOT_FOUND');
    await ctx.other.mailboxCreate('Kept');
    const { moved } = await actions({ name: 'Test', archiveFolder: 'Kept' }).move('INBOX', await uidValidity(ctx, 'INBOX'), [mine.uid], 'archive');
    expect(moved[0]).toMatchObject({ uid: mine.uid, to: 'Kept' });
    expect((await contents(ctx, 'Kept')).map((m) => m.messageId)).toEqual([mine.messageId]);
  });

  it('refuses spam without a Junk folder, moving nothing', async () => {
    const mine = await append(ctx, 'Spam without Junk');
    const error = await refusal(actions().move('INBOX', await uidValidity(ctx, 'INBOX'), [mine.uid], 'spam'));
    expect(error.code).toBe('JUNK_FOLDER_MISSING');
    expect((await contents(ctx, 'INBOX')).find((m) => m.uid === mine.uid)?.flags).toEqual([]);
  });
});
