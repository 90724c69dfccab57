// Checks the throwaway-Dovecot test harness (and the message builder) against a real Dovecot.
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect as netConnect, type TcpNetConnectOpts } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from './dovecot';
import { buildMessage } from './mail';

const TIMEOUT_MS = 30_000;
const ALICE = { user: 'alice', password: 'alice-secret' };
const BOB = { user: 'bob', password: 'bob-secret' };

/** Connects an imapflow client with the given overrides; resolves to the client or the error it failed with. */
async function tryConnect(options: ImapFlowOptions): Promise<{ client?: ImapFlow; error?: ImapFlowErrorLike }> {
  const client = new ImapFlow({ logger: false, ...options });
  try {
    await client.connect();
    return { client };
  } catch (error) {
    client.close();
    return { error: error as ImapFlowErrorLike };
  }
}

interface ImapFlowErrorLike extends Error {
  code?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  tlsFailed?: boolean;
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Linux only: pids whose command line mentions `needle`. */
async function processesMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(needle)) pids.push(Number(entry));
  }
  return pids;
}

describe('startDovecot', { timeout: TIMEOUT_MS }, () => {
  let server: DovecotServer;

  beforeAll(async () => {
    server = await startDovecot({ users: [ALICE, BOB] });
  }, TIMEOUT_MS);

  afterAll(async () => {
    await server?.stop();
  }, TIMEOUT_MS);

  it('starts a server on two loopback ports with a self-signed localhost certificate', async () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.imapPort).toBeGreaterThan(1024);
    expect(server.imapsPort).toBeGreaterThan(1024);
    expect(server.imapPort).not.toBe(server.imapsPort);
    expect(existsSync(server.rootDir)).toBe(true);
    expect(server.users).toEqual([ALICE, BOB]);

    const cert = new X509Certificate(server.certPem);
    expect(cert.subject).toContain('CN=localhost');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(server.certFingerprint256).toBe(cert.fingerprint256);
    expect(server.certFingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('counts unseen messages in STATUS INBOX after three appends', async () => {
    const uids: Array<number | undefined> = [];
    for (const subject of ['one', 'two', 'three']) {
      uids.push(await server.append(BOB.user, 'INBOX', buildMessage({ to: 'bob@example.test', subject })));
    }
    expect(uids).toEqual([1, 2, 3]);

    const client = await server.connect(BOB.user);
    try {
      expect(await client.status('INBOX', { messages: true, unseen: true })).toMatchObject({ messages: 3, unseen: 3 });
      await server.append(BOB.user, 'INBOX', buildMessage({ subject: 'already read' }), ['\\Seen']);
      expect(await client.status('INBOX', { messages: true, unseen: true })).toMatchObject({ messages: 4, unseen: 3 });
    } finally {
      await client.logout();
    }
  });

  it('upgrades the plain port with STARTTLS when imapflow is given doSTARTTLS: true', async () => {
    const { client, error } = await tryConnect({
      host: server.host,
      port: server.imapPort,
      secure: false,
      doSTARTTLS: true,
      auth: { user: ALICE.user, pass: ALICE.password },
      tls: { ca: [server.certPem], servername: 'localhost' },
    });
    expect(error).toBeUndefined();
    try {
      expect(client?.secureConnection).toBe(true);
      expect(client?.tls).toMatchObject({ authorized: true });
      expect(client?.usable).toBe(true);
    } finally {
      await client?.logout();
    }
  });

  it('rejects a wrong password as an authentication failure', async () => {
    const { client, error } = await tryConnect({
      host: server.host,
      port: server.imapsPort,
      secure: true,
      auth: { user: ALICE.user, pass: 'wrong-password' },
      tls: { ca: [server.certPem], servername: 'localhost' },
    });
    expect(client).toBeUndefined();
    expect(error).toMatchObject({
      authenticationFailed: true,
      serverResponseCode: 'AUTHENTICATIONFAILED',
      responseText: 'Authentication failed.',
    });
  });

  it('does not slow down later logins after failed ones (no anvil auth penalty)', async () => {
    for (let i = 0; i < 3; i++) {
      const { error } = await tryConnect({
        host: server.host,
        port: server.imapsPort,
        secure: true,
        auth: { user: ALICE.user, pass: `wrong-${i}` },
        tls: { ca: [server.certPem], servername: 'localhost' },
      });
      expect(error?.authenticationFailed).toBe(true);
    }
    const started = Date.now();
    const client = await server.connect(ALICE.user);
    await client.logout();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a client that does not trust the test certificate', async () => {
    for (const port of [server.imapsPort, server.imapPort]) {
      const { client, error } = await tryConnect({
        host: server.host,
        port,
        secure: port === server.imapsPort,
        doSTARTTLS: port === server.imapPort ? true : undefined,
        auth: { user: ALICE.user, pass: ALICE.password },
      });
      expect(client).toBeUndefined();
      expect(error?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    }
  });

  it('refuses a certificate that does not match the requested server name', async () => {
    const { error } = await tryConnect({
      host: server.host,
      port: server.imapsPort,
      secure: true,
      auth: { user: ALICE.user, pass: ALICE.password },
      tls: { ca: [server.certPem], servername: 'mail.example.com' },
    });
    expect(error?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  // Dovecot counts a connection whose remote and local IP are equal as "secured" and then allows
  // plaintext LOGIN despite disable_plaintext_auth; from another loopback address it does not.
  // imapflow hands `tls` options to net.connect for plain sockets too, so this picks the source address.
  const fromOtherLoopbackAddress: ConnectionOptions & Pick<TcpNetConnectOpts, 'localAddress'> = { localAddress: '127.0.0.2' };
  it.skipIf(process.platform !== 'linux')('refuses plaintext LOGIN without TLS from a non-local source address', async () => {
    const { client, error } = await tryConnect({
      host: server.host,
      port: server.imapPort,
      secure: false,
      doSTARTTLS: false,
      auth: { user: ALICE.user, pass: ALICE.password },
      tls: fromOtherLoopbackAddress,
    });
    expect(client).toBeUndefined();
    expect(error).toMatchObject({ authenticationFailed: true, message: 'Login is disabled' });
  });

  it('lists the special-use folders and creates folders with non-ASCII names', async () => {
    await server.createFolder(ALICE.user, 'Работа');
    await server.createFolder(ALICE.user, 'Rechnungen.Ärger & Co');
    const uid = await server.append(ALICE.user, 'Работа', buildMessage({ subject: 'in a folder' }));
    expect(uid).toBe(1);

    const client = await server.connect(ALICE.user);
    try {
      const folders = await client.list();
      const specialUse = Object.fromEntries(folders.filter((f) => f.specialUse).map((f) => [f.specialUse, f.path]));
      expect(specialUse).toEqual({ '\\Inbox': 'INBOX', '\\Drafts': 'Drafts', '\\Sent': 'Sent', '\\Trash': 'Trash', '\\Junk': 'Junk' });
      expect(folders.map((f) => f.path)).toEqual(expect.arrayContaining(['Работа', 'Rechnungen', 'Rechnungen.Ärger & Co']));
      expect(folders.find((f) => f.path === 'INBOX')?.delimiter).toBe('.');
      expect(await client.status('Работа', { messages: true })).toMatchObject({ messages: 1 });
    } finally {
      await client.logout();
    }
  });

  it('stores a message built by buildMessage with non-ASCII subject, sender and body intact', async () => {
    const body = `Grüße aus Köln – ${'long line '.repeat(20)}\nzweite Zeile 😀`;
    const message = buildMessage({
      from: 'Jürgen Müller <juergen@example.test>',
      subject: 'Über Ärger und Öl — ein sehr langer Betreff, der in mehrere encoded-words geteilt wird',
      body,
      date: new Date('2024-02-29T12:34:56Z'),
      messageId: '<fixed-id@example.test>',
      headers: { 'X-Mailbadge-Test': 'yes' },
    });
    expect(message).not.toMatch(/[^\r]\n/);
    expect(message.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    expect(/^[\x00-\x7f]*$/.test(message)).toBe(true);

    const uid = await server.append(ALICE.user, 'INBOX', message);
    const client = await server.connect(ALICE.user);
    try {
      await client.mailboxOpen('INBOX');
      const fetched = await client.fetchOne(String(uid), { envelope: true, headers: ['x-mailbadge-test'] }, { uid: true });
      expect(fetched && fetched.envelope).toMatchObject({
        subject: 'Über Ärger und Öl — ein sehr langer Betreff, der in mehrere encoded-words geteilt wird',
        messageId: '<fixed-id@example.test>',
        from: [{ name: 'Jürgen Müller', address: 'juergen@example.test' }],
        to: [{ address: 'alice@example.test' }],
      });
      expect(new Date(fetched ? (fetched.envelope?.date ?? 0) : 0).toISOString()).toBe('2024-02-29T12:34:56.000Z');
      expect(fetched && fetched.headers?.toString()).toContain('X-Mailbadge-Test: yes');

      const { content } = await client.download(String(uid), '1', { uid: true });
      expect(content).toBeDefined();
      const chunks: Buffer[] = [];
      for await (const chunk of content ?? []) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString('utf8').replace(/\r\n/g, '\n').trimEnd()).toBe(body);
    } finally {
      await client.logout();
    }
  });
  it('forces a rotation of the list index log and of INBOX\'s index log, changing no count', async () => {
    await server.append(BOB.user, 'INBOX', buildMessage({ subject: 'Counted before and after' }));
    const counts = async () => {
      const client = await server.connect(BOB.user);
      try {
        return await client.status('INBOX', { messages: true, unseen: true });
      } finally {
        await client.logout();
      }
    };
    const before = await counts();
    const maildir = join(server.rootDir, 'home', BOB.user, 'Maildir');
    for (const [which, log] of [['list', 'dovecot.list.index.log'], ['INBOX', 'dovecot.index.log']] as const) {
      expect(existsSync(join(maildir, `${log}.2`)), log).toBe(false);
      const { toggles } = await server.forceIndexLogRotation(BOB.user, which);
      expect(toggles).toBeGreaterThan(0);
      // Rotation keeps the old log as .2 and puts a fresh one under the name.
      expect(existsSync(join(maildir, `${log}.2`)), log).toBe(true);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('two Dovecot servers at the same time', { timeout: TIMEOUT_MS }, () => {
  let first: DovecotServer;
  let second: DovecotServer;

  beforeAll(async () => {
    [first, second] = await Promise.all([
      startDovecot(),
      startDovecot({ imapCapability: 'IMAP4rev1 SASL-IR LITERAL+ UIDPLUS SPECIAL-USE' }),
    ]);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  }, TIMEOUT_MS);

  it('gives each server its own ports, directory, certificate and mailboxes', async () => {
    expect(new Set([first.imapPort, first.imapsPort, second.imapPort, second.imapsPort]).size).toBe(4);
    expect(first.rootDir).not.toBe(second.rootDir);
    expect(first.certFingerprint256).not.toBe(second.certFingerprint256);

    await first.append('alice', 'INBOX', buildMessage({ subject: 'only on the first' }));
    const [a, b] = await Promise.all([first.connect('alice'), second.connect('alice')]);
    try {
      expect(await a.status('INBOX', { messages: true })).toMatchObject({ messages: 1 });
      expect(await b.status('INBOX', { messages: true })).toMatchObject({ messages: 0 });
    } finally {
      await Promise.all([a.logout(), b.logout()]);
    }
  });

  it('rejects the other server certificate as a CA (the ca option really verifies)', async () => {
    const { client, error } = await tryConnect({
      host: first.host,
      port: first.imapsPort,
      secure: true,
      auth: { user: 'alice', pass: 'alice-secret' },
      tls: { ca: [second.certPem], servername: 'localhost' },
    });
    expect(client).toBeUndefined();
    expect(error?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('writes imapCapability into the config, replacing the post-login capabilities', async () => {
    const [a, b] = await Promise.all([first.connect('alice'), second.connect('alice')]);
    try {
      expect(a.capabilities.has('IDLE')).toBe(true);
      expect(a.capabilities.has('NOTIFY')).toBe(true);
      expect(b.capabilities.has('IDLE')).toBe(false);
      expect(b.capabilities.has('NOTIFY')).toBe(false);
      expect(b.capabilities.has('UIDPLUS')).toBe(true);
    } finally {
      await Promise.all([a.logout(), b.logout()]);
    }
  });
});

describe('stopping and failing', { timeout: TIMEOUT_MS }, () => {
  it('stop() ends every Dovecot process, closes the ports, removes rootDir and can be called twice', async () => {
    const server = await startDovecot();
    const client = await server.connect('alice');
    expect(await portAcceptsConnections(server.imapsPort)).toBe(true);

    await server.stop();
    await server.stop();

    expect(existsSync(server.rootDir)).toBe(false);
    expect(await portAcceptsConnections(server.imapPort)).toBe(false);
    expect(await portAcceptsConnections(server.imapsPort)).toBe(false);
    if (process.platform === 'linux') expect(await processesMentioning(server.rootDir)).toEqual([]);
    client.close();
  });

  it('rejects with the reason and the last log lines when Dovecot cannot start', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'mailbadge-fake-dovecot-'));
    try {
      const fakeBinary = join(scratch, 'dovecot');
      await writeFile(fakeBinary, '#!/bin/sh\necho "Fatal: simulated configuration error" >&2\nexit 89\n');
      await chmod(fakeBinary, 0o755);
      const failure = startDovecot({ binary: fakeBinary });
      await expect(failure).rejects.toThrow(/Dovecot did not start: dovecot exited during startup \(code 89/);
      await expect(failure).rejects.toThrow(/Fatal: simulated configuration error/);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
