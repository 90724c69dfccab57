// Watching many folders against a real Dovecot: NOTIFY on one connection, IDLE + polling, polling alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countConnectionsTo } from '../support/connections';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { buildMessage } from '../support/mail';
import { latestCount, startWatchSession, until, type Recorder } from '../support/watch-session';

const FOLDERS = ['INBOX', ...Array.from({ length: 16 }, (_, i) => `Folder${String(i + 1).padStart(2, '0')}`), 'Zürich', 'Projekte.Alpha', '日本語'];

/** Post-login capabilities of Dovecot 2.3.19 minus NOTIFY (and minus IDLE for the polling case). */
async function capabilitiesWithout(server: DovecotServer, ...drop: string[]): Promise<string> {
  const client = await server.connect('alice');
  const caps = [...client.capabilities.keys()].filter((cap) => !drop.includes(cap));
  await client.logout();
  return ['IMAP4rev1', ...caps.filter((cap) => cap !== 'IMAP4REV1')].join(' ');
}

function startSession(server: DovecotServer, pollIntervalMs = 60_000) {
  return startWatchSession(server, { folders: FOLDERS, tuning: { pollIntervalMs } });
}

function latestUnseen(seen: Recorder, folder: string): number | undefined {
  return latestCount(seen, folder)?.unseen;
}

async function createFolders(server: DovecotServer): Promise<void> {
  for (const folder of FOLDERS.filter((f) => f !== 'INBOX')) await server.createFolder('alice', folder);
}

/** Appends one message to every folder and checks each is reported with the new count. */
async function expectEveryFolderReported(server: DovecotServer, seen: Recorder, timeoutMs: number): Promise<void> {
  for (const folder of FOLDERS) {
    const before = latestUnseen(seen, folder) ?? 0;
    await server.append('alice', folder, buildMessage({ subject: `New in ${folder}` }));
    await until(() => (latestUnseen(seen, folder) ?? 0) > before, timeoutMs, `a count update for ${folder}`);
  }
}

describe('with NOTIFY', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot();
    await createFolders(server);
  });
  afterAll(async () => server?.stop());

  it('reports a message appended to any of 20 folders, on exactly one IMAP connection', async () => {
    const { session, seen } = startSession(server);
    try {
      await until(() => seen.states.includes('ok'), 10_000, 'connected');
      expect(session.watchStrategy?.kind).toBe('notify');
      expect(await countConnectionsTo(server.imapsPort)).toBe(1);
      await expectEveryFolderReported(server, seen, 3_000);
      expect(latestUnseen(seen, 'Zürich')).toBe(1);
      expect(latestUnseen(seen, '日本語')).toBe(1);
      expect(await countConnectionsTo(server.imapsPort)).toBe(1);
    } finally {
      await session.stop();
    }
  });

  it('sends previews for the folder that changed, without marking anything read', async () => {
    const { session, seen } = startSession(server);
    try {
      await until(() => seen.states.includes('ok'), 10_000, 'connected');
      await server.append('alice', 'Projekte.Alpha', buildMessage({ subject: 'Quarterly figures', from: 'Grace Hopper <grace@example.test>' }));
      const event = await until(
        () => seen.previews.find((p) => p.folders.folder === 'Projekte.Alpha' && p.folders.previews.some((m) => m.subject === 'Quarterly figures')),
        3_000,
        'previews of Projekte.Alpha',
      );
      expect(event.folders.previews[0]).toMatchObject({ subject: 'Quarterly figures', from: 'Grace Hopper', seen: false });
      const other = await server.connect('alice');
      const status = await other.status('Projekte.Alpha', { unseen: true, messages: true });
      expect(status && status.unseen).toBe(2);
      await other.logout();
    } finally {
      await session.stop();
    }
  });

  it('sees a message marked read in another session (the server is the truth)', async () => {
    const { session, seen } = startSession(server);
    try {
      await until(() => seen.states.includes('ok') && latestUnseen(seen, 'INBOX'), 10_000, 'INBOX counted');
      const before = latestUnseen(seen, 'INBOX')!;
      const other = await server.connect('alice');
      const lock = await other.getMailboxLock('INBOX');
      await other.messageFlagsAdd({ seen: false }, ['\\Seen']);
      lock.release();
      await other.logout();
      await until(() => latestUnseen(seen, 'INBOX') === 0, 3_000, 'INBOX unseen to drop to 0');
      expect(before).toBeGreaterThan(0);
    } finally {
      await session.stop();
    }
  });

  it('marks read and unread through the session, refusing a stale UIDVALIDITY', async () => {
    const uid = await server.append('alice', 'Folder05', buildMessage({ subject: 'Mark me' }));
    const { session, seen } = startSession(server);
    try {
      await until(() => seen.states.includes('ok') && latestUnseen(seen, 'Folder05'), 10_000, 'Folder05 counted');
      const uidValidity = seen.counts.at(-1)!.folders.find((f) => f.folder === 'Folder05')!.uidValidity!;
      const before = latestUnseen(seen, 'Folder05')!;
      await expect(session.setSeen('Folder05', { kind: 'read', uids: [uid!] }, String(Number(uidValidity) + 1))).rejects.toMatchObject({ code: 'UIDVALIDITY_CHANGED' });
      expect(latestUnseen(seen, 'Folder05')).toBe(before);

      await session.setSeen('Folder05', { kind: 'read', uids: [uid!] }, uidValidity);
      await until(() => latestUnseen(seen, 'Folder05') === before - 1, 3_000, 'count after mark read');
      const other = await server.connect('alice');
      const lock = await other.getMailboxLock('Folder05', { readOnly: true });
      const message = await other.fetchOne(String(uid), { flags: true }, { uid: true });
      lock.release();
      await other.logout();
      expect(message && message.flags?.has('\\Seen')).toBe(true);

      await session.setSeen('Folder05', { kind: 'unread', uids: [uid!] }, uidValidity);
      await until(() => latestUnseen(seen, 'Folder05') === before, 3_000, 'count after mark unread');
      await session.setSeen('Folder05', { kind: 'all-read' }, uidValidity);
      await until(() => latestUnseen(seen, 'Folder05') === 0, 3_000, 'count after mark all read');
    } finally {
      await session.stop();
    }
  });

  it('lists folders with decoded names, subscriptions and special-use roles', async () => {
    const { session, seen } = startSession(server);
    try {
      await until(() => seen.states.includes('ok'), 10_000, 'connected');
      const { folders, total } = await session.folderList();
      expect(total).toBe(folders.length);
      const byName = new Map(folders.map((f) => [f.folder, f]));
      expect(byName.get('Zürich')).toMatchObject({ name: 'Zürich', delimiter: '.', selectable: true });
      expect(byName.get('日本語')).toBeDefined();
      expect(byName.get('Projekte.Alpha')).toMatchObject({ name: 'Alpha' });
      expect(byName.get('Sent')).toMatchObject({ specialUse: '\\Sent', subscribed: true });
      expect(byName.get('Trash')).toMatchObject({ specialUse: '\\Trash' });
    } finally {
      await session.stop();
    }
  });
});

describe('without NOTIFY', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    const probe = await startDovecot();
    const caps = await capabilitiesWithout(probe, 'NOTIFY');
    await probe.stop();
    server = await startDovecot({ imapCapability: caps });
    await createFolders(server);
  });
  afterAll(async () => server?.stop());

  it('IDLEs on INBOX and polls the others, still reporting every folder', async () => {
    const { session, seen } = startSession(server, 300);
    try {
      await until(() => seen.states.includes('ok'), 10_000, 'connected');
      expect(session.watchStrategy).toMatchObject({ kind: 'idle', idleFolder: 'INBOX', poll: 'list-status' });
      await expectEveryFolderReported(server, seen, 3_000);
      expect(await countConnectionsTo(server.imapsPort)).toBe(1);
    } finally {
      await session.stop();
    }
  });
});

describe('without NOTIFY or IDLE', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    const probe = await startDovecot();
    const caps = await capabilitiesWithout(probe, 'NOTIFY', 'IDLE');
    await probe.stop();
    server = await startDovecot({ imapCapability: caps });
    await createFolders(server);
  });
  afterAll(async () => server?.stop());

  it('keeps INBOX selected for NOOP, polls every other folder, and still reports each new message', async () => {
    const { session, seen } = startSession(server, 300);
    try {
      await until(() => seen.states.includes('ok'), 10_000, 'connected');
      expect(session.watchStrategy).toMatchObject({ kind: 'poll', noopFolder: 'INBOX', poll: 'list-status' });
      await expectEveryFolderReported(server, seen, 3_000);
    } finally {
      await session.stop();
    }
  });

  it('re-counts every folder at once on refresh (the popup opening), long before the next poll', async () => {
    const { session, seen } = startSession(server, 10 * 60_000);
    try {
      await until(() => seen.states.includes('ok') && latestUnseen(seen, 'Folder09') !== undefined, 10_000, 'the first counts');
      const before = latestUnseen(seen, 'Folder09')!;
      await server.append('alice', 'Folder09', buildMessage({ subject: 'Seen when the popup opens' }));
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      // Polled every 10 minutes here: nothing can have told the session yet.
      expect(latestUnseen(seen, 'Folder09')).toBe(before);
      const refreshedAt = Date.now();
      session.refresh();
      await until(() => latestUnseen(seen, 'Folder09') === before + 1, 5_000, 'the count after refresh');
      expect(seen.counts.at(-1)!.at - refreshedAt).toBeLessThanOrEqual(2_000);
    } finally {
      await session.stop();
    }
  });
});

describe('without NOTIFY or LIST-STATUS', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    const probe = await startDovecot();
    const caps = await capabilitiesWithout(probe, 'NOTIFY', 'LIST-STATUS');
    await probe.stop();
    server = await startDovecot({ imapCapability: caps });
    await createFolders(server);
  });
  afterAll(async () => server?.stop());

  it('IDLEs on INBOX and polls the others with pipelined STATUS, still reporting every folder', async () => {
    const { session, seen } = startSession(server, 300);
    try {
      await until(() => seen.states.includes('ok'), 10_000, 'connected');
      expect(session.watchStrategy).toMatchObject({ kind: 'idle', idleFolder: 'INBOX', poll: 'status' });
      await expectEveryFolderReported(server, seen, 3_000);
      expect(seen.counts.at(-1)!.folders.every((f) => !f.problem)).toBe(true);
    } finally {
      await session.stop();
    }
  });
});

