// `check --json` and account management against a real Dovecot: counts, wrong password, certificate trust, STARTTLS.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { addDovecotAccount, makeConfigDir, runHost, type HostEnv } from '../support/host';
import { buildMessage } from '../support/mail';

let server: DovecotServer;
let env: HostEnv & { remove(): Promise<void> };

beforeAll(async () => {
  server = await startDovecot({ users: [{ user: 'alice', password: 'alice-secret' }, { user: 'bob', password: 'bob-secret' }] });
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await env?.remove();
  env = await makeConfigDir();
});

interface CheckJson {
  account: string;
  folders: { path: string; unseen: number; total: number }[];
  previews: unknown[];
}

async function checkJson(name = 'Test'): Promise<CheckJson> {
  const result = await runHost(env, ['check', name, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as CheckJson;
}

describe('host check against Dovecot', () => {
  it('reports unseen and total of INBOX, and follows new APPENDs', async () => {
    await addDovecotAccount(env, server, { user: 'bob' });
    expect((await checkJson()).folders).toEqual([{ path: 'INBOX', unseen: 0, total: 0 }]);

    for (let i = 0; i < 3; i++) await server.append('bob', 'INBOX', buildMessage({ subject: `Unseen ${i}` }));
    await server.append('bob', 'INBOX', buildMessage({ subject: 'Already read' }), ['\\Seen']);
    const after = await checkJson();
    expect(after.account).toBe('Test');
    expect(after.folders).toEqual([{ path: 'INBOX', unseen: 3, total: 4 }]);
    // Previews of the unseen messages only, newest first, in the shape design.md promises.
    expect(after.previews.map((p) => (p as { subject: string }).subject)).toEqual(['Unseen 2', 'Unseen 1', 'Unseen 0']);
    expect(Object.keys(after.previews[0] as object).sort()).toEqual(['date', 'folder', 'from', 'snippet', 'subject', 'uid']);
  });

  it('counts every watched folder and reports a missing one without failing the others', async () => {
    await server.createFolder('alice', 'Lists');
    await server.append('alice', 'Lists', buildMessage({ subject: 'List mail' }));
    await addDovecotAccount(env, server, { folders: ['INBOX', 'Lists', 'Nope'] });
    const result = await checkJson();
    expect(result.folders[1]).toEqual({ path: 'Lists', unseen: 1, total: 1 });
    expect(result.folders[2]).toMatchObject({ path: 'Nope', unseen: 0, total: 0, problem: { code: 'FOLDER_NOT_FOUND' } });
  });

  it('works over STARTTLS on the plain port', async () => {
    await addDovecotAccount(env, server, { security: 'starttls', user: 'bob' });
    const result = await checkJson();
    expect(result.folders[0]!.path).toBe('INBOX');
  });

  it('says the password was rejected, exits non-zero and never prints the password', async () => {
    await addDovecotAccount(env, server, { password: 'wrong-horse-battery' });
    const result = await runHost(env, ['check', 'Test', '--json']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/rejected the password for alice/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr + result.stdout).not.toContain('wrong-horse-battery');
  });

  it('refuses a self-signed certificate that is not trusted, naming its fingerprint', async () => {
    await addDovecotAccount(env, server, { trustFingerprint: false });
    const result = await runHost(env, ['check', 'Test']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('is not trusted');
    expect(result.stderr).toContain(server.certFingerprint256);
    expect(result.stderr).toContain('--trust-fingerprint');
  });

  it('refuses an untrusted certificate over STARTTLS too, before sending the password', async () => {
    await addDovecotAccount(env, server, { trustFingerprint: false, security: 'starttls' });
    const result = await runHost(env, ['check', 'Test']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(server.certFingerprint256);
  });

  it('refuses a pinned fingerprint that does not match the server certificate', async () => {
    await addDovecotAccount(env, server, { trustFingerprint: 'AB:'.repeat(31) + 'AB' });
    const result = await runHost(env, ['check', 'Test']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/changed since you trusted it/);
    expect(result.stderr).toContain(server.certFingerprint256);
  });

  it('says clearly when nothing listens on the port', async () => {
    const config = { ...server, imapsPort: 1 };
    await addDovecotAccount(env, config);
    const result = await runHost(env, ['check', 'Test']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Cannot reach 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
  });
});

describe('host accounts', () => {
  it('adds, lists and removes an account; the password is only in the 0600 secrets file', async () => {
    await addDovecotAccount(env, server, { name: 'Work' });
    const listed = await runHost(env, ['accounts', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'Work', host: server.host, port: server.imapsPort, security: 'tls', user: 'alice', folders: ['INBOX'] }]);
    expect(listed.stdout).not.toContain('alice-secret');

    const config = await readFile(join(env.configDir, 'config.json'), 'utf8');
    expect(config).not.toContain('alice-secret');
    expect((await stat(join(env.configDir, 'config.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(env.configDir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(env.configDir, 'secrets.json'), 'utf8')).toContain('alice-secret');

    const removed = await runHost(env, ['accounts', 'remove', 'Work']);
    expect(removed.code).toBe(0);
    expect(JSON.parse((await runHost(env, ['accounts', 'list', '--json'])).stdout)).toEqual([]);
    expect(await readFile(join(env.configDir, 'secrets.json'), 'utf8')).not.toContain('alice-secret');
  });

  it('refuses a password given as an argument and a bad port, with a usage line', async () => {
    const noStdin = await runHost(env, ['accounts', 'add', '--name', 'X', '--host', 'h', '--security', 'tls', '--user', 'u']);
    expect(noStdin.code).not.toBe(0);
    expect(noStdin.stderr).toMatch(/--password-stdin/);
    const badPort = await runHost(env, ['accounts', 'add', '--name', 'X', '--host', 'h', '--port', '99999', '--security', 'tls', '--user', 'u', '--password-stdin'], 'pw');
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr).toMatch(/Invalid port/);
    const plaintext = await runHost(env, ['accounts', 'add', '--name', 'X', '--host', 'h', '--security', 'none', '--user', 'u', '--password-stdin'], 'pw');
    expect(plaintext.code).not.toBe(0);
    expect(plaintext.stderr).toMatch(/Invalid security/);
  });

  it('names the known accounts when asked to check an unknown one', async () => {
    await addDovecotAccount(env, server, { name: 'Work' });
    const result = await runHost(env, ['check', 'Home']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/no account named "Home" \(known: Work\)/);
  });

  it('reports a damaged config file with its path instead of crashing', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(env.configDir, 'config.json'), '{"version":1,"accounts":[{"name":""}]}');
    const result = await runHost(env, ['accounts', 'list']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(join(env.configDir, 'config.json'));
  });
});
