// Reads a server's TLS certificate without trusting it, so the user can be shown its fingerprint and choose to pin it.
// The probe only completes a handshake and hangs up: it never sends credentials or any IMAP command but STARTTLS.
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { Security } from '../../lib/account';
import { HostError } from '../errors';
import { networkError } from './network-errors';

export interface ServerCertificate {
  pem: string;
  fingerprint256: string;
  /** Whether the certificate verifies against the system's authorities for this host name. */
  trustedBySystem: boolean;
  /** Issued by itself: it is then its own whole chain. */
  selfSigned: boolean;
  subject: string;
}

const PROBE_TIMEOUT_MS = 10_000;

export async function probeServerCertificate(host: string, port: number, security: Security): Promise<ServerCertificate> {
  const plain = security === 'starttls' ? await startTlsNegotiation(host, port) : undefined;
  // Inspection needs the certificate even when verification fails; trust is decided by the caller from the fingerprint.
  const options: ConnectionOptions = { host, port, rejectUnauthorized: false, ...serverName(host) };
  if (plain) options.socket = plain;
  return await new Promise<ServerCertificate>((resolve, reject) => {
    const socket: TLSSocket = tlsConnect(options);
    const timer = setTimeout(() => fail(new HostError('TIMEOUT', `${host}:${port} did not finish the TLS handshake in time.`)), PROBE_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      const where = `${host}:${port}`;
      reject(
        error instanceof HostError
          ? error
          : (networkError((error as NodeJS.ErrnoException).code, where) ?? new HostError('TLS_FAILED', `TLS with ${where} failed (${error.message}).`)),
      );
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const peer = socket.getPeerCertificate(true);
      socket.destroy();
      if (!peer?.raw) return reject(new HostError('TLS_FAILED', `${host}:${port} presented no certificate.`));
      const certificate = new X509Certificate(peer.raw);
      resolve({
        pem: certificate.toString(),
        fingerprint256: certificate.fingerprint256,
        trustedBySystem: socket.authorized,
        selfSigned: certificate.checkIssued(certificate),
        subject: certificate.subject.replace(/\n/g, ', '),
      });
    });
  });
}

export function serverName(host: string): { servername?: string } {
  // SNI must not carry an IP address.
  return isIP(host.replace(/^\[|\]$/g, '')) ? {} : { servername: host };
}

/** Plain connection up to the server's OK to STARTTLS, ready to be wrapped in TLS. */
async function startTlsNegotiation(host: string, port: number): Promise<Socket> {
  const socket = netConnect({ host, port });
  let received = '';
  const waitFor = (pattern: RegExp, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new HostError('TIMEOUT', `${host}:${port} did not answer ${what} in time.`)), PROBE_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (received.length > 16_384) return done(new HostError('IMAP_ERROR', `${host}:${port} sent an oversized reply to ${what}.`));
        if (pattern.test(received)) done();
        else if (/^a1 (NO|BAD)/m.test(received)) done(new HostError('STARTTLS_UNAVAILABLE', `${host}:${port} refused STARTTLS; use port 993 with TLS instead.`));
      };
      const onError = (error: NodeJS.ErrnoException) =>
        done(networkError(error.code, `${host}:${port}`) ?? new HostError('CONNECT_FAILED', `Cannot reach ${host}:${port} (${error.message}).`));
      const done = (error?: Error) => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('error', onError);
        if (error) {
          socket.destroy();
          reject(error);
        } else resolve();
      };
      socket.on('data', onData);
      socket.once('error', onError);
    });
  await waitFor(/^\* (OK|PREAUTH)[^\n]*\n/m, 'the greeting');
  received = '';
  socket.write('a1 STARTTLS\r\n');
  await waitFor(/^a1 OK[^\n]*\n/m, 'STARTTLS');
  return socket;
}
