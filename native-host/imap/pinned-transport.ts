// The socket for an account with a pinned certificate: TLS that accepts exactly that certificate, whatever its chain,
// dates or names, and nothing else, checked before imapflow reads a byte or sends its password.
//
// Node cannot be told "trust this one leaf": a pinned certificate as the only trust anchor still fails for one from
// a private authority (Node accepts no partial chains) and for an expired one (dates are checked on the anchor too).
// So the handshake runs without Node's verification, and the pin check takes its place: imapflow's `transport`
// option (public API) lets us hand it the socket only once that check passed, for implicit TLS and for STARTTLS.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { ImapTransport, ImapTransportOptions } from 'imapflow';
import { HostError } from '../errors';

/** The error for a server that shows another certificate than the one pinned; names the one it showed. */
export function pinMismatch(where: string, seen: string): HostError {
  return new HostError(
    'TLS_PIN_MISMATCH',
    `The certificate of ${where} changed since you trusted it (now ${seen}). ` +
      'If your provider announced a new certificate, trust the new fingerprint; otherwise do not connect.',
    seen,
  );
}

export function pinnedTransport(pin: string, where: string): ImapTransport {
  return {
    connect(options, onConnect) {
      if (!options.secure) {
        const socket = netConnect({ host: options.host, port: options.port });
        socket.once('connect', onConnect);
        return socket;
      }
      return secure(tlsOptions(options), pin, where, onConnect);
    },
    upgrade(socket, options, onSecure) {
      return secure({ ...tlsOptions(options), socket: socket as Socket }, pin, where, onSecure);
    },
  };
}

function tlsOptions(options: ImapTransportOptions): ConnectionOptions {
  return {
    ...options.tls,
    host: options.host,
    port: options.port,
    ...(options.servername ? { servername: options.servername } : {}),
    // The pin below is the whole of the trust decision: chain, dates and name are not what the user vouched for.
    rejectUnauthorized: false,
  };
}

/** Completes the handshake, then either hands the socket on (the pin matches) or destroys it with TLS_PIN_MISMATCH. */
function secure(options: ConnectionOptions, pin: string, where: string, ready: () => void): TLSSocket {
  const socket = tlsConnect(options);
  socket.once('secureConnect', () => {
    const seen = socket.getPeerCertificate().fingerprint256;
    if (seen && seen === pin) ready();
    else socket.destroy(seen ? pinMismatch(where, seen) : new HostError('TLS_FAILED', `${where} presented no certificate.`));
  });
  return socket;
}
