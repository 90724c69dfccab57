// OAuth2 from the command line against real components: the test authorization server (PKCE, rotating refresh
// tokens, introspection) and a Dovecot whose oauth2 passdb checks every bearer token there.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { makeConfigDir, runHost } from '../support/host';
import { buildMessage } from '../support/mail';
import { addOAuthAccount, writeProviders } from '../support/oauth-host';
import { startOAuthServer, type MockOAuthServer } from '../support/oauth-server';
import { approveSignIn } from '../support/sign-in-browser';

let oauth: MockOAuthServer;
let server: DovecotServer;
let env: Awaited<ReturnType<typeof makeConfigDir>>;

beforeAll(async () => {
  oauth = await startOAuthServer();
  server = await startDovecot({
    users: [{ user: 'alice', password: 'alice-secret' }, { user: 'bob', password: 'bob-secret' }],
    oauth2: { introspectionUrl: oauth.introspectionUrl },
  });
  env = await makeConfigDir();
  await writeProviders(env, oauth, server, ['testidp', 'postidp']);
  // The second provider returns the code by form_post, as the built-in Microsoft entry asks for.
  const providers = JSON.parse(await readFile(join(env.configDir, 'providers.json'), 'utf8')) as Record<string, unknown>[];
  providers[1]!.responseMode = 'form_post';
  await writeFile(join(env.configDir, 'providers.json'), JSON.stringify(providers));
  await server.append('alice', 'INBOX', buildMessage({ subject: 'For alice' }));
});

afterAll(async () => {
  await server?.stop();
  await oauth?.stop();
  await env?.remove();
});

/** A port nothing listens on: bound once by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const pin = () => ['--trust-fingerprint', server.certFingerprint256];

describe('accounts add --oauth', () => {
  it('prints the sign-in address, stores the refresh token after the redirect, and check logs in with a token', async () => {
    const added = await addOAuthAccount(env, ['--name', 'Work', '--oauth', 'testidp', '--user', 'alice', ...pin()]);
    expect(added.code, added.stderr).toBe(0);
    const url = new URL(added.url!);
    expect(url.origin).toBe(oauth.url);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(url.searchParams.get('login_hint')).toBe('alice');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(added.page).toMatchObject({ status: 200 });
    expect(added.stdout).toMatch(/Added account "Work" \(alice at 127\.0\.0\.1:\d+, tls\), signed in with testidp/);

    const config = await readFile(join(env.configDir, 'config.json'), 'utf8');
    expect(JSON.parse(config).accounts[0]).toMatchObject({ name: 'Work', user: 'alice', oauth: { provider: 'testidp' } });
    const stored = JSON.parse(await readFile(join(env.configDir, 'secrets.json'), 'utf8')) as { passwords: Record<string, string> };
    expect(oauth.issuedSecrets()).toContain(stored.passwords.Work);
    for (const secret of oauth.issuedSecrets()) expect(config).not.toContain(secret);

    const refreshesBefore = oauth.stats.refreshGrants;
    const check = await runHost(env, ['check', 'Work', '--json']);
    expect(check.stderr).toBe('');
    expect(JSON.parse(check.stdout).folders).toEqual([{ path: 'INBOX', unseen: 1, total: 1 }]);
    // One refresh for this one-shot command; the rotated refresh token replaced the old one in the store.
    expect(oauth.stats.refreshGrants).toBe(refreshesBefore + 1);
    const rotated = JSON.parse(await readFile(join(env.configDir, 'secrets.json'), 'utf8')) as { passwords: Record<string, string> };
    expect(rotated.passwords.Work).not.toBe(stored.passwords.Work);
    expect((await runHost(env, ['check', 'Work', '--json'])).code).toBe(0);

    // doctor logs in the way the session does: with a token made from the stored refresh token, not as a password.
    const doctor = JSON.parse((await runHost(env, ['doctor', '--json'])).stdout) as { checks: { subject: string; status: string; detail: string }[] };
    expect(doctor.checks.find((check) => check.subject === 'account Work')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/logs in$/) });
  });

  it('treats an unreachable token endpoint as a retry, not as "sign in again"', async () => {
    const path = join(env.configDir, 'providers.json');
    const original = await readFile(path, 'utf8');
    const providers = JSON.parse(original) as Record<string, unknown>[];
    const closed = await closedPort();
    providers[0]!.tokenUrl = `http://127.0.0.1:${closed}/token`;
    await writeFile(path, JSON.stringify(providers));
    try {
      const check = await runHost(env, ['check', 'Work']);
      expect(check.code).toBe(1);
      expect(check.stderr).toBe(`mailbadge: Cannot reach testidp's sign-in server 127.0.0.1:${closed} (fetch failed (ECONNREFUSED)); retrying.\n`);
    } finally {
      await writeFile(path, original);
    }
    expect((await runHost(env, ['check', 'Work', '--json'])).code).toBe(0);
  });

  it('takes the code from a form_post as well', async () => {
    const added = await addOAuthAccount(env, ['--name', 'Posted', '--oauth', 'postidp', '--user', 'alice', ...pin()]);
    expect(added.code, added.stderr).toBe(0);
    expect(new URL(added.url!).searchParams.get('response_mode')).toBe('form_post');
    expect((await runHost(env, ['check', 'Posted', '--json'])).code).toBe(0);
  });

  it('adds nothing when the token is for another user than the account names', async () => {
    // The sign-in in the browser chose bob; the account says alice: Dovecot refuses bob's token for alice.
    const added = await addOAuthAccount(env, ['--name', 'Mixed', '--oauth', 'testidp', '--user', 'alice', ...pin()], async (url) => {
      const asBob = new URL(url);
      asBob.searchParams.set('login_hint', 'bob');
      return approveSignIn(asBob.href);
    });
    expect(added.code).toBe(1);
    expect(added.stderr).toMatch(/rejected the sign-in of alice\. Sign in again, with the account alice\. The account was not added\./);
    expect((await runHost(env, ['accounts', 'list', '--json'])).stdout).not.toContain('Mixed');
  });

  it('says "sign in again" once the grant is revoked, after one refused refresh', async () => {
    await addOAuthAccount(env, ['--name', 'Bob', '--oauth', 'testidp', '--user', 'bob', ...pin()]);
    oauth.revokeUser('bob');
    const failedBefore = oauth.stats.failedRefreshes;
    const check = await runHost(env, ['check', 'Bob']);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/testidp no longer accepts the sign-in of "Bob" \(invalid_grant: .*\)\. Sign in again\./);
    expect(oauth.stats.failedRefreshes).toBe(failedBefore + 1);
  });

  it('fails clearly for an unknown provider and for a bad providers.json', async () => {
    const unknown = await runHost(env, ['accounts', 'add', '--name', 'X', '--oauth', 'nosuch', '--user', 'alice']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/There is no OAuth2 provider named "nosuch" \(known: google, microsoft, testidp, postidp\)/);

    const broken = await makeConfigDir();
    try {
      await writeFile(join(broken.configDir, 'providers.json'), JSON.stringify([oauth.provider('corp', { tokenUrl: 'http://idp.example.com/token' })]));
      const result = await runHost(broken, ['discover', 'a@b.example']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/providers\.json: entry 0 \("corp"\), field tokenUrl: must be an https:\/\/ address/);
    } finally {
      await broken.remove();
    }
  });

  it('says which build variable is missing when a built-in provider has no client ID', async () => {
    const result = await runHost(env, ['accounts', 'add', '--name', 'G', '--oauth', 'google', '--user', 'someone@gmail.com']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot sign in with Google: it was built without MAILBADGE_GOOGLE_CLIENT_ID/);
  });
});
