// Mail actions through a live account session (NOTIFY, and IDLE), against a real Dovecot: the session gives the
// watch state back after each action without expunging anything, and re-counts what the action changed.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountSettings } from '../../lib/account';
import type { FolderCount } from '../../lib/protocol';
import { AccountSession } from '../../native-host/account-session';
import type { SecretStore } from '../../native-host/secrets';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { buildMessage } from '../support/mail';

class MemorySecrets implements SecretStore {
  readonly kind = 'memory';
  async get() {
    return 'alice-secret';
  }
  async set() {}
  async delete() {}
}

let fullCapabilities: string[];
beforeAll(async () => {
  const probe = await startDovecot();
  const client = await probe.connect('alice');
  fullCapabilities = [...client.capabilities.keys()].filter((cap) => cap !== 'IMAP4REV1');
  await client.logout();
  await probe.stop();
});

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Flags of every message of a folder by subject, as another client sees them. */
async function flagsIn(other: ImapFlow, folder: string): Promise<Map<string, string[]>> {
  const lock = await other.getMailboxLock(folder, { readOnly: true });
  try {
    await other.noop();
    const found = new Map<string, string[]>();
    if (other.mailbox && other.mailbox.exists > 0) {
      for await (const m of other.fetch('1:*', { flags: true, envelope: true })) found.set(m.envelope?.subject ?? '', [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort());
    }
    return found;
  } finally {
    lock.release();
  }
}

const withoutNotify = (): string | undefined => ['IMAP4rev1', ...fullCapabilities.filter((cap) => cap !== 'NOTIFY')].join(' ');
const WATCHING: [string, 'notify' | 'idle', () => string | undefined][] = [
  ['NOTIFY', 'notify', () => undefined],
  ['IDLE', 'idle', withoutNotify],
];

async function inboxValidity(other: ImapFlow): Promise<string> {
  const status = await other.status('INBOX', { uidValidity: true });
  return String(status && status.uidValidity);
}

describe.each(WATCHING)('mail actions in a session watching with %s', (_name, strategy, capabilities) => {
  let server: DovecotServer;
  let other: ImapFlow;
  let session: AccountSession;
  const counts: FolderCount[][] = [];

  beforeAll(async () => {
    const imapCapability = capabilities();
    server = await startDovecot({ specialFolders: { Trash: 'Trash', Junk: 'Junk', Archive: 'Archive' }, ...(imapCapability ? { imapCapability } : {}) });
    other = await server.connect('alice');
    const account: AccountSettings = { name: 'Demo', host: server.host, port: server.imapsPort, security: 'tls', user: 'alice', folders: ['INBOX'], trustFingerprint: server.certFingerprint256 };
    session = new AccountSession(account, new MemorySecrets(), { status: () => undefined, counts: (_a, folders) => counts.push(folders), previews: () => undefined });
    session.start();
    await until(() => (session.watchStrategy?.kind === strategy ? true : undefined), `the ${strategy} strategy`);
  });
  afterAll(async () => {
    await session?.stop();
    await other?.logout().catch(() => other.close());
    await server?.stop();
  });

  it('archives without expunging a message someone else flagged deleted, and re-counts INBOX', async () => {
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Flagged deleted elsewhere' }), ['\\Deleted']);
    const uid = (await server.append('alice', 'INBOX', buildMessage({ subject: 'Archive me' })))!;
    const before = counts.length;
    await until(() => counts.slice(before).find((folders) => folders[0]!.total === 2), 'the count with both messages');
    const uidValidity = await inboxValidity(other);
    const after = counts.length;
    const { moved } = await session.actions.move('INBOX', uidValidity, [uid], 'archive');
    expect(moved).toMatchObject([{ uid, to: 'Archive' }]);
    await until(() => counts.slice(after).find((folders) => folders[0]!.total === 1), 'the count after the archive');
    const inbox = await flagsIn(other, 'INBOX');
    expect(inbox.get('Flagged deleted elsewhere')).toEqual(['\\Deleted']);
    expect(inbox.has('Archive me')).toBe(false);
  });

  it('marks read without expunging a message someone else flagged deleted', async () => {
    const uid = (await server.append('alice', 'INBOX', buildMessage({ subject: 'Read me' })))!;
    const uidValidity = await inboxValidity(other);
    await session.setSeen('INBOX', { kind: 'read', uids: [uid] }, uidValidity);
    const inbox = await flagsIn(other, 'INBOX');
    expect(inbox.get('Read me')).toEqual(['\\Seen']);
    expect(inbox.get('Flagged deleted elsewhere')).toEqual(['\\Deleted']);
  });
});
