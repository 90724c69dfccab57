// The mail actions from the command line (the built host), against a real Dovecot: archive → undo with what --json
// printed, star, save, and errors as one line on stderr.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { addDovecotAccount, makeConfigDir, runHost } from '../support/host';
import { buildMessage } from '../support/mail';

let server: DovecotServer;
let env: Awaited<ReturnType<typeof makeConfigDir>>;

beforeAll(async () => {
  server = await startDovecot({ specialFolders: { Trash: 'Trash', Junk: 'Junk', Archive: 'Archive' } });
  env = await makeConfigDir();
  await addDovecotAccount(env, server, { name: 'Test' });
});
afterAll(async () => {
  await server?.stop();
  await env?.remove();
});

/** UID and flags of each message of a folder, by subject, read by a separate client. */
async function folder(path: string): Promise<Map<string, { uid: number; flags: string[] }>> {
  const client = await server.connect('alice');
  try {
    const lock = await client.getMailboxLock(path, { readOnly: true });
    try {
      const found = new Map<string, { uid: number; flags: string[] }>();
      if (client.mailbox && client.mailbox.exists > 0) {
        for await (const m of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
          found.set(m.envelope?.subject ?? '', { uid: m.uid, flags: [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort() });
        }
      }
      return found;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

async function serverSource(path: string, uid: number): Promise<Buffer> {
  const client = await server.connect('alice');
  try {
    const lock = await client.getMailboxLock(path, { readOnly: true });
    try {
      const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
      return message ? message.source! : Buffer.alloc(0);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

describe('mail actions on the command line', () => {
  it('archive --json prints where the message went and its new UID; undo --moved with that output puts it back', async () => {
    const uid = (await server.append('alice', 'INBOX', buildMessage({ subject: 'CLI archive' })))!;
    const archived = await runHost(env, ['archive', 'Test', 'INBOX', String(uid), '--json']);
    expect(archived.stderr).toBe('');
    expect(archived.code).toBe(0);
    const printed = JSON.parse(archived.stdout) as { folder: string; uidValidity: string; moved: { uid: number; to: string; newUid: number }[] };
    const inArchive = (await folder('Archive')).get('CLI archive');
    expect(printed).toMatchObject({ folder: 'INBOX', uidValidity: expect.stringMatching(/^\d+$/), moved: [{ uid, to: 'Archive', newUid: inArchive!.uid }] });
    expect((await folder('INBOX')).has('CLI archive')).toBe(false);

    const undone = await runHost(env, ['undo', 'Test', 'INBOX', '--moved', archived.stdout.trim(), '--json']);
    expect(undone.stderr).toBe('');
    const back = (await folder('INBOX')).get('CLI archive');
    expect(back).toMatchObject({ flags: [] });
    expect(JSON.parse(undone.stdout)).toEqual({ folder: 'INBOX', restored: [{ uid, newUid: back!.uid }] });
    expect((await folder('Archive')).has('CLI archive')).toBe(false);
  });

  it('delete and spam say in words where each message went', async () => {
    const doomed = (await server.append('alice', 'INBOX', buildMessage({ subject: 'CLI delete' })))!;
    const junk = (await server.append('alice', 'INBOX', buildMessage({ subject: 'CLI spam' })))!;
    const deleted = await runHost(env, ['delete', 'Test', 'INBOX', String(doomed)]);
    expect(deleted.stdout.trim()).toMatch(new RegExp(`^Moved message ${doomed} from INBOX to Trash \\(UID \\d+ there\\)\\.$`));
    const spam = await runHost(env, ['spam', 'Test', 'INBOX', String(junk)]);
    expect(spam.stdout.trim()).toMatch(new RegExp(`^Moved message ${junk} from INBOX to Junk \\(UID \\d+ there\\)\\.$`));
    expect((await folder('Junk')).has('CLI spam')).toBe(true);
  });

  it('star and unstar set and clear \\Flagged', async () => {
    const uid = (await server.append('alice', 'INBOX', buildMessage({ subject: 'CLI star' })))!;
    expect((await runHost(env, ['star', 'Test', 'INBOX', String(uid)])).stdout.trim()).toBe('Starred 1 message(s) in INBOX.');
    expect((await folder('INBOX')).get('CLI star')?.flags).toEqual(['\\Flagged']);
    await runHost(env, ['unstar', 'Test', 'INBOX', String(uid)]);
    expect((await folder('INBOX')).get('CLI star')?.flags).toEqual([]);
  });

  it('save --out writes the server\'s exact bytes (mode 0600), leaves the message unread and never overwrites a file', async () => {
    const uid = (await server.append('alice', 'INBOX', buildMessage({ subject: 'CLI save', body: 'Grüße\r\n'.repeat(500) })))!;
    const file = join(env.configDir, 'saved.eml');
    const saved = await runHost(env, ['save', 'Test', 'INBOX', String(uid), '--out', file]);
    expect(saved.stderr).toBe('');
    expect(await readFile(file)).toEqual(await serverSource('INBOX', uid));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await folder('INBOX')).get('CLI save')?.flags).toEqual([]);
    const again = await runHost(env, ['save', 'Test', 'INBOX', String(uid), '--out', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`mailbadge: ${file} already exists; pick another name or remove it first.\n`);
  });

  it('fails with one line naming the problem: a message already gone, a wrong UIDVALIDITY, --moved that is not a move', async () => {
    const gone = await runHost(env, ['archive', 'Test', 'INBOX', '999999']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('mailbadge: Message 999999 is no longer in "INBOX": another mail client moved or deleted it. Nothing was changed; the list is being refreshed.\n');
    const uid = (await server.append('alice', 'INBOX', buildMessage({ subject: 'CLI guarded' })))!;
    const stale = await runHost(env, ['archive', 'Test', 'INBOX', String(uid), '--uidvalidity', '1']);
    expect(stale.stderr).toMatch(/^mailbadge: Folder "INBOX" was rebuilt on the server \(UIDVALIDITY \d+ instead of 1\); nothing was changed\. Refresh and try again\.\n$/);
    const bad = await runHost(env, ['undo', 'Test', 'INBOX', '--moved', '{"moved":[{"uid":"x"}]}']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^mailbadge: --moved is not what a move printed \(moved\.0\.uid: .+\)\. Usage: undo ACCOUNT FOLDER --moved JSON/);
  });
});
