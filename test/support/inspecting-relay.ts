// A TLS relay that reads the commands passing through (it terminates TLS with its own certificate, which the test
// account pins, and speaks TLS to the real server), so a test can cut a connection right after a given command.
import { connect, createServer, type Server, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { TestCertificate } from './test-certificates';

export interface InspectingRelay {
  port: number;
  /** Cuts the next connection that sends something matching `pattern`, right after it reached the server. */
  cutWhenClientSends(pattern: RegExp): Promise<void>;
  dropAll(): void;
  close(): Promise<void>;
}

/** `hide`: a capability the relay strips from the server's answers, so the incoming works as with a server without it. */
export async function startInspectingRelay(targetHost: string, targetPort: number, certificate: TestCertificate, hide?: string): Promise<InspectingRelay> {
  // Only capability lists are touched; the tests' messages never contain the word, so no literal changes length.
  const strip = hide ? (chunk: Buffer) => Buffer.from(chunk.toString('latin1').replace(new RegExp(` ${hide}(?=[ \\]\r])`, 'g'), ''), 'latin1') : (chunk: Buffer) => chunk;
  const sockets = new Set<TLSSocket>();
  let trigger: { pattern: RegExp; fire(): void } | undefined;
  const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (incoming) => {
    const upstream = connect({ host: targetHost, port: targetPort, rejectUnauthorized: false });
    sockets.add(incoming).add(upstream);
    const done = () => {
      incoming.destroy();
      upstream.destroy();
      sockets.delete(incoming);
      sockets.delete(upstream);
    };
    incoming.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (trigger?.pattern.test(chunk.toString('latin1'))) {
        const fired = trigger;
        trigger = undefined;
        setTimeout(() => {
          done();
          fired.fire();
        }, 5);
      }
    });
    upstream.on('data', (chunk: Buffer) => incoming.write(strip(chunk)));
    for (const socket of [incoming, upstream]) {
      socket.on('error', done);
      socket.on('close', done);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cutWhenClientSends: (pattern) => new Promise((resolve) => (trigger = { pattern, fire: resolve })),
    dropAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
