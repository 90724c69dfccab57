// STARTTLS is required, never opportunistic: a server (or a man in the middle) that does not offer it gets no password.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfigDir, runHost } from '../support/host';

/** A plaintext IMAP responder that never offers STARTTLS, as a downgrade attack would look. It records what clients send. */
function startStrippingServer(received: string[]): Promise<Server> {
  const server = createServer((socket) => {
    socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n');
    socket.on('data', (chunk) => {
      for (const line of chunk.toString().split('\r\n').filter(Boolean)) {
        received.push(line);
        const tag = line.split(' ')[0];
        if (/ CAPABILITY$/i.test(line)) socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
        else if (/ STARTTLS$/i.test(line)) socket.write(`${tag} BAD not supported\r\n`);
        else socket.write(`${tag} OK whatever\r\n`);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('STARTTLS policy', () => {
  const received: string[] = [];
  let server: Server;
  let env: Awaited<ReturnType<typeof makeConfigDir>>;

  beforeAll(async () => {
    server = await startStrippingServer(received);
    env = await makeConfigDir();
  });
  afterAll(async () => {
    server?.close();
    await env?.remove();
  });

  it('fails with a clear error when the server does not offer STARTTLS, and never sends the password', async () => {
    const port = (server.address() as AddressInfo).port;
    const add = await runHost(
      env,
      ['accounts', 'add', '--name', 'Plain', '--host', '127.0.0.1', '--port', String(port), '--security', 'starttls', '--user', 'alice', '--password-stdin'],
      'alice-secret',
    );
    expect(add.code).toBe(0);
    const result = await runHost(env, ['check', 'Plain']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/does not offer STARTTLS/);
    expect(received.join('\n')).not.toMatch(/LOGIN|AUTHENTICATE|alice-secret/i);
  });
});
