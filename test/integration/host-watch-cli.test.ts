// The host's `watch --json` and `mark-*` commands against a real Dovecot, and recovery after the network drops.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { addDovecotAccount, hostEnvironment, makeConfigDir, runHost } from '../support/host';
import { buildMessage } from '../support/mail';
import { HOST_BUNDLE } from '../support/paths';
import { startTcpMeter, type TcpMeter } from '../support/tcp-relay';

interface WatchLine {
  type: 'counts' | 'previews';
  account: string;
  folder: string;
  unseen?: number;
  total?: number;
  uidValidity?: string;
  previews?: { uid: number; subject: string }[];
  at: string;
}

let server: DovecotServer;
let relay: TcpMeter;
let env: Awaited<ReturnType<typeof makeConfigDir>>;
let watcher: { child: ChildProcessWithoutNullStreams; lines: WatchLine[]; stderr: string } | undefined;

beforeAll(async () => {
  server = await startDovecot();
  await server.createFolder('alice', 'Lists');
  await server.append('alice', 'INBOX', buildMessage({ subject: 'First' }));
  relay = await startTcpMeter(server.host, server.imapsPort);
  env = await makeConfigDir();
  // Through the relay, so a test can cut the connection as a network failure would.
  await addDovecotAccount(env, { ...server, imapsPort: relay.port }, { name: 'Home', folders: ['INBOX', 'Lists'] });
});
afterEach(() => {
  watcher?.child.kill('SIGTERM');
  watcher = undefined;
});
afterAll(async () => {
  await relay?.close();
  await server?.stop();
  await env?.remove();
});

function startWatch(): NonNullable<typeof watcher> {
  const child = spawn(process.execPath, [HOST_BUNDLE, 'watch', 'Home', '--json'], { env: hostEnvironment(env) });
  const started = { child, lines: [] as WatchLine[], stderr: '' };
  createInterface({ input: child.stdout }).on('line', (line) => started.lines.push(JSON.parse(line) as WatchLine));
  child.stderr.on('data', (chunk: Buffer) => (started.stderr += chunk.toString()));
  watcher = started;
  return started;
}

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const lastCounts = (lines: WatchLine[], folder: string) => lines.filter((l) => l.type === 'counts' && l.folder === folder).at(-1);

describe('host watch --json', () => {
  it('prints a counts line per folder, then one per change, and previews of the new mail', async () => {
    const watch = startWatch();
    await until(() => lastCounts(watch.lines, 'Lists'), 'first counts of Lists');
    expect(lastCounts(watch.lines, 'INBOX')).toMatchObject({ type: 'counts', account: 'Home', folder: 'INBOX', unseen: 1, total: 1 });
    await server.append('alice', 'Lists', buildMessage({ subject: 'Weekly digest' }));
    await until(() => (lastCounts(watch.lines, 'Lists')?.unseen === 1 ? true : undefined), 'a counts line for Lists');
    const previews = await until(() => watch.lines.find((l) => l.type === 'previews' && l.folder === 'Lists' && l.previews?.length), 'previews of Lists');
    expect(previews.previews![0]).toMatchObject({ subject: 'Weekly digest' });
    expect(Date.parse(previews.at)).not.toBeNaN();
  });

  it('reconnects by itself after the network drops, and reports what arrived meanwhile', async () => {
    const watch = startWatch();
    await until(() => lastCounts(watch.lines, 'INBOX'), 'first counts');
    const before = lastCounts(watch.lines, 'INBOX')!.total!;
    relay.dropAll();
    await until(() => (/offline/.test(watch.stderr) ? true : undefined), 'the session to say it is offline');
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Sent while offline' }));
    await until(() => (lastCounts(watch.lines, 'INBOX')!.total === before + 1 ? true : undefined), 'the new count after reconnecting', 10_000);
  });
});

describe('host mark-read / mark-unread / mark-all-read', () => {
  async function flagsOf(folder: string, uid: number): Promise<Set<string>> {
    const client = await server.connect('alice');
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
      return message ? (message.flags ?? new Set()) : new Set();
    } finally {
      lock.release();
      await client.logout();
    }
  }

  it('changes \\Seen by UID, and refuses (changing nothing) when UIDVALIDITY differs', async () => {
    const uid = (await server.append('alice', 'INBOX', buildMessage({ subject: 'Mark me from the CLI' })))!;
    const check = JSON.parse((await runHost(env, ['check', 'Home', '--json'])).stdout) as { folders: { path: string }[] };
    expect(check.folders[0]!.path).toBe('INBOX');
    const client = await server.connect('alice');
    const status = await client.status('INBOX', { uidValidity: true });
    await client.logout();
    const uidValidity = String(status && status.uidValidity);

    const refused = await runHost(env, ['mark-read', 'Home', 'INBOX', String(uid), '--uidvalidity', String(Number(uidValidity) + 1)]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/rebuilt on the server.*nothing was changed/);
    expect((await flagsOf('INBOX', uid)).has('\\Seen')).toBe(false);

    expect((await runHost(env, ['mark-read', 'Home', 'INBOX', String(uid), '--uidvalidity', uidValidity])).code).toBe(0);
    expect((await flagsOf('INBOX', uid)).has('\\Seen')).toBe(true);
    expect((await runHost(env, ['mark-unread', 'Home', 'INBOX', String(uid)])).code).toBe(0);
    expect((await flagsOf('INBOX', uid)).has('\\Seen')).toBe(false);
    expect((await runHost(env, ['mark-all-read', 'Home', 'INBOX'])).code).toBe(0);
    const after = await server.connect('alice');
    const unseen = await after.status('INBOX', { unseen: true });
    await after.logout();
    expect(unseen && unseen.unseen).toBe(0);
  });

  it('rejects UIDs that are not positive whole numbers in decimal, with the usage', async () => {
    for (const uid of ['abc', '0x2', '1e3', '+4', '2.0', ' 5', '0', '4294967296']) {
      const result = await runHost(env, ['mark-read', 'Home', 'INBOX', uid]);
      expect(result.code, uid).not.toBe(0);
      expect(result.stderr, uid).toMatch(/^mailbadge: .*Usage: mark-read ACCOUNT FOLDER UID/);
    }
  });

  it('reports a missing folder, or a name with CR/LF, as FOLDER_NOT_FOUND in one line', async () => {
    for (const folder of ['No such folder', 'INBOX\r\nA1 LOGOUT']) {
      const result = await runHost(env, ['mark-read', 'Home', folder, '1']);
      expect(result.code, folder).not.toBe(0);
      expect(result.stderr.trimEnd().split('\n'), folder).toHaveLength(1);
      expect(result.stderr, folder).toMatch(/^mailbadge: Folder ".*" does not exist on the server/);
    }
  });

  it('says which UIDs do not exist instead of claiming to have marked them, and fails', async () => {
    const uid = (await server.append('alice', 'INBOX', buildMessage({ subject: 'One that exists' })))!;
    const missing = uid + 1000;
    const result = await runHost(env, ['mark-read', 'Home', 'INBOX', String(uid), String(missing)]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^mailbadge: Marked 1 of 2 message\\(s\\) in INBOX as read; UID ${missing} does not exist there`));
    expect((await flagsOf('INBOX', uid)).has('\\Seen')).toBe(true);
  });
});
