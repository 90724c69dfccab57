// An OAuth2 account added the way the options page does it, over the real native-messaging host: discover, startSignIn,
// the browser's part, testAccount and saveAccount by sign-in id. No frame on the port, nor the host's stderr, nor any
// file it wrote outside the secret store holds a code or a token.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { makeConfigDir } from '../support/host';
import { buildMessage } from '../support/mail';
import { NativeClient } from '../support/native-client';
import { writeProviders } from '../support/oauth-host';
import { startOAuthServer, type MockOAuthServer } from '../support/oauth-server';
import { approveSignIn } from '../support/sign-in-browser';

let oauth: MockOAuthServer;
let server: DovecotServer;
let env: Awaited<ReturnType<typeof makeConfigDir>>;
let client: NativeClient;

beforeAll(async () => {
  oauth = await startOAuthServer();
  server = await startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl } });
  env = await makeConfigDir();
  await writeProviders(env, oauth, server, ['corp'], { domains: ['corp.test'], label: 'Corp SSO' });
  await server.append('alice', 'INBOX', buildMessage({ subject: 'Hello' }));
  client = new NativeClient(env);
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
  await oauth?.stop();
  await env?.remove();
});

let nextId = 0;
async function ask<T = Record<string, unknown>>(request: Record<string, unknown>, timeoutMs = 10_000): Promise<T> {
  const id = `r${++nextId}`;
  client.send({ ...request, id });
  return await client.waitFor<T>((m) => m.id === id, timeoutMs);
}

describe('OAuth2 over the native-messaging port', () => {
  it('discovers, signs in, tests and saves by sign-in id, then watches the account', async () => {
    await ask({ type: 'hello', extensionVersion: '0.1.0' });
    const found = await ask({ type: 'discover', address: 'alice@corp.test' });
    expect(found).toMatchObject({
      type: 'discovered',
      host: server.host,
      port: server.imapsPort,
      security: 'tls',
      source: 'provider',
      oauth: { provider: 'corp', label: 'Corp SSO', available: true },
    });

    const started = await ask<{ type: string; signIn: string; url: string }>({ type: 'startSignIn', provider: 'corp', user: 'alice' });
    expect(started.type).toBe('signInStarted');
    expect((await approveSignIn(started.url)).status).toBe(200);
    const finished = await client.waitFor((m) => m.type === 'signInFinished' && m.signIn === started.signIn);
    expect(finished).toEqual({ type: 'signInFinished', signIn: started.signIn });

    const settings = { name: 'Corp', host: server.host, port: server.imapsPort, security: 'tls', user: 'alice', folders: ['INBOX'], trustFingerprint: server.certFingerprint256, oauth: { provider: 'corp' } };
    expect(await ask({ type: 'testAccount', settings, signIn: started.signIn })).toMatchObject({ type: 'folders' });
    expect(await ask({ type: 'saveAccount', settings, signIn: started.signIn })).toMatchObject({ type: 'ok' });
    await client.waitFor((m) => m.type === 'folderCounts' && m.account === 'Corp' && JSON.stringify(m.folders).includes('"unseen":1'));

    // The sign-in id was used up by the save: it cannot be used again.
    expect(await ask({ type: 'saveAccount', settings: { ...settings, name: 'Again' }, signIn: started.signIn })).toMatchObject({
      type: 'error',
      problem: { code: 'SIGN_IN_REQUIRED' },
    });
  });

  it('reports a sign-in refused in the browser as SIGN_IN_FAILED, and a wrong state is not taken', async () => {
    const started = await ask<{ signIn: string; url: string }>({ type: 'startSignIn', provider: 'corp', user: 'alice' });
    const redirect = new URL(new URL(started.url).searchParams.get('redirect_uri')!);
    const state = new URL(started.url).searchParams.get('state')!;
    // Another page guessing at the listener gets nothing; the sign-in goes on waiting.
    expect((await fetch(new URL(`?code=forged&state=not-ours`, redirect))).status).toBe(400);
    expect((await fetch(new URL(`?error=access_denied&error_description=The+user+said+no&state=${state}`, redirect))).status).toBe(400);
    const finished = await client.waitFor<{ problem: { code: string; message: string } }>((m) => m.type === 'signInFinished' && m.signIn === started.signIn);
    expect(finished.problem).toEqual({ code: 'SIGN_IN_FAILED', message: 'The sign-in was refused in the browser (access_denied: The user said no).' });
  });

  it('never lets a code or a token out: port frames, stderr and the config directory (but the secret file) are clean', async () => {
    const secrets = oauth.issuedSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const frames = JSON.stringify(client.messages);
    const files = await readdir(env.configDir);
    const written = await Promise.all(files.filter((f) => f !== 'secrets.json').map((f) => readFile(join(env.configDir, f), 'utf8')));
    for (const secret of secrets) {
      expect(frames.includes(secret), 'a native-messaging frame').toBe(false);
      expect(client.stderr.includes(secret), 'the host stderr').toBe(false);
      for (const [i, text] of written.entries()) expect(text.includes(secret), files.filter((f) => f !== 'secrets.json')[i]).toBe(false);
    }
    // The secret file holds the account's current refresh token, which the server issued.
    const stored = JSON.parse(await readFile(join(env.configDir, 'secrets.json'), 'utf8')) as { passwords: Record<string, string> };
    expect(secrets).toContain(stored.passwords.Corp);
  });
});
