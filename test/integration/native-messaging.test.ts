// The host in native-messaging mode, spoken to over stdio exactly as Chromium does, against a real Dovecot.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HostToExtension } from '../../lib/protocol';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { addDovecotAccount, makeConfigDir, runHost } from '../support/host';
import { buildMessage } from '../support/mail';
import { NativeClient } from '../support/native-client';

let server: DovecotServer;
let env: Awaited<ReturnType<typeof makeConfigDir>>;
let client: NativeClient | undefined;

beforeAll(async () => {
  server = await startDovecot();
  env = await makeConfigDir();
  await server.append('alice', 'INBOX', buildMessage({ subject: 'One' }));
  await server.append('alice', 'INBOX', buildMessage({ subject: 'Two' }));
  await addDovecotAccount(env, server, { name: 'Demo' });
});
afterAll(async () => {
  await server?.stop();
  await env?.remove();
});
afterEach(async () => {
  if (client) {
    // Every byte the host wrote must have been a valid frame carrying a valid message.
    for (const message of client.messages) expect(HostToExtension.safeParse(message).success, JSON.stringify(message)).toBe(true);
    client.kill();
    client = undefined;
  }
});

describe('native-messaging host', () => {
  it('answers hello with its version and pushes the account state and counts', async () => {
    client = new NativeClient(env);
    client.send({ type: 'hello', id: 'h1', extensionVersion: '0.1.0' });
    expect(await client.waitFor((m) => m.id === 'h1')).toMatchObject({ type: 'hello', hostVersion: expect.any(String), protocolVersion: 3 });
    expect(await client.waitFor((m) => m.type === 'folderCounts')).toMatchObject({ account: 'Demo', folders: [{ folder: 'INBOX', unseen: 2, total: 2 }] });
    client.send({ type: 'getState', id: 's1' });
    expect(await client.waitFor((m) => m.id === 's1')).toMatchObject({
      type: 'state',
      accounts: [{ name: 'Demo', user: 'alice', status: { state: 'ok' }, counts: [{ folder: 'INBOX', unseen: 2 }] }],
    });
  });

  it('pushes new counts when mail arrives', async () => {
    client = new NativeClient(env);
    await client.waitFor((m) => m.type === 'folderCounts');
    const before = client.messages.length;
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Three' }));
    const fresh = await client.waitFor((m) => m.type === 'folderCounts' && client!.messages.indexOf(m) >= before);
    expect(fresh).toMatchObject({ folders: [{ folder: 'INBOX', unseen: 3 }] });
  });

  it('answers a malformed request with a clear error naming the field, and keeps working', async () => {
    client = new NativeClient(env);
    client.send({ type: 'refresh', id: 'r1', account: 42 });
    expect(await client.waitFor((m) => m.id === 'r1')).toMatchObject({ type: 'error', problem: { code: 'BAD_MESSAGE', message: expect.stringContaining('account') } });
    client.send({ type: 'selfDestruct', id: 'x1' });
    expect(await client.waitFor((m) => m.id === 'x1')).toMatchObject({ type: 'error', problem: { code: 'UNKNOWN_REQUEST' } });
    client.writeRaw(Buffer.from('{oops'));
    await client.waitFor((m) => m.type === 'error' && JSON.stringify(m).includes('not valid JSON'));
    client.send({ type: 'refresh', id: 'r2', account: 'Nobody' });
    expect(await client.waitFor((m) => m.id === 'r2')).toMatchObject({ type: 'error', problem: { code: 'ACCOUNT_NOT_FOUND' } });
    client.send({ type: 'hello', id: 'h2', extensionVersion: '0.1.0' });
    await client.waitFor((m) => m.id === 'h2');
  });

  it('stops cleanly on a garbage frame length instead of reading 4 GB', async () => {
    client = new NativeClient(env);
    client.writeRaw(Buffer.alloc(0), 0xfffffff0);
    await client.waitFor((m) => m.type === 'error' && JSON.stringify(m).includes('exceeds'));
    expect(await client.exited).toBe(0);
  });

  it('exits when the browser closes stdin', async () => {
    client = new NativeClient(env);
    await client.waitFor((m) => m.type === 'folderCounts');
    expect(await client.close()).toBe(0);
  });

  it('picks up an account added while it runs, and never sends the password', async () => {
    client = new NativeClient(env);
    await client.waitFor((m) => m.type === 'folderCounts' && m.account === 'Demo');
    await addDovecotAccount(env, server, { name: 'Second' });
    expect(await client.waitFor((m) => m.type === 'folderCounts' && m.account === 'Second')).toMatchObject({ folders: [{ unseen: expect.any(Number) }] });
    expect(JSON.stringify(client.messages)).not.toContain('alice-secret');
    expect(client.stderr).not.toContain('alice-secret');
    await runHost(env, ['accounts', 'remove', 'Second']);
  });

  it('reports a rejected password as needing attention, without retrying in a loop', async () => {
    const other = await makeConfigDir();
    try {
      await addDovecotAccount(other, server, { name: 'Wrong', password: 'not-it' });
      client = new NativeClient(other);
      const status = await client.waitFor((m) => m.type === 'accountStatus' && (m.status as { state: string }).state === 'error');
      expect(status).toMatchObject({ account: 'Wrong', status: { problem: { code: 'AUTH_FAILED' } } });
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const attempts = client.messages.filter((m) => (m as { status?: { state?: string } }).status?.state === 'connecting');
      expect(attempts).toHaveLength(1);
      expect(JSON.stringify(client.messages)).not.toContain('not-it');
    } finally {
      await other.remove();
    }
  });

  it('adds, tests and removes an account sent by the options page, and takes it into use at once', async () => {
    const other = await makeConfigDir();
    try {
      client = new NativeClient(other);
      const account = { name: 'Added', host: server.host, port: server.imapsPort, security: 'tls', user: 'alice', folders: ['INBOX'] };
      client.send({ type: 'testAccount', id: 't1', settings: account, password: 'alice-secret' });
      expect(await client.waitFor((m) => m.id === 't1')).toMatchObject({ type: 'error', problem: { code: 'TLS_UNTRUSTED', fingerprint256: server.certFingerprint256 } });
      const pinned = { ...account, trustFingerprint: server.certFingerprint256 };
      client.send({ type: 'testAccount', id: 't2', settings: pinned, password: 'wrong' });
      expect(await client.waitFor((m) => m.id === 't2')).toMatchObject({ type: 'error', problem: { code: 'AUTH_FAILED' } });
      client.send({ type: 'testAccount', id: 't3', settings: pinned, password: 'alice-secret' });
      const tested = await client.waitFor<{ folders: { folder: string }[] }>((m) => m.id === 't3');
      expect(tested.folders.map((f) => f.folder)).toContain('INBOX');

      client.send({ type: 'saveAccount', id: 's1', settings: pinned, password: 'alice-secret' });
      expect(await client.waitFor((m) => m.id === 's1')).toMatchObject({ type: 'ok' });
      expect(await client.waitFor((m) => m.type === 'folderCounts' && m.account === 'Added')).toMatchObject({ folders: [{ folder: 'INBOX' }] });

      // A rename without a password keeps the stored one.
      client.send({ type: 'saveAccount', id: 's2', settings: { ...pinned, name: 'Renamed' }, previousName: 'Added' });
      expect(await client.waitFor((m) => m.id === 's2')).toMatchObject({ type: 'ok' });
      expect(await client.waitFor((m) => m.type === 'folderCounts' && m.account === 'Renamed')).toBeDefined();

      client.send({ type: 'removeAccount', id: 'r1', account: 'Renamed' });
      expect(await client.waitFor((m) => m.id === 'r1')).toMatchObject({ type: 'ok' });
      client.send({ type: 'getState', id: 'g1' });
      expect(await client.waitFor((m) => m.id === 'g1')).toMatchObject({ type: 'state', accounts: [] });
      expect(JSON.stringify(client.messages)).not.toContain('alice-secret');
      expect((await runHost(other, ['accounts', 'list', '--json'])).stdout.trim()).toBe('[]');
    } finally {
      await other.remove();
    }
  });

  it('marks a message read by UID and lists folders over the account session', async () => {
    client = new NativeClient(env);
    const counts = await client.waitFor<{ folders: { folder: string; unseen: number; uidValidity: string }[] }>((m) => m.type === 'folderCounts' && m.account === 'Demo');
    const previews = await client.waitFor<{ folder: string; uidValidity: string; previews: { uid: number }[] }>((m) => m.type === 'previews' && m.account === 'Demo');
    const inbox = counts.folders[0]!;
    expect(previews.folder).toBe('INBOX');
    const uid = previews.previews[0]!.uid;
    client.send({ type: 'markRead', id: 'm1', account: 'Demo', folder: 'INBOX', uidValidity: String(Number(inbox.uidValidity) + 1), uids: [uid] });
    expect(await client.waitFor((m) => m.id === 'm1')).toMatchObject({ type: 'error', problem: { code: 'UIDVALIDITY_CHANGED' } });
    client.send({ type: 'markRead', id: 'm2', account: 'Demo', folder: 'INBOX', uidValidity: inbox.uidValidity, uids: [uid] });
    expect(await client.waitFor((m) => m.id === 'm2')).toMatchObject({ type: 'ok' });
    await client.waitFor((m) => m.type === 'folderCounts' && (m.folders as { unseen: number }[])[0]!.unseen === inbox.unseen - 1);
    client.send({ type: 'markUnread', id: 'm3', account: 'Demo', folder: 'INBOX', uidValidity: inbox.uidValidity, uids: [uid] });
    expect(await client.waitFor((m) => m.id === 'm3')).toMatchObject({ type: 'ok' });
    client.send({ type: 'listFolders', id: 'l1', account: 'Demo' });
    expect(await client.waitFor((m) => m.id === 'l1')).toMatchObject({ type: 'folders', folders: expect.arrayContaining([expect.objectContaining({ folder: 'Sent', specialUse: '\\Sent' })]) });
  });
});

