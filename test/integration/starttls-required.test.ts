// STARTTLS is required, never opportunistic: a server (or a man in the middle) that does not offer it gets no password.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfigDir, runHost } from '../support/host';

/** How the plaintext responder dodges STARTTLS, as a downgrade attack would. */
type Dodge = 'not-offered' | 'preauth' | 'refused';

/** A plaintext IMAP responder that never lets TLS start. It records what clients send. */
function startStrippingServer(dodge: Dodge, received: string[]): Promise<Server> {
  const capability = dodge === 'not-offered' ? 'IMAP4rev1 AUTH=PLAIN' : 'IMAP4rev1 STARTTLS AUTH=PLAIN';
  const server = createServer((socket) => {
    socket.write(dodge === 'preauth' ? `* PREAUTH [CAPABILITY ${capability}] logged in already\r\n` : `* OK [CAPABILITY ${capability}] ready\r\n`);
    socket.on('data', (chunk) => {
      for (const line of chunk.toString().split('\r\n').filter(Boolean)) {
        received.push(line);
        const tag = line.split(' ')[0];
        if (/ CAPABILITY$/i.test(line)) socket.write(`* CAPABILITY ${capability}\r\n${tag} OK done\r\n`);
        else if (/ STARTTLS$/i.test(line)) socket.write(`${tag} ${dodge === 'refused' ? 'NO not today' : 'BAD not supported'}\r\n`);
        else socket.write(`${tag} OK whatever\r\n`);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('STARTTLS policy', () => {
  let env: Awaited<ReturnType<typeof makeConfigDir>>;
  const servers: Server[] = [];

  beforeAll(async () => {
    env = await makeConfigDir();
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await env?.remove();
  });

  it.each([
    ['not-offered', /does not offer STARTTLS/],
    ['preauth', /said the session is already logged in \(PREAUTH\) without encryption/],
    ['refused', /offers STARTTLS but refused it/],
  ] as const)('fails with a clear error when STARTTLS is %s, and never sends the password', async (dodge, expected) => {
    const received: string[] = [];
    const server = await startStrippingServer(dodge, received);
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    const add = await runHost(
      env,
      ['accounts', 'add', '--name', dodge, '--host', '127.0.0.1', '--port', String(port), '--security', 'starttls', '--user', 'alice', '--password-stdin'],
      'alice-secret',
    );
    expect(add.code).toBe(0);
    const result = await runHost(env, ['check', dodge]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(received.join('\n')).not.toMatch(/LOGIN|AUTHENTICATE|alice-secret/i);
  });
});
