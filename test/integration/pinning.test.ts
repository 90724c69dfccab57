// What a pinned certificate means: this exact certificate is accepted for this account, whatever its chain or dates,
// with the name check replaced by the pin check; any other certificate is "changed", and gets no password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthy } from '../support/hostile-scenarios';
import { startHostileServer, type HostileServer } from '../support/hostile-imap-server';
import { makeConfigDir, runHost } from '../support/host';
import { makeCertificate, type TestCertificate } from '../support/test-certificates';

let env: Awaited<ReturnType<typeof makeConfigDir>>;
const certificates: Partial<Record<'selfSigned' | 'expired' | 'privateCa' | 'other', TestCertificate>> = {};
const servers: HostileServer[] = [];

beforeAll(async () => {
  env = await makeConfigDir();
  [certificates.selfSigned, certificates.expired, certificates.privateCa, certificates.other] = await Promise.all(
    (['self-signed', 'expired', 'private-ca', 'self-signed'] as const).map((kind) => makeCertificate(kind)),
  );
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await env?.remove();
});

async function serve(presented: TestCertificate[], security: 'tls' | 'starttls' = 'tls'): Promise<HostileServer> {
  const server = await startHostileServer({ scenario: healthy, security, certificates: presented });
  servers.push(server);
  return server;
}

async function addAccount(name: string, server: HostileServer, pin?: string): Promise<void> {
  const args = ['accounts', 'add', '--name', name, '--host', '127.0.0.1', '--port', String(server.port), '--security', server.security, '--user', 'alice', '--password-stdin'];
  if (pin) args.push('--trust-fingerprint', pin);
  const added = await runHost(env, args, 'pinned-secret');
  expect(added.code, added.stderr).toBe(0);
}

async function check(name: string) {
  return await runHost(env, ['check', name, '--json']);
}

describe('a pinned certificate', () => {
  it.each([
    ['self-signed, implicit TLS', 'selfSigned', 'tls'],
    ['self-signed, STARTTLS', 'selfSigned', 'starttls'],
    ['issued by a private authority', 'privateCa', 'tls'],
    ['issued by a private authority, STARTTLS', 'privateCa', 'starttls'],
    ['expired', 'expired', 'tls'],
  ] as const)('is accepted when %s', async (label, which, security) => {
    const certificate = certificates[which]!;
    const server = await serve([certificate], security);
    const name = `pinned ${label}`.replace(/[^A-Za-z0-9 ]/g, ' ');
    await addAccount(name, server, certificate.fingerprint256);
    const result = await check(name);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ folders: [{ path: 'INBOX', unseen: 2, total: 2 }] });
  });

  it('is still needed: unpinned, a private authority is refused with the fingerprint to pin', async () => {
    const server = await serve([certificates.privateCa!]);
    await addAccount('unpinned', server);
    const result = await check('unpinned');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(certificates.privateCa!.fingerprint256);
    expect(server.received.join('\n')).not.toMatch(/LOGIN|pinned-secret/);
  });

  it.each(['tls', 'starttls'] as const)('refuses any other certificate as changed, naming the one seen, and sends no password (%s)', async (security) => {
    const server = await serve([certificates.other!], security);
    await addAccount(`wrong pin ${security}`, server, certificates.selfSigned!.fingerprint256);
    const result = await check(`wrong pin ${security}`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/changed since you trusted it \(now ([0-9A-F:]+)\)/);
    expect(result.stderr).toContain(certificates.other!.fingerprint256);
    expect(server.received.join('\n')).not.toMatch(/LOGIN|pinned-secret/);
  });

  it('calls a server that alternates between two certificates "changed", never offering the pinned one again', async () => {
    const server = await serve([certificates.selfSigned!, certificates.other!]);
    await addAccount('alternating', server, certificates.selfSigned!.fingerprint256);
    const results = [await check('alternating'), await check('alternating'), await check('alternating')];
    const failures = results.filter((result) => result.code !== 0);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure.stderr).toMatch(/changed since you trusted it/);
      expect(failure.stderr).toContain(certificates.other!.fingerprint256);
      expect(failure.stderr).not.toContain(certificates.selfSigned!.fingerprint256);
    }
  });
});
