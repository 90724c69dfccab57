// Opens one authenticated IMAP session for an account under our TLS policy, turning failures into clear HostErrors.
import type { ConnectionOptions } from 'node:tls';
import { ImapFlow } from 'imapflow';
import type { AccountSettings } from '../../lib/account';
import { HostError } from '../errors';
import { assertImapflowSupported } from './imapflow';
import { probeServerCertificate, serverName } from './certificate-probe';
import { watchConnection, withDeadline } from './connection-guard';
import { IMAP_LIMITS, quietLimitMs } from './limits';
import { networkError } from './network-errors';
import { pinnedTransport } from './pinned-transport';
import { starttlsRefusal } from './starttls-refusal';

/** Node's codes for a certificate chain or name that does not verify. */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface SessionOptions {
  /** Extra imapflow options (timeouts, auto-idle) chosen by the caller. */
  connectionTimeout?: number;
  disableAutoIdle?: boolean;
  maxIdleTime?: number;
  /** How long the connection waits, idle, before entering IDLE (imapflow's default is 15 s). */
  autoIdleDelay?: number;
}

/** How the session logs in: a password, or an OAuth2 access token (imapflow picks OAUTHBEARER, else XOAUTH2). */
export type ImapLogin = { password: string } | { accessToken: string };

export async function openImapSession(account: AccountSettings, login: ImapLogin | string, options: SessionOptions = {}): Promise<ImapFlow> {
  const credential = typeof login === 'string' ? { password: login } : login;
  const tls = tlsOptionsFor(account);
  const where = `${account.host}:${account.port}`;
  // A pinned certificate replaces Node's verification (chain, dates, name) by the pin check: see pinned-transport.ts.
  const pinned = account.trustFingerprint ? { transport: pinnedTransport(account.trustFingerprint, where) } : {};
  const client = new ImapFlow({
    ...pinned,
    host: account.host,
    port: account.port,
    secure: account.security === 'tls',
    // STARTTLS is required, never opportunistic: a server that does not offer it is a failure, not a downgrade.
    doSTARTTLS: account.security === 'starttls' ? true : undefined,
    auth: 'accessToken' in credential ? { user: account.user, accessToken: credential.accessToken } : { user: account.user, pass: credential.password },
    // imapflow's default logger writes to stdout, which belongs to native-messaging frames.
    logger: false,
    tls,
    connectionTimeout: options.connectionTimeout ?? 20_000,
    greetingTimeout: 15_000,
    disableAutoIdle: options.disableAutoIdle,
    maxIdleTime: options.maxIdleTime,
    autoIdleDelay: options.autoIdleDelay,
    // What a server may send and how long it may stay silent while it owes an answer: see limits.ts.
    socketTimeout: quietLimitMs(),
    maxLineLength: IMAP_LIMITS.maxLineBytes,
    maxLiteralSize: IMAP_LIMITS.maxLiteralBytes,
    maxResponseSize: IMAP_LIMITS.maxResponseBytes,
    maxResponseTokens: IMAP_LIMITS.maxResponseTokens,
  });
  // Before any byte goes out: an imapflow without the internals Mailbadge uses fails here, clearly, not mid-session.
  assertImapflowSupported(client);
  // Listening also means a late socket error cannot crash the process; the first error explains a dropped session.
  watchConnection(client, where);
  try {
    await withDeadline(client, where, () => client.connect(), quietLimitMs());
  } catch (error) {
    client.close();
    throw await describeConnectError(error, account, 'accessToken' in credential, client.capabilities);
  }
  return client;
}

function tlsOptionsFor(account: AccountSettings): ConnectionOptions {
  return { minVersion: 'TLSv1.2', ...serverName(account.host) };
}

interface ImapflowError {
  code?: string;
  message?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
}

async function describeConnectError(error: unknown, account: AccountSettings, withToken: boolean, capabilities: { has(name: string): boolean }): Promise<HostError> {
  if (error instanceof HostError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as ImapflowError;
  const where = `${account.host}:${account.port}`;
  // [UNAVAILABLE] is the server failing to check the login (its auth backend is down), not a refusal: retry.
  if (e.authenticationFailed && e.serverResponseCode?.toUpperCase() === 'UNAVAILABLE') {
    return new HostError('CONNECT_FAILED', `${where} could not check the login just now (temporary authentication failure); retrying.`);
  }
  if (e.authenticationFailed && withToken) {
    return new HostError('AUTH_FAILED', `${where} rejected the sign-in of ${account.user}. Sign in again, with the account ${account.user}.`);
  }
  if (e.authenticationFailed) {
    return new HostError(
      'AUTH_FAILED',
      `${where} rejected the password for ${account.user}. Update the password (options page, or \`accounts add --password-stdin\`).`,
    );
  }
  if (e.code && UNTRUSTED_CERTIFICATE_CODES.has(e.code)) return await untrustedCertificate(account, e.code);
  const starttls = starttlsRefusal(e, capabilities, where);
  if (starttls) return starttls;
  const network = networkError(e.code, where);
  if (network) return network;
  if (e.code?.startsWith('ERR_SSL') || e.code?.startsWith('ERR_TLS')) {
    return new HostError('TLS_FAILED', `TLS with ${where} failed (${e.code}). Check that the port and security setting match the server.`);
  }
  const said = sanitizeServerText(e.responseText ?? e.message ?? 'unknown error');
  return new HostError('IMAP_ERROR', `${where} refused the session: ${said}`);
}

async function untrustedCertificate(account: AccountSettings, reason: string): Promise<HostError> {
  const where = `${account.host}:${account.port}`;
  let fingerprint: string | undefined;
  try {
    fingerprint = (await probeServerCertificate(account.host, account.port, account.security)).fingerprint256;
  } catch {
    fingerprint = undefined;
  }
  const how = fingerprint
    ? ` If you know this server uses its own certificate, trust its SHA-256 fingerprint ${fingerprint} for this account (--trust-fingerprint).`
    : '';
  return new HostError('TLS_UNTRUSTED', `The certificate of ${where} is not trusted (${reason}).${how}`, fingerprint);
}

/** Server text is untrusted: keep it short and printable. */
export function sanitizeServerText(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\uffff]/g, ' ').slice(0, 300);
}
